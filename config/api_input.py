"""Text the database cannot hold is refused at the API's door.

PostgreSQL text cannot contain the NUL character (U+0000): a lookup or a write with one fails
with DataError, a 500. No field of this API has a use for it, so a NUL anywhere in an /api/
request's path, query parameters or JSON body is a 422 `validation_error` naming each field that
has one, before any handler or query sees it. (Uploaded files are bytes, not text: multipart
bodies are not read here.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# The largest paging offset a list operation takes: PostgreSQL's OFFSET is a bigint (a larger one
# was a DataError, a 500), and no list here has a billion rows.
MAX_OFFSET = 1_000_000_000
NUL = "\x00"
_JSON_NUL = (b"\x00", b"\\u0000")


def _json_paths(value, path: str = "") -> Iterator[str]:
    """Dotted paths of the strings (keys or values) holding a NUL in parsed JSON."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield path
            yield from _json_paths(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_paths(item, f"{path}.{index}" if path else str(index))


def _body_fields(request) -> list[str]:
    if request.content_type.startswith("multipart/"):
        return []
    body = request.body
    if not any(marker in body for marker in _JSON_NUL):
        return []
    try:
        return list(_json_paths(json.loads(body)))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return [""] if b"\x00" in body else []  # not JSON: the handler says so


def nul_fields(request) -> list[str]:
    """The fields of the request holding a NUL character, in order, each once."""
    fields = ["path"] if NUL in request.path else []
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            fields.append(key.replace(NUL, ""))
    fields += _body_fields(request)
    return list(dict.fromkeys(fields))


class ApiNulGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            fields = nul_fields(request)
            if fields:
                reason = _("Text may not contain the NUL character (U+0000).")
                return JsonResponse(
                    {"code": "validation_error", "message": _("Some input is not valid."),
                     "data": {"errors": [{"field": field, "reason": reason} for field in fields]}},
                    status=422, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
