"""Issue 6 over the API: manufacturers answer confirmation requests (X-API-Key), a warned party
appeals, and verify answers `warned` in its documented shape."""

from __future__ import annotations

import pytest
from django.utils import timezone

from service_net.fraud import decisions
from service_net.models import Brand, ManufacturerConfirmation, WarningAppeal
from tests.integration import filing_support, fraud_support
from tests.integration.fraud_support import (
    FAKE_KEY,
    FAKE_NUMBER,
)

# Shared fixtures, bound here so that pytest finds them.
entitlement_tables, evidence_root = filing_support.entitlement_tables, filing_support.evidence_root
fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_root")]
LIST = "/api/v1/manufacturer/confirmations"


@pytest.fixture
def asked(fake_suspect, county_regulator):
    """The regulator asked 品牌甲's and 品牌乙's makers about the fake number."""
    return [decisions.confirmation_request(
        suspect_id=fake_suspect.pk, brand_id=Brand.objects.get(name=name).pk,
        user=county_regulator.user, question="这个号码是贵司的吗？", at=timezone.now())
        for name in ("品牌甲", "品牌乙")]


def test_manufacturer_lists_only_its_own_requests_with_the_suspects_side(
        api, asked, manufacturer_admin, django_assert_max_num_queries):
    _, key = manufacturer_admin
    with django_assert_max_num_queries(4):
        body = api.get(LIST, key=key).json()
    assert [c["id"] for c in body] == [asked[0].pk]
    suspect = body[0]["suspect"]
    assert (suspect["phone"], suspect["phone_display"]) == (FAKE_KEY, "400-888-1234")
    assert "phone_many_brands" in {r["code"] for r in suspect["reasons"]}
    assert body[0]["answer"] == "" and body[0]["question"] == "这个号码是贵司的吗？"


def test_manufacturer_answers_once(api, asked, manufacturer_admin):
    _, key = manufacturer_admin
    path = f"{LIST}/{asked[0].pk}/answer"
    response = api.post(path, {"answer": "ours_stale", "note": "新签约网点"}, key=key)
    assert response.status_code == 200
    assert response.json()["answer"] == "ours_stale"
    again = api.post(path, {"answer": "not_ours"}, key=key)
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    assert api.get(LIST, {"pending": "true"}, key=key).json() == []


def test_an_unknown_answer_names_the_field(api, asked, manufacturer_admin):
    _, key = manufacturer_admin
    response = api.post(f"{LIST}/{asked[0].pk}/answer", {"answer": "maybe"}, key=key)
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "answer"


def test_another_manufacturers_request_is_not_found(api, asked, manufacturer_admin):
    _, key = manufacturer_admin
    response = api.post(f"{LIST}/{asked[1].pk}/answer", {"answer": "not_ours"}, key=key)
    assert response.status_code == 404
    assert ManufacturerConfirmation.objects.get(pk=asked[1].pk).answer == ""


def test_without_a_key_the_requests_are_refused(api, asked):
    assert api.get(LIST).status_code == 401


@pytest.fixture
def warning(fake_suspect, county_regulator):
    return decisions.warning_publish(suspect_id=fake_suspect.pk, user=county_regulator.user,
                                     text_zh="冒充多个品牌官方售后", text_en="Poses as the official "
                                     "service of several brands", at=timezone.now())


def test_verify_answers_warned_with_the_warning(api, warning):
    body = api.get("/api/v1/outlets/verify", {"phone": "+86 400 888 1234"}).json()
    assert body["verdict"] == "warned"
    assert body["warning"]["id"] == warning.pk
    assert body["warning"]["text"] == "冒充多个品牌官方售后"
    assert body["warning"]["area_code"] == "620602000000"
    assert body["nearby"], "real outlets near the area it claims to serve"
    english = api.client.get("/api/v1/outlets/verify", {"phone": FAKE_NUMBER},
                             HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["warning"]["text"].startswith("Poses as")


def test_verify_of_a_number_without_a_warning_has_no_warning(api, fraud_registry):
    body = api.get("/api/v1/outlets/verify", {"phone": "0935-6600001"}).json()
    assert body["verdict"] == "authorized" and body["warning"] is None


def test_the_openapi_schema_documents_warned(api):
    schema = api.get("/api/v1/openapi.json").json()
    verify = schema["components"]["schemas"]["VerifyOut"]
    assert "warning" in verify["properties"]
    assert "warned" in verify["properties"]["verdict"]["description"]


def test_the_warned_party_appeals_through_the_api(api, warning):
    path = f"/api/v1/warnings/{warning.pk}/appeals"
    bad = api.post(path, {"appellant": "", "contact": "12", "grounds": ""})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["data"]["errors"]} == {"appellant", "contact", "grounds"}
    good = api.post(path, {"appellant": "某家电维修部", "contact": "0935-2212345",
                           "grounds": "我们是正规网点"})
    assert good.status_code == 201
    appeal = WarningAppeal.objects.get(pk=good.json()["id"])
    assert (appeal.contact, appeal.decision) == ("09352212345", "")


def test_an_appeal_against_a_withdrawn_warning_is_not_found(api, warning, county_regulator):
    decisions.warning_withdraw(warning_id=warning.pk, user=county_regulator.user, reason="误报",
                               at=timezone.now())
    response = api.post(f"/api/v1/warnings/{warning.pk}/appeals",
                        {"appellant": "x", "contact": "13935120000", "grounds": "y"})
    assert response.status_code == 404
