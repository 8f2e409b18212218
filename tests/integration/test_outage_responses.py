"""The answers of config/outage.py and config/health.py, each way in.

The real outage (PostgreSQL restarted under load) is test_fault_postgres_restart.py; here each
entry point is handed the exception psycopg's failure becomes, to pin the format: the API's
handler (ninja would answer a 500 itself with DEBUG on), the middleware (pages), handler500
(a failure outside any view), and what is logged.
"""

from __future__ import annotations

import json
import logging

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from config import outage
from config.api import api

PHONE = "13893512345"


def post(path: str):
    return RequestFactory().post(f"{path}?phone={PHONE}", data={"consumer_name": "李四"},
                                 content_type="application/json")


def test_the_api_answers_503_in_its_error_format_even_with_debug_on(settings):
    settings.DEBUG = True  # ninja's catch-all would render a traceback page as a 500
    response = api.on_exception(post("/api/v1/complaints"), OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.SANBAO_OUTAGE_RETRY_AFTER)
    body = json.loads(response.content)
    assert body["code"] == "service_unavailable" and body["message"]
    assert body["data"] == {"retry_after": settings.SANBAO_OUTAGE_RETRY_AFTER}


def test_a_page_answers_a_short_503_page_that_needs_no_database():
    middleware = outage.DatabaseOutageMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/verify/"), InterfaceError("closed"))
    assert response.status_code == 503 and response["Retry-After"].isdigit()
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'id="unavailable"' in html and 'lang="zh-CN"' in html and "/static/sanbao" in html
    assert middleware.process_exception(RequestFactory().get("/verify/"), ValueError("bug")) is None


def test_handler500_answers_503_for_an_outage_outside_a_view_and_500_otherwise():
    request = RequestFactory().get("/complaints/track/")
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError:
        assert outage.server_error(request).status_code == 503
    try:
        raise KeyError("a bug")
    except KeyError:
        assert outage.server_error(request).status_code == 500


def test_the_log_line_names_the_fault_and_path_but_no_request_data(caplog):
    with caplog.at_level(logging.WARNING, logger="sanbao.outage"):
        outage.outage_response(post("/api/v1/complaints"), OperationalError(f"detail quoting {PHONE}"))
    assert [r.getMessage() for r in caplog.records] == [
        "database unavailable: OperationalError (sqlstate -) on POST /api/v1/complaints"]
    assert PHONE not in caplog.text and "李四" not in caplog.text


@pytest.mark.django_db
def test_probes_answer_ok_with_postgres_and_redis(client, redis_conn):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in ready["Cache-Control"]


@pytest.mark.django_db
def test_readiness_fails_while_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready["Retry-After"].isdigit()
    assert ready.json() == {"status": "unavailable", "database": "ok", "redis": "down"}
    assert client.get("/healthz").status_code == 200  # liveness does not depend on it
