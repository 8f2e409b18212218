"""Workflow leftovers found by the fault work of issue 8, each fixed where it arose: a withdrawal
answers a business proposal still awaiting the consumer and stops a paused mediation clock, and
the deadline sweep does not queue again, every 15 minutes, a reminder nobody can receive."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from complaints import tasks
from complaints.models import BusinessResponse, Complaint, Notification
from complaints.services.deadlines import working_days_between
from complaints.services.workflow import (
    CONSUMER,
    Actor,
    complaint_accept,
    complaint_business_respond,
    complaint_clock_pause,
    complaint_escalate,
    complaint_withdraw,
)
from tests.integration.business_support import business_actor, file_against, odr_enroll
from tests.integration.console_support import file_case, login
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]


def regulator(profile) -> Actor:
    return Actor("regulator", profile.user.get_username())


def test_withdrawing_during_a_business_proposal_answers_the_proposal(
        client, manufacturer_admin, county_regulator):
    maker = manufacturer_admin[0]
    odr_enroll(maker)
    complaint = file_against()
    offer = complaint_business_respond(complaint, manufacturer=maker, kind="offer",
                                       remedy="repair", terms="免费上门维修",
                                       actor=business_actor(maker), at=timezone.now())
    complaint.refresh_from_db()
    assert complaint.status == "BUSINESS_PROPOSED" and offer.consumer_decision == ""

    at = timezone.now()
    complaint_withdraw(complaint, reason="已自行修好", at=at)
    offer.refresh_from_db()
    assert (offer.consumer_decision, offer.decided_at) == (BusinessResponse.Decision.DECLINED, at)
    assert not BusinessResponse.objects.filter(complaint=complaint, consumer_decision="").exists()
    login(client, county_regulator)
    page = client.get(f"/console/case/{complaint.tracking_number}/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Declined by the consumer" in page and "Awaiting the consumer" not in page


def test_escalating_during_a_business_proposal_answers_the_proposal(manufacturer_admin):
    maker = manufacturer_admin[0]
    odr_enroll(maker)
    complaint = file_against()
    offer = complaint_business_respond(complaint, manufacturer=maker, kind="offer",
                                       remedy="repair", terms="免费上门维修",
                                       actor=business_actor(maker), at=timezone.now())

    at = timezone.now()
    complaint_escalate(complaint, actor=CONSUMER, at=at, reason="方案不合理")
    offer.refresh_from_db()
    complaint.refresh_from_db()
    assert complaint.status == "WITH_REGULATOR"
    assert (offer.consumer_decision, offer.decided_at) == (BusinessResponse.Decision.DECLINED, at)


def test_withdrawing_while_the_mediation_clock_is_paused_stops_it_and_keeps_its_days(
        county_regulator):
    paused_on = timezone.localdate() - timedelta(days=20)  # the withdrawal ten days later
    start = timezone.make_aware(datetime.combine(paused_on, time(0)))
    complaint = complaint_accept(file_case(), actor=regulator(county_regulator),
                                 at=start - timedelta(days=3))
    complaint_clock_pause(complaint, reason="送检：压缩机质量鉴定", actor=regulator(county_regulator),
                          at=start + timedelta(hours=10))
    withdrawn = complaint_withdraw(complaint, reason="已私下和解", at=start + timedelta(days=10))

    withdrawn.refresh_from_db()
    assert withdrawn.status == "WITHDRAWN" and withdrawn.clock_paused_since is None
    assert withdrawn.clock_paused_working_days == working_days_between(
        paused_on, paused_on + timedelta(days=10)) > 0
    assert withdrawn.due_clock == "" and withdrawn.due_date is None


def overdue_with_the_regulator() -> Complaint:
    """Awaiting acceptance, its 7 working days over yesterday."""
    return file_case(state={"due_date": timezone.localdate() - timedelta(days=1)})


def test_an_overdue_reminder_nobody_can_receive_is_recorded_once_and_not_queued_again(
        county_regulator, redis_conn):
    assert county_regulator.user.email == ""  # the regulator's account has no e-mail address
    late = overdue_with_the_regulator()
    assert tasks.deadline_sweep_job() == 1
    assert tasks.complaint_deadline_job(late.pk) == "overdue"
    assert tasks.deadline_sweep_job() == 0, "nothing new can come of it: not queued again"
    assert tasks.complaint_deadline_job(late.pk) == "overdue"  # a late duplicate adds nothing

    [row] = Notification.objects.filter(complaint=late, event="deadline_reminder")
    assert row.key.startswith(f"overdue:{late.pk}:regulator_acceptance:{late.due_date}|")
    assert (row.recipient_kind, row.recipient_ref, row.status, row.last_error, row.attempts) == (
        "regulator", "", "failed", "no_recipient", 0)


def test_a_reminder_to_a_business_without_any_account_is_recorded_once_too(
        manufacturer_admin, redis_conn):
    odr_enroll(manufacturer_admin[0])
    complaint = file_against()
    Complaint.objects.filter(pk=complaint.pk).update(
        due_date=timezone.localdate() + timedelta(days=1))
    assert tasks.deadline_sweep_job() == 1
    assert tasks.complaint_deadline_job(complaint.pk) == "reminded"
    assert tasks.deadline_sweep_job() == 0
    assert list(Notification.objects.filter(complaint=complaint, event="deadline_reminder")
                .values_list("recipient_kind", "status", "last_error")) == [
        ("business", "failed", "no_recipient")]


def test_other_events_still_write_no_row_for_a_party_nobody_of_which_is_reachable(
        county_regulator):
    complaint = file_case()
    complaint_accept(complaint, actor=regulator(county_regulator), at=timezone.now())
    assert not Notification.objects.filter(complaint=complaint,
                                           recipient_kind="regulator").exists()
    assert Notification.objects.filter(complaint=complaint, event="accepted",
                                       recipient_kind="consumer").exists()
