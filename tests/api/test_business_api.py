"""/api/v1/business: a manufacturer lists, reads and answers the complaints against it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from complaints.rules import workflow
from tests.integration.business_support import accept_and_settle, file_against, odr_enroll
from tests.integration.filing_support import CONSUMER_NAME, CONSUMER_PHONE

pytestmark = pytest.mark.django_db

BASE = "/api/v1/business/complaints"


@pytest.fixture
def brand_a(manufacturer_admin):
    manufacturer, key = manufacturer_admin
    odr_enroll(manufacturer)
    return manufacturer, key


@pytest.fixture
def brand_b(other_manufacturer):
    manufacturer, key = other_manufacturer
    odr_enroll(manufacturer)
    return manufacturer, key


def _respond(api, key, tracking, **body):
    return api.post(f"{BASE}/{tracking}/respond", body, key=key)


def test_list_needs_an_api_key(api, brand_a):
    response = api.get(BASE)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_a_manufacturer_lists_only_complaints_against_it(api, brand_a, brand_b,
                                                         django_assert_max_num_queries):
    ours = [file_against("品牌甲"), file_against("品牌甲")]
    theirs = file_against("品牌乙")
    with django_assert_max_num_queries(4):
        body = api.get(BASE, key=brand_a[1]).json()
    assert body["count"] == 2
    assert {row["tracking_number"] for row in body["items"]} == {c.tracking_number for c in ours}
    assert theirs.tracking_number not in {row["tracking_number"] for row in body["items"]}
    assert all(row["status"] == workflow.WITH_BUSINESS for row in body["items"])


def test_list_filters_by_status_and_pages(api, brand_a):
    first, second, third = (file_against() for _ in range(3))
    _respond(api, brand_a[1], first.tracking_number, kind="reject", reason="不是我们售出的")
    with_business = api.get(BASE, {"status": "WITH_BUSINESS"}, key=brand_a[1]).json()
    assert with_business["count"] == 2
    both = api.get(BASE, {"status": "WITH_BUSINESS,WITH_REGULATOR"}, key=brand_a[1]).json()
    assert both["count"] == 3
    page = api.get(BASE, {"limit": 1, "offset": 1}, key=brand_a[1]).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert page["items"][0]["tracking_number"] == second.tracking_number  # newest first


def test_an_unknown_status_is_a_422_naming_the_field(api, brand_a):
    response = api.get(BASE, {"status": "OPEN"}, key=brand_a[1])
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "status"


def test_since_lists_complaints_that_moved_after_it(api, brand_a):
    old = file_against()
    Complaint.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - timedelta(days=3))
    new = file_against()
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    body = api.get(BASE, {"since": since}, key=brand_a[1]).json()
    assert [row["tracking_number"] for row in body["items"]] == [new.tracking_number]


def test_another_manufacturers_complaint_is_not_found_for_every_endpoint(api, brand_a, brand_b):
    theirs = file_against("品牌乙")
    path = f"{BASE}/{theirs.tracking_number}"
    assert api.get(path, key=brand_a[1]).status_code == 404
    assert _respond(api, brand_a[1], theirs.tracking_number, kind="accept").status_code == 404
    assert api.post(f"{path}/performed", key=brand_a[1]).status_code == 404
    assert api.get(f"{BASE}/WW0000000000", key=brand_a[1]).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == workflow.WITH_BUSINESS and not theirs.business_responses.exists()


def test_the_business_sees_the_consumers_contact_while_the_complaint_is_with_it(api, brand_a):
    complaint = file_against()
    consumer = api.get(f"{BASE}/{complaint.tracking_number}", key=brand_a[1]).json()["consumer"]
    assert consumer == {"name": CONSUMER_NAME, "phone": CONSUMER_PHONE,
                        "address": "甘肃省武威市凉州区***", "masked": False}


def test_after_rejecting_the_contact_is_masked(api, brand_a):
    complaint = file_against()
    response = _respond(api, brand_a[1], complaint.tracking_number, kind="reject",
                        reason="该产品并非本公司生产")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == workflow.WITH_REGULATOR
    assert body["consumer"]["masked"] is True
    assert body["consumer"]["name"] == "张*三"
    assert body["consumer"]["phone"] == "138****2345"
    assert body["responses"][0]["kind"] == "reject"


def test_accepting_proposes_and_the_history_shows_the_answer(api, brand_a):
    complaint = file_against()
    perform_by = (timezone.localdate() + timedelta(days=7)).isoformat()
    body = _respond(api, brand_a[1], complaint.tracking_number, kind="accept", remedy="exchange",
                    terms="七日内上门更换同型号", perform_by=perform_by).json()
    assert body["status"] == workflow.BUSINESS_PROPOSED
    assert body["responses"][0] | {"responded_at": None} == {
        "kind": "accept", "remedy": "exchange", "terms": "七日内上门更换同型号", "reason": "",
        "perform_by": perform_by, "responded_at": None, "consumer_decision": "",
        "decided_at": None}
    assert body["history"][-1]["action"] == workflow.BUSINESS_PROPOSE
    assert body["history"][-1]["actor_kind"] == "business"
    assert body["actions"] == []


def test_rejecting_without_a_reason_is_a_422_naming_reason(api, brand_a):
    complaint = file_against()
    response = _respond(api, brand_a[1], complaint.tracking_number, kind="reject")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["data"]["errors"]] == ["reason"]


def test_an_unknown_kind_is_a_422_naming_kind(api, brand_a):
    complaint = file_against()
    response = _respond(api, brand_a[1], complaint.tracking_number, kind="maybe")
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "kind"


def test_answering_twice_is_a_conflict(api, brand_a):
    complaint = file_against()
    assert _respond(api, brand_a[1], complaint.tracking_number, kind="accept",
                    remedy="repair").status_code == 200
    response = _respond(api, brand_a[1], complaint.tracking_number, kind="offer", terms="退款")
    assert response.status_code == 409


def test_after_settling_the_business_records_performance_and_the_contact_is_masked(api, brand_a):
    complaint = accept_and_settle(file_against(), brand_a[0])
    path = f"{BASE}/{complaint.tracking_number}"
    before = api.get(path, key=brand_a[1]).json()
    assert before["status"] == workflow.SETTLED
    assert before["consumer"]["masked"] is False and before["actions"] == ["performed"]
    after = api.post(f"{path}/performed", key=brand_a[1]).json()
    assert after["performed_at"] is not None
    assert after["consumer"]["masked"] is True and after["actions"] == []
    assert api.post(f"{path}/performed", key=brand_a[1]).status_code == 409


def test_performed_before_anything_was_agreed_is_a_conflict(api, brand_a):
    complaint = file_against()
    response = api.post(f"{BASE}/{complaint.tracking_number}/performed", key=brand_a[1])
    assert response.status_code == 409
