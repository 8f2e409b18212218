"""Logging filters that keep personal data out of log output (issue 8: never in logs).

`TemplateLookupsWithoutContext`: at DEBUG, django.template logs every variable a template could
not resolve with the exception attached, and that exception's text is the repr of the whole
template context — the request's GET and POST (a phone typed on /verify/, a filing form's name
and address) and every object on the page. The record keeps its message (which variable, which
template); the traceback goes.

`RequestLineWithoutQuery`: the development server (`runserver`, the demo) logs every request line
on django.server, query string included: /verify/?phone=…, /api/v1/geo/geocode?q=<an address>,
/nearest/?lat=…&lon=… (where the consumer is). The path stays; the query becomes "?…".
Installed by `install()` from the platform app's ready(): django.server's handler is Django's
default one, which redefining that logger in settings.LOGGING would remove.
"""

from __future__ import annotations

import logging
import re


class TemplateLookupsWithoutContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


_QUERY = re.compile(r"\?[^\s\"]*")


class RequestLineWithoutQuery(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_QUERY.sub("?…", a) if isinstance(a, str) else a
                                for a in record.args)
        elif isinstance(record.msg, str) and not record.args:
            record.msg = _QUERY.sub("?…", record.msg)
        return True


def install() -> None:
    server = logging.getLogger("django.server")
    if not any(isinstance(f, RequestLineWithoutQuery) for f in server.filters):
        server.addFilter(RequestLineWithoutQuery())
