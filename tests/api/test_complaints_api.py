"""POST/GET /api/v1/complaints: file, 422 per field, tracking by number + phone, withdraw, add."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from complaints.models import Complaint
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_PHONE,
    PHP_BYTES,
    entitlement_tables,
    evidence_root,
    png_bytes,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]

URL = "/api/v1/complaints"


def body(**overrides) -> dict:
    today = date.today()
    data = {
        "consumer_name": "李四", "consumer_phone": "138 9351 2345",
        "consumer_address": "甘肃省武威市凉州区东大街街道文庙路12号",
        "brand": "海尔", "category": "refrigerator", "product_model": "BCD-218",
        "channel": "online", "purchase_date": (today - timedelta(days=4)).isoformat(),
        "proof": "invoice", "fault_date": (today - timedelta(days=1)).isoformat(),
        "respondent_name": "民勤县某某家电商场", "respondent_address": "甘肃省武威市民勤县城关镇东街8号",
        "facts": "网购冰箱四天后不制冷，商家拒绝退货。", "request": "退货退款",
        "repair_outlet_name": "海尔售后服务中心", "repair_outlet_phone": "400-123-4567",
        "report": {"kind": "fake_outlet", "facts": "该号码自称海尔官方售后。", "real_name": False},
    }
    data.update(overrides)
    return data


def phone_header(phone: str = CONSUMER_PHONE) -> dict:
    return {"HTTP_X_CONSUMER_PHONE": phone}


@pytest.fixture
def filed(api) -> dict:
    response = api.post(URL, body())
    assert response.status_code == 201, response.content
    return response.json()


def test_filing_returns_the_tracking_number_status_jurisdiction_and_assessment(filed):
    assert re.fullmatch(r"WW[0-9A-HJKMNP-TV-Z]{10}", filed["tracking_number"])
    assert filed["status"] == "WITH_REGULATOR"  # the respondent is a shop, not an ODR business
    assert filed["jurisdiction"] == {"code": "620621000000", "name": "民勤县",
                                     "source": "respondent_address", "note": ""}
    remedies = {r["remedy"] for r in filed["assessment"]["remedies"]}
    assert {"no_reason_return", "return"} <= remedies, filed["assessment"]
    complaint = Complaint.objects.get(tracking_number=filed["tracking_number"])
    assert complaint.brand.name == "海尔" and complaint.report_part.kind == "fake_outlet"


def test_missing_required_content_is_a_422_naming_each_field(api):
    response = api.post(URL, body(consumer_name="", consumer_phone="", respondent_address="",
                                  facts="", request=""))
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "validation_error"
    fields = [e["field"] for e in data["data"]["errors"]]
    assert fields == ["consumer_name", "consumer_phone", "respondent_address", "request", "facts"]
    assert all(e["reason"] for e in data["data"]["errors"])
    assert Complaint.objects.count() == 0


def test_invalid_values_are_422s_naming_their_fields(api):
    response = api.post(URL, body(category="spaceship", channel="carrier_pigeon",
                                  consumer_phone="12345", respondent_outlet_id=999999))
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["data"]["errors"]}
    assert {"category", "channel", "consumer_phone", "respondent_outlet_id"} <= fields


def test_a_malformed_date_is_a_422_naming_the_date(api):
    response = api.post(URL, body(purchase_date="2026-02-30"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["data"]["errors"]] == ["purchase_date"]


def test_dates_in_the_wrong_order_come_from_the_assessment_as_a_422(api):
    today = date.today()
    response = api.post(URL, body(purchase_date=today.isoformat(),
                                  fault_date=(today - timedelta(days=3)).isoformat()))
    assert response.status_code == 422
    assert "fault_date" in {e["field"] for e in response.json()["data"]["errors"]}


def test_the_consumer_reads_status_and_history_with_the_phone_typed_any_way(client, filed):
    number = filed["tracking_number"]
    response = client.get(f"{URL}/{number.lower()}", **phone_header("+86 138-9351-2345"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "WITH_REGULATOR" and data["consumer"]["phone"] == CONSUMER_PHONE
    assert [e["action"] for e in data["events"]] == [
        "complaints.complaint.submit", "complaints.complaint.route_to_regulator"]
    assert data["odr_outcome"] == "not_enrolled"
    assert data["next_deadline"]["clock"] == "regulator_acceptance"
    assert data["repair_outlet"]["phone"] == "400-123-4567"
    assert data["allowed_actions"] == ["add_information", "add_evidence", "withdraw"]


@pytest.mark.parametrize("tracking,phone", [
    pytest.param("{n}", "13900000000", id="wrong-phone"),
    pytest.param("{n}", "", id="no-phone"),
    pytest.param("WW0000000000", CONSUMER_PHONE, id="unknown-number"),
    pytest.param("not-a-number", CONSUMER_PHONE, id="malformed-number"),
])
def test_wrong_number_or_phone_is_the_same_404(client, filed, tracking, phone):
    response = client.get(f"{URL}/{tracking.format(n=filed['tracking_number'])}",
                          **phone_header(phone))
    assert response.status_code == 404
    assert (response.json()["code"], response.json()["data"]) == ("not_found", {})


def test_the_openapi_document_describes_the_complaint_body(client):
    spec = client.get("/api/v1/openapi.json").json()
    schema = spec["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"consumer_phone", "respondent_outlet_id", "report"} <= set(schema["properties"])
    assert "$ref" not in str(schema)


def test_the_404_body_is_identical_for_a_wrong_phone_and_an_unknown_number(client, filed):
    wrong_phone = client.get(f"{URL}/{filed['tracking_number']}", **phone_header("13900000000"))
    unknown = client.get(f"{URL}/WW0000000000", **phone_header(CONSUMER_PHONE))
    assert wrong_phone.content == unknown.content


def test_withdrawing_with_a_reason_then_again_is_a_409(api, client, filed):
    url = f"{URL}/{filed['tracking_number']}/withdraw"
    response = client.post(url, {"reason": "商家已退款"}, content_type="application/json",
                           **phone_header())
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "WITHDRAWN"
    assert response.json()["events"][-1]["note"] == "商家已退款"
    again = client.post(url, {"reason": "再次"}, content_type="application/json", **phone_header())
    assert again.status_code == 409
    assert again.json()["data"]["refusal"] == "complaint_closed"


def test_withdrawing_without_a_reason_is_a_422_and_with_a_wrong_phone_a_404(client, filed):
    url = f"{URL}/{filed['tracking_number']}/withdraw"
    empty = client.post(url, {"reason": ""}, content_type="application/json", **phone_header())
    assert empty.status_code == 422
    assert empty.json()["data"]["errors"][0]["field"] == "reason"
    wrong = client.post(url, {"reason": "x", "phone": "13900000000"},
                        content_type="application/json")
    assert wrong.status_code == 404
    assert Complaint.objects.get().status == "WITH_REGULATOR"


def test_information_is_added_with_the_phone_in_the_body(client, filed):
    url = f"{URL}/{filed['tracking_number']}/information"
    response = client.post(url, {"text": "快递单号 SF123", "phone": "13893512345"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    last = response.json()["events"][-1]
    assert (last["action"], last["note"]) == ("complaints.complaint.add_information", "快递单号 SF123")
    empty = client.post(url, {"text": " "}, content_type="application/json", **phone_header())
    assert empty.status_code == 422


def test_evidence_upload_takes_a_real_png_and_refuses_a_php_file_named_jpg(client, filed):
    url = f"{URL}/{filed['tracking_number']}/evidence"
    ok = client.post(url, {"files": [upload("发票.png", png_bytes())], "kind": "invoice",
                           "phone": CONSUMER_PHONE})
    assert ok.status_code == 201, ok.content
    assert [(e["kind"], e["content_type"]) for e in ok.json()["evidence"]] == [
        ("invoice", "image/png")]
    bad = client.post(url, {"files": [upload("photo.jpg", PHP_BYTES)], "kind": "photo"},
                      **phone_header())
    assert bad.status_code == 422
    assert bad.json()["data"]["errors"][0]["field"] == "file"


def test_evidence_upload_with_a_wrong_phone_is_a_404_and_stores_nothing(client, filed):
    url = f"{URL}/{filed['tracking_number']}/evidence"
    response = client.post(url, {"files": [upload("a.png", png_bytes())], "kind": "photo"},
                           **phone_header("13900000000"))
    assert response.status_code == 404
    assert Complaint.objects.get().evidence.count() == 0


def test_a_batch_with_one_bad_file_stores_none_of_them(client, filed):
    url = f"{URL}/{filed['tracking_number']}/evidence"
    response = client.post(url, {"files": [upload("a.png", png_bytes()),
                                           upload("b.jpg", PHP_BYTES)]}, **phone_header())
    assert response.status_code == 422
    assert Complaint.objects.get().evidence.count() == 0
