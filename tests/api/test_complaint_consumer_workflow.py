"""The consumer's side of the workflow through /api/v1/complaints: routing fields at filing, the
business's answer accepted or declined, escalation, and what GET shows (deadline, answer,
outcome, the history the parties may see)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from complaints.services.workflow import (
    Actor,
    complaint_accept,
    complaint_assign,
    complaint_business_respond,
    complaint_refuse,
)
from tests.api.test_complaints_api import URL, body, phone_header
from tests.integration.business_support import odr_enroll
from tests.integration.filing_support import entitlement_tables  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]

BRAND_A_CENTRE = {"brand": "品牌甲", "respondent_name": "测试电器A售后服务中心",
                  "respondent_address": "甘肃省武威市凉州区东大街街道文庙路1号"}


@pytest.fixture
def business(manufacturer_admin):
    odr_enroll(manufacturer_admin[0])
    return manufacturer_admin[0]


def file(api, **overrides) -> Complaint:
    response = api.post(URL, body(**overrides))
    assert response.status_code == 201, response.content
    return Complaint.objects.get(tracking_number=response.json()["tracking_number"])


def post(client, complaint, verb: str, data: dict | None = None):
    return client.post(f"{URL}/{complaint.tracking_number}/{verb}", data or {},
                       content_type="application/json", **phone_header())


def answered(complaint, business, **answer) -> Complaint:
    answer.setdefault("kind", "offer")
    complaint_business_respond(complaint, manufacturer=business, **answer,
                               actor=Actor("business", str(business.pk)), at=timezone.now())
    return complaint


def test_filing_against_an_enrolled_brand_goes_to_it_and_get_shows_its_deadline(
        api, client, business):
    complaint = file(api, **BRAND_A_CENTRE, consumer_elderly=True)
    assert (complaint.status, complaint.vulnerable) == ("WITH_BUSINESS", True)
    data = client.get(f"{URL}/{complaint.tracking_number}", **phone_header()).json()
    assert data["status"] == "WITH_BUSINESS" and data["odr_outcome"] == ""
    deadline = data["next_deadline"]
    assert deadline["clock"] == "odr_settlement" and deadline["provisional"] in (True, False)
    assert deadline["due_date"] == complaint.due_date.isoformat()
    assert data["business_answer"] is None and data["outcome"] is None
    assert "escalate" in data["allowed_actions"] and "confirm_outcome" not in data["allowed_actions"]


def test_skip_business_is_an_api_field(api, business):
    complaint = file(api, **BRAND_A_CENTRE, skip_business=True)
    assert (complaint.status, complaint.odr_outcome) == ("WITH_REGULATOR", "skipped")


def test_the_consumer_reads_the_answer_and_accepts_it(api, client, business):
    complaint = answered(file(api, **BRAND_A_CENTRE), business, remedy="exchange",
                         terms="三日内上门换新", perform_by=timezone.localdate() + timedelta(days=3))
    data = client.get(f"{URL}/{complaint.tracking_number}", **phone_header()).json()
    assert data["business_answer"]["kind"] == "offer"
    assert data["business_answer"]["terms"] == "三日内上门换新"
    assert data["business_answer"]["consumer_decision"] == ""
    assert {"confirm_outcome", "decline_outcome"} <= set(data["allowed_actions"])
    response = post(client, complaint, "confirm")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "SETTLED" and data["outcome"]["code"] == "odr_settled"
    assert data["business_answer"]["consumer_decision"] == "accepted"
    assert data["next_deadline"] is None and data["allowed_actions"] == []
    again = post(client, complaint, "confirm")
    assert again.status_code == 409 and again.json()["code"] == "complaint_closed"


def test_declining_needs_a_reason_and_sends_it_to_the_regulator(api, client, business):
    complaint = answered(file(api, **BRAND_A_CENTRE), business, kind="accept", remedy="repair")
    empty = post(client, complaint, "decline", {"reason": ""})
    assert empty.status_code == 422 and empty.json()["data"]["errors"][0]["field"] == "reason"
    response = post(client, complaint, "decline", {"reason": "已经修过两次，要求换货"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["odr_outcome"]) == ("WITH_REGULATOR", "not_settled")
    assert data["next_deadline"]["clock"] == "regulator_acceptance"
    assert data["events"][-1]["action"] == "complaints.complaint.decline_outcome"


def test_confirming_without_an_answer_is_a_409_with_the_reason(api, client, business):
    complaint = file(api, **BRAND_A_CENTRE)
    response = post(client, complaint, "confirm")
    assert response.status_code == 409
    assert response.json()["code"] == "no_outcome_proposed"
    assert response.json()["data"]["refusal"] == "no_outcome_proposed"


def test_the_consumer_escalates_and_cannot_escalate_twice(api, client, business):
    complaint = file(api, **BRAND_A_CENTRE)
    response = post(client, complaint, "escalate", {"reason": "商家不理睬"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "WITH_REGULATOR"
    again = post(client, complaint, "escalate")
    assert again.status_code == 409 and again.json()["code"] == "not_with_business"


def test_a_wrong_phone_cannot_confirm_decline_or_escalate(api, client, business):
    complaint = answered(file(api, **BRAND_A_CENTRE), business, kind="accept")
    for verb in ("confirm", "decline", "escalate"):
        response = client.post(f"{URL}/{complaint.tracking_number}/{verb}",
                               {"reason": "x", "phone": "13900000000"},
                               content_type="application/json")
        assert response.status_code == 404, verb
    assert Complaint.objects.get(pk=complaint.pk).status == "BUSINESS_PROPOSED"


def test_a_refusal_shows_its_reason_and_the_regulators_internal_steps_stay_internal(
        api, client, county_regulator):
    complaint = file(api, respondent_address="甘肃省武威市凉州区西大街街道南关路8号")
    regulator = Actor("regulator", county_regulator.user.username)
    complaint_assign(complaint, staff_user=county_regulator.user, actor=regulator,
                     at=timezone.now())
    complaint_refuse(complaint, reason_code="already_handled", actor=regulator, at=timezone.now())
    data = client.get(f"{URL}/{complaint.tracking_number}", **phone_header()).json()
    assert data["outcome"]["code"] == "refused"
    assert data["outcome"]["reason_code"] == "already_handled" and data["outcome"]["reason"]
    assert [e["action"].rsplit(".", 1)[-1] for e in data["events"]] == [
        "submit", "route_to_regulator", "refuse"]


def test_mediation_shows_its_deadline(api, client, county_regulator):
    complaint = file(api, respondent_address="甘肃省武威市凉州区西大街街道南关路8号")
    complaint_accept(complaint, actor=Actor("regulator", "liangzhou-amr"), at=timezone.now())
    data = client.get(f"{URL}/{complaint.tracking_number}", **phone_header()).json()
    assert data["status"] == "IN_MEDIATION" and data["next_deadline"]["clock"] == "mediation"
