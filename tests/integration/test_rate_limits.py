"""Rate limits per client on the public API and pages: 429 with Retry-After, counted per client."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints.models import Complaint
from service_net.fraud import decisions
from service_net.models import WarningAppeal
from tests.integration import fraud_support
from tests.integration.abuse_support import TIGHT_LIMITS, client_at, responses_until_429, retry_after
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.test_complaint_pages import form

fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect
pytestmark = [pytest.mark.django_db, pytest.mark.rate_limits,
              pytest.mark.usefixtures("gazetteer", "tight_limits")]


@pytest.fixture
def tight_limits(settings):
    settings.RATE_LIMITS = TIGHT_LIMITS


def assert_api_429(response, window: int) -> None:
    assert response.status_code == 429
    seconds = retry_after(response)
    assert seconds <= window
    body = response.json()
    assert body["code"] == "rate_limited" and body["message"]
    assert body["data"] == {"retry_after": seconds}


API_FAMILIES = [
    pytest.param("get", "/api/v1/outlets/verify", {"phone": "0935-6600001"}, 2, 60, id="verify"),
    pytest.param("get", "/api/v1/outlets/nearest", {"division": "620602"}, 2, 60, id="nearest"),
    pytest.param("get", "/api/v1/geo/geocode", {"q": "凉州区黄羊镇"}, 2, 60, id="geocode"),
    pytest.param("get", "/api/v1/geo/reverse", {"lat": 37.93, "lon": 102.64}, 2, 60, id="reverse"),
    # Counted before the body is read: a bad filing or an unknown warning uses the limit too.
    pytest.param("post", "/api/v1/complaints", {}, 1, 3600, id="filing"),
    pytest.param("post", "/api/v1/warnings/999999/appeals", {}, 1, 3600, id="appeal"),
]


@pytest.mark.parametrize(("method", "path", "params", "limit", "window"), API_FAMILIES)
def test_each_api_family_answers_429_with_retry_after_past_its_limit(method, path, params, limit,
                                                                      window):
    client = client_at("203.0.113.7")
    send = getattr(client, method)
    answers = responses_until_429(lambda: send(path, params, content_type="application/json")
                                  if method == "post" else send(path, params))
    assert [a.status_code == 429 for a in answers] == [False] * limit + [True]
    assert_api_429(answers[-1], window)
    other = client_at("203.0.113.8")
    second = (getattr(other, method)(path, params, content_type="application/json")
              if method == "post" else getattr(other, method)(path, params))
    assert second.status_code != 429, "another client has its own count"


def test_geocode_and_reverse_share_one_limit():
    client = client_at("203.0.113.9")
    assert client.get("/api/v1/geo/geocode", {"q": "凉州区"}).status_code == 200
    assert client.get("/api/v1/geo/reverse", {"lat": 37.93, "lon": 102.64}).status_code == 200
    assert client.get("/api/v1/geo/geocode", {"q": "凉州区"}).status_code == 429


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_failed_tracking_lookups_are_limited_and_then_even_the_right_phone_waits(settings):
    settings.RATE_LIMITS = {**TIGHT_LIMITS, "filing": "5/3600"}
    consumer = client_at("198.51.100.20")
    filed = consumer.post("/complaints/file/", form(action="submit"))
    assert filed.status_code == 302
    tracking = Complaint.objects.get().tracking_number
    url = f"/api/v1/complaints/{tracking}"
    for _ in range(4):  # the consumer following the case is never held up
        assert consumer.get(url, HTTP_X_CONSUMER_PHONE="13912345678").status_code == 200

    guesser = client_at("198.51.100.21")
    wrong = [guesser.get(url, HTTP_X_CONSUMER_PHONE=f"1391234560{n}").status_code for n in range(3)]
    assert wrong == [404, 404, 429]
    right = guesser.get(url, HTTP_X_CONSUMER_PHONE="13912345678")
    assert_api_429(right, 900)
    assert "consumer_name" not in right.content.decode()


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_the_track_page_limits_failed_lookups_with_a_429_page():
    guesser = client_at("198.51.100.30")
    answers = responses_until_429(lambda: guesser.post(
        "/complaints/track/", {"tracking": "WW0000000000", "phone": "13912345678"}))
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert 'id="rate-limited"' in answers[-1].content.decode()
    assert retry_after(answers[-1]) <= 900


@pytest.mark.parametrize(("path", "params"), [
    pytest.param("/verify/", {"phone": "0935-6600001"}, id="verify"),
    pytest.param("/nearest/", {"division": "620602"}, id="nearest"),
])
def test_the_public_pages_answer_a_429_page(path, params):
    client = client_at("192.0.2.40")
    assert client.get(path).status_code == 200, "the empty form is free"
    answers = responses_until_429(lambda: client.get(path, params))
    assert [a.status_code for a in answers] == [200, 200, 429]
    page = answers[-1].content.decode()
    assert 'id="rate-limited"' in page and 'data-retry-after="' in page
    assert 1 <= retry_after(answers[-1]) <= 60


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_the_filing_form_keeps_what_was_typed_when_the_limit_is_reached():
    client = client_at("192.0.2.50")
    assert client.post("/complaints/file/", form(action="submit")).status_code == 302
    again = client.post("/complaints/file/", form(action="submit", facts="第二次投诉的事实经过。"))
    assert again.status_code == 429 and 1 <= retry_after(again) <= 3600
    page = again.content.decode()
    assert "第二次投诉的事实经过。" in page and 'data-field="submit"' in page
    assert Complaint.objects.count() == 1
    assert client.post("/complaints/file/", form(action="check")).status_code == 200, \
        "checking entitlements is not filing"


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_finding_the_outlet_on_the_filing_form_counts_as_verification():
    client = client_at("192.0.2.51")
    for _ in range(2):
        assert client.get("/verify/", {"phone": "0935-6600001"}).status_code == 200
    found = client.post("/complaints/file/", form(action="find_outlet", outlet_query="0935 661 2345"))
    assert found.status_code == 429


def test_the_appeal_form_is_limited_and_keeps_the_grounds(fake_suspect, county_regulator):
    warning = decisions.warning_publish(suspect_id=fake_suspect.pk, user=county_regulator.user,
                                        text_zh="假冒官方售后的号码", at=timezone.now())
    url = f"/fraud/warnings/{warning.pk}/appeal/"
    client = client_at("192.0.2.60")
    appeal = {"appellant": "凉州区某某家电维修部", "contact": "139 3512 0000",
              "grounds": "我们是品牌乙的新授权网点。"}
    assert client.post(url, appeal).status_code == 200
    again = client.post(url, {**appeal, "grounds": "再次申诉的理由"})
    assert again.status_code == 429 and retry_after(again) <= 3600
    assert "再次申诉的理由" in again.content.decode()
    assert WarningAppeal.objects.count() == 1


def test_x_forwarded_for_is_ignored_without_configured_proxies():
    client = client_at("192.0.2.70")
    codes = [client.get("/api/v1/outlets/verify", {"phone": "0935-6600001"},
                        HTTP_X_FORWARDED_FOR=f"10.9.8.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429], "a new forged address per request changes nothing"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.SANBAO_NUM_PROXIES = 1
    proxy = client_at("10.0.0.2")

    def verify(forwarded: str):
        return proxy.get("/api/v1/outlets/verify", {"phone": "0935-6600001"},
                         HTTP_X_FORWARDED_FOR=forwarded).status_code

    # The client forges the leftmost entries; the proxy appends the address it saw.
    assert [verify(f"1.2.3.{n}, 198.51.100.80") for n in range(3)] == [200, 200, 429]
    assert verify("198.51.100.81") == 200, "another client behind the same proxy"


def test_the_openapi_schema_documents_429_on_the_limited_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    limited = [("/api/v1/outlets/verify", "get"), ("/api/v1/outlets/nearest", "get"),
               ("/api/v1/geo/geocode", "get"), ("/api/v1/geo/reverse", "get"),
               ("/api/v1/complaints", "post"), ("/api/v1/complaints/{tracking}", "get"),
               ("/api/v1/complaints/{tracking}/evidence", "post"),
               ("/api/v1/warnings/{warning_id}/appeals", "post")]
    for path, method in limited:
        answer = paths[path][method]["responses"]["429"]
        assert "Retry-After" in answer["headers"], path
    assert "429" not in paths["/api/v1/categories"]["get"]["responses"]


def test_switched_off_nothing_is_limited(settings):
    settings.RATE_LIMITS_ENABLED = False
    client = client_at("192.0.2.90")
    codes = {client.get("/api/v1/outlets/verify", {"phone": "0935-6600001"}).status_code
             for _ in range(5)}
    assert codes == {200}
