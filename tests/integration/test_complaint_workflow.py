"""The complaint workflow on PostgreSQL, part 1: routing at filing, the business's ten working
days (ODR), the regulator's acceptance; every refusal a 409 code, the sweep's moves run twice.
Part 2 (mediation, delay, reports, two regulators at once): test_complaint_mediation.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from complaints.models import BusinessResponse, Complaint, Notification
from complaints.selectors import complaints_visible_to
from complaints.services import complaint_file
from complaints.services.workflow import (
    CONSUMER,
    SYSTEM,
    Actor,
    complaint_accept,
    complaint_assign,
    complaint_business_respond,
    complaint_confirm_outcome,
    complaint_decline_outcome,
    complaint_escalate,
    complaint_mark_performed,
    complaint_refuse,
    complaints_bulk_decide,
)
from config.errors import Conflict, InvalidInput, NotFound
from tests.integration.filing_support import draft, entitlement_tables  # noqa: F401
from tests.integration.workflow_support import (
    T0,
    TODAY,
    actions,
    file,
    later,
    refusal,
    with_regulator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]


# --- routing at filing ---


def test_a_complaint_against_an_enrolled_business_goes_to_it_with_ten_working_days(business):
    complaint = file()
    assert (complaint.status, complaint.respondent_manufacturer, complaint.odr_outcome) == (
        "WITH_BUSINESS", business, "")
    assert complaint.odr_started_at == T0 and complaint.regulator_received_at is None
    assert actions(complaint) == ["submit", "route_to_business"]
    assert complaint.due_clock == "odr_settlement" and complaint.due_date > TODAY
    assert Notification.objects.filter(complaint=complaint, event="complaint_received").exists()


def test_a_consumer_who_skips_the_business_goes_straight_to_the_regulator(business):
    complaint = file(skip_business=True)
    assert (complaint.status, complaint.odr_outcome, complaint.skip_business) == (
        "WITH_REGULATOR", "skipped", True)
    assert complaint.regulator_received_at == T0 and complaint.odr_started_at is None
    assert complaint.due_clock == "regulator_acceptance"


def test_a_business_not_enrolled_in_odr_is_skipped_automatically(manufacturer_admin):
    complaint = file()
    assert complaint.respondent_manufacturer == manufacturer_admin[0]
    assert (complaint.status, complaint.odr_outcome) == ("WITH_REGULATOR", "not_enrolled")
    assert actions(complaint) == ["submit", "route_to_regulator"]


def test_a_shop_that_is_not_the_brand_has_no_answering_business(business):
    complaint = with_regulator()
    assert complaint.respondent_manufacturer is None
    assert (complaint.status, complaint.odr_outcome) == ("WITH_REGULATOR", "not_enrolled")


def test_a_registry_outlet_authorized_for_the_brand_brings_its_manufacturer(
        business, api, manufacturer_admin, row):
    from service_net.models import Outlet

    response = api.put("/api/v1/manufacturer/outlets", [row(
        7, name="凉州区品牌甲特约维修站", address="武威市凉州区东关街5号")],
        key=manufacturer_admin[1])
    assert response.status_code == 200, response.content
    outlet = Outlet.objects.get(name="凉州区品牌甲特约维修站")
    complaint = file(respondent_outlet_id=outlet.pk, respondent_name="", respondent_address="")
    assert (complaint.respondent_manufacturer, complaint.status) == (business, "WITH_BUSINESS")


@pytest.mark.parametrize("overrides,vulnerable", [
    pytest.param({"consumer_elderly": True}, True, id="aged-65-ticked"),
    pytest.param({"consumer_address": "甘肃省武威市凉州区清源镇王庄村3组"}, True, id="rural-township"),
    pytest.param({}, False, id="city-street-office"),
])
def test_an_elderly_or_rural_consumer_is_marked_vulnerable(overrides, vulnerable):
    assert with_regulator(**overrides).vulnerable is vulnerable


# --- with the business (ODR) ---


def test_the_business_offers_and_the_consumer_accepts_settling_it(business, biz):
    complaint = file()
    perform_by = TODAY + timedelta(days=5)
    answer = complaint_business_respond(complaint, manufacturer=business, kind="offer",
                                        remedy="repair", terms="免费更换压缩机",
                                        perform_by=perform_by, actor=biz, at=later(1))
    complaint.refresh_from_db()
    assert complaint.status == "BUSINESS_PROPOSED" and answer.consumer_decision == ""
    assert complaint.due_clock == "odr_settlement", "the 10 working days still run"
    settled = complaint_confirm_outcome(complaint, at=later(2))
    assert (settled.status, settled.outcome, settled.odr_outcome) == (
        "SETTLED", "odr_settled", "settled")
    assert settled.performance_due_date == perform_by and settled.closed_at == later(2)
    assert "免费更换压缩机" in settled.outcome_terms and settled.due_clock == ""
    assert BusinessResponse.objects.get().consumer_decision == "accepted"
    done = complaint_mark_performed(complaint, actor=biz, at=later(3))
    assert done.performed_at == later(3)
    assert actions(complaint)[-3:] == ["business_propose", "confirm_outcome", "mark_performed"]


def test_the_consumer_declines_and_the_regulator_clock_starts(business, biz):
    complaint = file()
    complaint_business_respond(complaint, manufacturer=business, kind="accept", remedy="exchange",
                               actor=biz, at=later(1))
    with pytest.raises(InvalidInput):
        complaint_decline_outcome(complaint, reason=" ", at=later(2))
    declined = complaint_decline_outcome(complaint, reason="换货太慢", at=later(2))
    assert (declined.status, declined.odr_outcome) == ("WITH_REGULATOR", "not_settled")
    assert declined.regulator_received_at == later(2)
    assert declined.due_clock == "regulator_acceptance"
    assert BusinessResponse.objects.get().consumer_decision == "declined"


def test_the_business_rejects_with_a_reason_and_the_regulator_takes_over(business, biz):
    complaint = file()
    with pytest.raises(InvalidInput) as missing:
        complaint_business_respond(complaint, manufacturer=business, kind="reject", actor=biz,
                                   at=later(1))
    assert missing.value.data["errors"][0]["field"] == "reason"
    complaint_business_respond(complaint, manufacturer=business, kind="reject",
                               reason="人为损坏，不在三包范围", actor=biz, at=later(1))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.odr_outcome) == ("WITH_REGULATOR", "not_settled")
    event = complaint.events.last()
    assert (event.reason_code, event.note) == ("reject", "人为损坏，不在三包范围")


def test_another_manufacturer_cannot_answer_and_learns_nothing(business, other_manufacturer):
    complaint = file()
    with pytest.raises(NotFound):
        complaint_business_respond(complaint, manufacturer=other_manufacturer[0], kind="accept",
                                   actor=Actor("business", str(other_manufacturer[0].pk)),
                                   at=later(1))
    assert Complaint.objects.get(pk=complaint.pk).status == "WITH_BUSINESS"


def test_the_business_cannot_answer_twice_or_after_the_case_left_it(business, biz):
    complaint = file()
    complaint_escalate(complaint, actor=CONSUMER, at=later(1), reason="商家不接电话")
    with pytest.raises(Conflict) as refused:
        complaint_business_respond(complaint, manufacturer=business, kind="accept", actor=biz,
                                   at=later(2))
    assert refusal(refused) == "not_with_business" and refused.value.code == "not_with_business"


def test_the_consumer_escalates_at_any_time_before_settling(business):
    complaint = file()
    escalated = complaint_escalate(complaint, actor=CONSUMER, at=later(1))
    assert (escalated.status, escalated.odr_outcome) == ("WITH_REGULATOR", "not_settled")


def test_the_sweep_escalates_only_after_the_ten_working_days_and_only_once(business):
    complaint = file()
    with pytest.raises(Conflict) as early:
        complaint_escalate(complaint, actor=SYSTEM, at=later(1))
    assert refusal(early) == "not_due_yet"
    moved = complaint_escalate(complaint, actor=SYSTEM, at=later(30))
    assert (moved.status, moved.odr_outcome) == ("WITH_REGULATOR", "timed_out")
    with pytest.raises(Conflict) as again:
        complaint_escalate(complaint, actor=SYSTEM, at=later(30, 1))
    assert refusal(again) == "not_with_business"
    assert actions(complaint).count("escalate") == 1


def test_the_sweep_never_escalates_a_complaint_whose_odr_clock_is_not_running(business):
    complaint = file()
    Complaint.objects.filter(pk=complaint.pk).update(due_clock="", due_date=None)
    with pytest.raises(Conflict) as refused:
        complaint_escalate(complaint, actor=SYSTEM, at=later(60))
    assert refusal(refused) == "not_due_yet"


# --- with the regulator ---


def test_the_regulator_accepts_and_mediation_runs_45_working_days(reg):
    complaint = with_regulator()
    accepted = complaint_accept(complaint, actor=reg, at=later(2))
    assert (accepted.status, accepted.accepted_at) == ("IN_MEDIATION", later(2))
    assert accepted.due_clock == "mediation"
    event = complaint.events.last()
    assert (event.actor_kind, event.actor_id, event.from_status, event.to_status) == (
        "regulator", "liangzhou-amr", "WITH_REGULATOR", "IN_MEDIATION")
    assert Notification.objects.filter(complaint=complaint, event="accepted").exists()


def test_the_regulator_refuses_with_a_listed_reason_only(reg):
    complaint = with_regulator()
    with pytest.raises(InvalidInput) as unknown:
        complaint_refuse(complaint, reason_code="too_busy", actor=reg, at=later(1))
    assert unknown.value.data["errors"][0]["field"] == "reason_code"
    closed = complaint_refuse(complaint, reason_code="time_barred", note="2019年购买",
                              actor=reg, at=later(1))
    assert (closed.status, closed.outcome, closed.outcome_reason) == (
        "CLOSED", "refused", "time_barred")
    assert closed.closed_at == later(1) and complaint.events.last().reason_code == "time_barred"


def test_only_a_regulator_accepts(reg):
    complaint = with_regulator()
    with pytest.raises(Conflict) as refused:
        complaint_accept(complaint, actor=CONSUMER, at=later(1))
    assert refusal(refused) == "actor_not_allowed"


def test_bulk_decisions_report_each_complaint_and_keep_to_the_scope(reg, county_regulator):
    first, second, decided = with_regulator(), with_regulator(), with_regulator()
    elsewhere = complaint_file(draft=draft(), at=T0)  # 民勤县's
    complaint_accept(decided, actor=reg, at=later(1))
    result = complaints_bulk_decide(
        [first.pk, second.pk, decided.pk, elsewhere.pk], decision="refuse",
        reason_code="outside_duties", actor=reg, at=later(2),
        scope=complaints_visible_to(county_regulator.user))
    assert result.done == [first.pk, second.pk]
    assert result.refused == [{"id": decided.pk, "code": "not_awaiting_acceptance"},
                              {"id": elsewhere.pk, "code": "not_found"}]
    assert Complaint.objects.get(pk=elsewhere.pk).status == "WITH_REGULATOR"
    with pytest.raises(InvalidInput):
        complaints_bulk_decide([first.pk], decision="refuse", reason_code="", actor=reg,
                               at=later(3))


def test_assignment_is_an_event_for_the_regulator_only(reg, county_regulator):
    complaint = with_regulator()
    assigned = complaint_assign(complaint, staff_user=county_regulator.user, actor=reg,
                                at=later(1))
    assert assigned.assigned_to == county_regulator.user and assigned.status == "WITH_REGULATOR"
    assert actions(complaint)[-1] == "assign"
