"""Never in logs, on the error paths (issue 8): a 500's traceback, the text of an input schema's
validation error, the online geocoder's requests and a template's failed variable lookups print
no phone, name or street address, even with every logger of ours and Django's at DEBUG."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pydantic
import pytest
from django.conf import settings
from django.test import Client

from complaints.schemas.filing import ComplaintIn, DeclineIn, PhoneIn, WithdrawIn
from service_net.fraud.api import AppealIn
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.privacy_log_support import (
    LI,
    ZHANG,
    body,
    captured_records,
    found_in,
    process_env,
    set_debug_levels,
)
from tests.integration.test_online_geocoder import UNPLACEABLE, FakeBaidu, as_bd09, minqin_point

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]


def bad_body(consumer) -> dict:
    """Valid personal data beside invalid fields, nested ones too."""
    return body(consumer, purchase_date="2026-13-45", channel=["in_store"],
                report={"facts": f"举报人{consumer.name}，电话{consumer.phone}"},
                repair_charges=[{"item": consumer.street, "amount_yuan": "many"}])


def test_a_500_from_a_schema_error_prints_no_personal_data(settings, caplog, gazetteer):
    set_debug_levels(caplog)
    settings.ROOT_URLCONF = "tests.integration.privacy_urls"
    response = Client(raise_request_exception=False).post(
        "/privacy-test/500/", bad_body(ZHANG), content_type="application/json",
        HTTP_X_CONSUMER_PHONE=ZHANG.phone)
    assert response.status_code == 500
    records = captured_records(caplog)
    assert "Internal Server Error: /privacy-test/500/" in records
    assert "ValidationError" in records and "purchase_date" in records, "the traceback is there"
    assert found_in(records) == []


@pytest.mark.parametrize("schema, data", [
    (ComplaintIn, bad_body(LI)),
    (PhoneIn, {"phone": [LI.phone]}),
    (WithdrawIn, {"phone": LI.phone, "reason": {"text": LI.name}}),
    (DeclineIn, {"phone": LI.phone, "reason": [LI.street]}),
    (AppealIn, {"appellant": LI.name, "contact": LI.phone}),
], ids=["complaint", "phone", "withdraw", "decline", "fraud-appeal"])
def test_validation_errors_of_inputs_with_personal_data_never_quote_the_input(schema, data):
    with pytest.raises(pydantic.ValidationError) as caught:
        schema.model_validate(data)
    printed = "".join(traceback.format_exception(caught.value))
    assert caught.value.errors(), "it did fail, on a named field"
    assert found_in(printed) == []


def test_the_api_422_of_such_input_reaches_the_log_without_it(api, caplog, gazetteer):
    set_debug_levels(caplog)
    response = api.post("/api/v1/complaints", bad_body(ZHANG))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["data"]["errors"]} >= {"purchase_date", "channel"}
    records = captured_records(caplog)
    assert "Unprocessable" in records and found_in(records) == []


@pytest.fixture
def baidu(settings, gazetteer):
    fake = FakeBaidu()
    settings.GEOCODER, settings.BAIDU_API_KEY, settings.BAIDU_API_BASE = "baidu", "test-ak", fake.url
    fake.point = as_bd09(*minqin_point())
    yield fake
    fake.server.shutdown()


def test_the_online_geocoders_requests_are_not_logged(api, caplog, baidu):
    """geopy and urllib3 print each request's URL (the address, the key) at DEBUG: capped at INFO
    in settings.LOGGING, whatever LOG_LEVEL says."""
    set_debug_levels(caplog)
    filed = api.post("/api/v1/complaints", body(
        ZHANG, consumer_address=f"{UNPLACEABLE}{ZHANG.street}", respondent_address=UNPLACEABLE))
    assert filed.status_code == 201, filed.content
    assert any(ZHANG.street in q.get("address", "") for q in baidu.queries), "it went online"
    records = captured_records(caplog)
    assert found_in(records) == [] and "test-ak" not in records
    assert logging.getLogger("geopy").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("urllib3").getEffectiveLevel() == logging.INFO


def test_a_templates_failed_lookups_are_logged_without_the_pages_context(client, caplog,
                                                                          gazetteer):
    set_debug_levels(caplog)
    assert client.get("/verify/", {"phone": LI.phone, "brand": "没有这个牌子"}).status_code == 200
    lookups = [r for r in caplog.records if r.name == "django.template"]
    assert lookups, "django.template logs at DEBUG what a template could not resolve"
    assert all(r.exc_info is None for r in lookups)
    assert found_in(captured_records(caplog)) == []


def _get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _serving(port: int, deadline: float) -> None:
    while True:
        try:
            _get(port, "/")
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_the_development_servers_request_lines_leave_out_the_query(redis_conn, gazetteer):
    """`runserver` (the demo) logs each request line on django.server: /verify/?phone=… and
    /api/v1/geo/geocode?q=<address> are logged as /verify/?… and /api/v1/geo/geocode?…"""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR, env=process_env(DEBUG="1"), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        _serving(port, time.monotonic() + 60)
        statuses = [_get(port, f"/verify/?{urlencode({'phone': LI.phone})}"),
                    _get(port, f"/api/v1/outlets/verify?{urlencode({'phone': ZHANG.phone})}"),
                    _get(port, f"/api/v1/geo/geocode?{urlencode({'q': ZHANG.address})}")]
        _logged(lines, "/api/v1/geo/geocode", time.monotonic() + 30)  # written after the answer
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)
    output = "".join(lines)
    assert statuses[:2] == [200, 200]
    assert '"GET /verify/?… HTTP/1.1" 200' in output, output[-2000:]
    assert '"GET /api/v1/geo/geocode?… HTTP/1.1"' in output
    assert found_in(output) == []


def _logged(lines: list[str], text: str, deadline: float) -> None:
    while not any(text in line for line in list(lines)):
        assert time.monotonic() < deadline, f"not logged: {text}"
        time.sleep(0.1)
