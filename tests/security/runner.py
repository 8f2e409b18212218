"""One entry's request made as one persona, through the whole middleware stack, and the verdict."""

from __future__ import annotations

import json
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.test import Client

from .matrix import Outcome, Redirect, Route
from .world import World

REDIRECT_CODES = {301, 302, 303, 307, 308}


def request_as(world: World, route: Route, persona: str):
    """The persona's browser or API client: its session cookie, its headers (X-API-Key,
    X-Consumer-Phone) and its own address, on every request, as a real client would send them."""
    creds = world.personas[persona]
    client = Client(REMOTE_ADDR=creds.remote_addr, **creds.headers)
    if creds.session:
        client.cookies[settings.SESSION_COOKIE_NAME] = creds.session
    path = route.path.format(**{k: world.value(v) for k, v in route.params.items()})
    query = world.value(dict(route.query or {}))
    body = route.body(world) if callable(route.body) else world.value(route.body)
    if route.method == "GET":
        return client.get(path, query)
    if query:
        path = f"{path}?{urlencode(query, doseq=True)}"
    if route.multipart or not path.startswith("/api/"):
        return client.generic(route.method, path, **_form(client, body))
    return client.generic(route.method, path, json.dumps(body if body is not None else {}),
                          content_type="application/json")


def _form(client: Client, body) -> dict:
    """Form fields (and files) encoded as a browser posts them."""
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    boundary = "MatrixBoundary"
    return {"data": encode_multipart(boundary, body or {}),
            "content_type": f"{MULTIPART_CONTENT.split(';')[0]}; boundary={boundary}"}


def matches(expected: Outcome, response) -> bool:
    if isinstance(expected, Redirect):
        if response.status_code not in REDIRECT_CODES:
            return False
        location = urlsplit(response["Location"]).path
        return location == expected.to if expected.exact else location.startswith(expected.to)
    return response.status_code == expected


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        # Reading it all closes it the test client's way: response.close() here would send
        # request_finished, whose handler closes the database connection in the middle of the
        # module's transaction.
        return b"".join(response.streaming_content)
    return response.content


def described(response, content: bytes) -> str:
    """What came back, in a line: the status, where it redirects, the start of an error."""
    text = f"{response.status_code}"
    if response.status_code in REDIRECT_CODES:
        return f"{text} → {response['Location']}"
    if response.status_code >= 400 and response.get("Content-Type", "").startswith(
            "application/json"):
        return f"{text} {content[:300].decode(errors='replace')}"
    return text
