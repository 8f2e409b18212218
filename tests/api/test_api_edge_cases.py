"""What the fuzzing of /api/v1 (test_fuzz_openapi.py) found, one focused test each: odd input is
a 4xx naming the field, never a 500, and every error answer is in the OpenAPI document."""

from __future__ import annotations

import json

import pytest

from complaints.models import Complaint
from complaints.rules import workflow
from tests.integration.business_support import file_against, odr_enroll
from tests.integration.filing_support import CONSUMER_PHONE, entitlement_tables  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]


def _fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    return [error["field"] for error in body["data"]["errors"]]


# --- NUL (U+0000): PostgreSQL text cannot hold it; it was a DataError, a 500 -------------------

def test_a_nul_in_a_query_parameter_is_a_422_naming_it(api):
    response = api.get("/api/v1/entitlements/rules", {"rule_set": "national\x00"})
    assert _fields(response) == ["rule_set"]


def test_a_nul_in_a_json_body_is_a_422_naming_the_field(api):
    response = api.post("/api/v1/entitlements/assess",
                        {"category": "refrigerator\x00", "fault": {"part": "a\x00"}})
    assert _fields(response) == ["category", "fault.part"]


def test_a_nul_in_the_path_is_a_422(api):
    response = api.client.get("/api/v1/complaints/WW%00X", HTTP_X_CONSUMER_PHONE=CONSUMER_PHONE)
    assert _fields(response) == ["path"]


def test_a_backslash_u0000_typed_as_text_is_not_a_nul(api):
    response = api.post("/api/v1/entitlements/assess", {"category": "\\u0000"})
    reasons = [error["reason"] for error in response.json()["data"]["errors"]]
    assert response.status_code == 422 and reasons
    assert not any("U+0000" in reason for reason in reasons)


# --- bodies that are not JSON objects ------------------------------------------------------------

@pytest.fixture
def complaint(manufacturer_admin) -> Complaint:
    odr_enroll(manufacturer_admin[0])
    return file_against("品牌甲")


def _consumer_post(api, complaint, action: str, raw: str):
    return api.client.post(f"/api/v1/complaints/{complaint.tracking_number}/{action}", raw,
                           content_type="application/json", HTTP_X_CONSUMER_PHONE=CONSUMER_PHONE)


@pytest.mark.parametrize("raw", ["5", '"withdraw"', "[1]", "null"])
def test_a_consumer_action_with_a_body_that_is_not_an_object_does_nothing(api, complaint, raw):
    """ninja read a bare value as an object with every field at its default: escalated."""
    response = _consumer_post(api, complaint, "escalate", raw)
    assert _fields(response) == [""]
    complaint.refresh_from_db()
    assert complaint.status == workflow.WITH_BUSINESS


def test_a_body_that_is_not_json_is_a_422_like_everywhere(api, complaint):
    """ninja answered 400 http_error; the handlers that parse their own body answer 422."""
    response = _consumer_post(api, complaint, "withdraw", "{not json")
    assert _fields(response) == [""]
    complaint.refresh_from_db()
    assert complaint.status == workflow.WITH_BUSINESS


# --- dates of the business list ------------------------------------------------------------------

@pytest.mark.parametrize("since", ["0.5", "1732800000", "2026"])
def test_a_number_is_not_a_since_date(api, manufacturer_admin, complaint, since):
    """pydantic read numbers as Unix time: since=0.5 listed everything since 1970."""
    response = api.get("/api/v1/business/complaints", {"since": since}, key=manufacturer_admin[1])
    assert _fields(response) == ["since"]


@pytest.mark.parametrize("since", ["2026-01-01T00:00:00+23:25", "0001-01-01T00:00:00+08:00",
                                   "9999-12-31T23:59:59-10:00", "0149-02-10"])
def test_since_with_any_offset_or_year_lists(api, manufacturer_admin, complaint, since):
    """PostgreSQL takes UTC offsets up to ±15:59: +23:25 was a DataError, a 500."""
    response = api.get("/api/v1/business/complaints", {"since": since}, key=manufacturer_admin[1])
    assert response.status_code == 200, response.content
    listed = [c["tracking_number"] for c in response.json()["items"]]
    assert listed == ([] if since.startswith("9999") else [complaint.tracking_number])


@pytest.mark.parametrize("path", ["/api/v1/manufacturer/outlets", "/api/v1/business/complaints"])
def test_an_offset_past_a_billion_is_a_422_not_a_database_error(api, manufacturer_admin, path):
    """PostgreSQL's OFFSET is a bigint: 51012536933615982006501376 was a DataError, a 500."""
    key = manufacturer_admin[1]
    assert _fields(api.get(path, {"offset": 51012536933615982006501376}, key=key)) == ["offset"]
    assert api.get(path, {"offset": 1_000_000_000}, key=key).json()["items"] == []


# --- the documented errors -----------------------------------------------------------------------

@pytest.fixture
def document(api) -> dict:
    return api.get("/api/v1/openapi.json").json()


def _responses(document, method: str, path: str) -> dict:
    return document["paths"][path][method]["responses"]


def test_keyed_operations_document_401_and_403_with_the_error_schema(document):
    responses = _responses(document, "get", "/api/v1/manufacturer/outlets")
    for status in ("401", "403"):
        assert responses[status]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"}
    assert document["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message", "data"]


def test_operations_with_input_document_422_naming_fields(document):
    responses = _responses(document, "get", "/api/v1/outlets/verify")
    assert responses["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ValidationErrorOut"}
    assert "401" not in responses and "404" not in responses
    assert set(_responses(document, "get", "/api/v1/categories")) == {"200"}


def test_domain_errors_are_documented_where_they_happen(document):
    assert {"404", "409", "422"} <= set(_responses(document, "get", "/api/v1/geo/geocode"))
    assert {"404", "409"} <= set(_responses(document, "post",
                                            "/api/v1/complaints/{tracking}/withdraw"))
    assert "409" in _responses(document, "post",
                               "/api/v1/manufacturer/authorizations/{authorization_id}/revoke")


def test_the_docs_page_still_renders(api):
    response = api.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_error_bodies_match_the_documented_schema(api, document):
    """Every error answer has code, message and data (an object): here a 404, a 422 and a 401."""
    answers = [api.get("/api/v1/complaints/NOPE"), api.get("/api/v1/deadlines"),
               api.get("/api/v1/manufacturer/outlets")]
    assert [a.status_code for a in answers] == [404, 422, 401]
    for answer in answers:
        body = answer.json()
        assert set(body) == {"code", "message", "data"} and isinstance(body["data"], dict)
    assert json.loads(answers[1].content)["data"]["errors"][0]["field"] == "start"


def test_a_nul_in_the_nearest_page_division_is_a_form_message_not_a_500(client):
    response = client.get("/nearest/", {"division": "620602\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 400)
    assert "unknown division" in response.content.decode()
