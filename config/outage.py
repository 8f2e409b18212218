"""The database is unreachable: answer 503 with Retry-After instead of a 500, and recover by itself.

While PostgreSQL restarts, fails over or refuses connections, Django raises OperationalError
(connection refused, "terminating connection due to administrator command", "the database system
is starting up") or InterfaceError (a connection already closed). Those become:

- /api/…: 503 `{code: "service_unavailable", message, data: {retry_after}}`, the API's format;
- pages: 503, a short Chinese (translated) page that touches neither the database nor the session.

Both carry `Retry-After`. Nothing is half-written: every write is one `transaction.atomic` (the
failed transaction is rolled back, by the server if the connection died). Django closes a broken
connection at the end of the request and, with CONN_HEALTH_CHECKS, checks a reused one at the
start of the next, so the app serves again as soon as the database is back, without a restart.
A COMMIT cut off by the outage is the one ambiguous case: the row may exist although the answer
was 503 (PostgreSQL committed, the acknowledgement was lost); it is complete, never partial.

Logged as one warning: the exception's class and SQLSTATE, the method and path — never the
message text (it may quote row values), the query string or the body.

Three ways in, one answer: the middleware's process_exception (views), the API's exception
handler (django-ninja answers exceptions itself when DEBUG is on), and `server_error`
(handler500) for a failure outside any view, e.g. a middleware saving the session.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

log = logging.getLogger("sanbao.outage")

OUTAGE_ERRORS = (OperationalError, InterfaceError)
CODE = "service_unavailable"


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OUTAGE_ERRORS)


def _sqlstate(exc: BaseException) -> str:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(getattr(cause, "diag", None), "sqlstate", None) or "-"


def outage_response(request, exc: BaseException) -> HttpResponse:
    """The 503 for this request: JSON under /api/, a page elsewhere; logged once, without data."""
    retry_after = settings.SANBAO_OUTAGE_RETRY_AFTER
    log.warning("database unavailable: %s (sqlstate %s) on %s %s", type(exc).__name__,
                _sqlstate(exc), request.method, request.path)
    message = _("The service is briefly unavailable. Please try again in a moment.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": CODE, "message": message, "data": {"retry_after": retry_after}},
                                status=503, json_dumps_params={"ensure_ascii": False})
    else:
        html = render_to_string("config/unavailable.html", {"message": message, "retry_after": retry_after})
        response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # Django would log it again as an error, with the request
    return response


def api_outage_handler(request, exc: BaseException) -> HttpResponse:
    """For NinjaAPI.add_exception_handler: the same answer from inside the API."""
    return outage_response(request, exc)


def server_error(request, *args, **kwargs) -> HttpResponse:
    """handler500: a database outage outside a view is still a 503; anything else Django's 500."""
    exc = sys.exc_info()[1]
    if is_outage(exc):
        return outage_response(request, exc)
    return defaults.server_error(request, *args, **kwargs)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if is_outage(exc):
            return outage_response(request, exc)
        return None
