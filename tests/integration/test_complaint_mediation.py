"""The complaint workflow on PostgreSQL, part 2: mediation and its clock, deliberate delay, the
report part (举报), and two regulators accepting at once. Part 1: test_complaint_workflow.py."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from complaints.models import Notification, ReportPart
from complaints.services.workflow import (
    SYSTEM,
    Actor,
    complaint_accept,
    complaint_business_respond,
    complaint_clock_pause,
    complaint_clock_resume,
    complaint_confirm_outcome,
    complaint_end_mediation,
    complaint_flag_delay,
    complaint_mark_performed,
    complaint_record_agreement,
    complaint_termination_notified,
    complaint_withdraw,
    report_decide,
    report_extend,
    report_reporter_notified,
)
from config.errors import Conflict
from tests.integration.filing_support import entitlement_tables  # noqa: F401
from tests.integration.workflow_support import (
    TODAY,
    actions,
    file,
    later,
    refusal,
    with_regulator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]


# --- mediation ---


def test_testing_pauses_the_mediation_clock_and_resuming_adds_the_days(reg):
    complaint = complaint_accept(with_regulator(), actor=reg, at=later(1))
    due_before = complaint.due_date
    paused = complaint_clock_pause(complaint, reason="送检压缩机", actor=reg, at=later(2))
    assert paused.clock_paused_since is not None and paused.due_clock == ""
    with pytest.raises(Conflict) as twice:
        complaint_clock_pause(complaint, reason="again", actor=reg, at=later(3))
    assert refusal(twice) == "clock_already_paused"
    resumed = complaint_clock_resume(complaint, actor=reg, at=later(16))
    assert resumed.clock_paused_since is None and resumed.clock_paused_working_days >= 8
    assert resumed.due_clock == "mediation" and resumed.due_date > due_before
    with pytest.raises(Conflict) as not_paused:
        complaint_clock_resume(complaint, actor=reg, at=later(17))
    assert refusal(not_paused) == "clock_not_paused"


def test_an_agreement_closes_it_and_the_closure_notice_clock_runs_until_notified(reg):
    complaint = complaint_accept(with_regulator(), actor=reg, at=later(1))
    perform_by = TODAY + timedelta(days=10)
    closed = complaint_record_agreement(complaint, terms="退款2999元", perform_by=perform_by,
                                        actor=reg, at=later(5))
    assert (closed.status, closed.outcome, closed.outcome_terms) == (
        "CLOSED", "agreement", "退款2999元")
    assert closed.performance_due_date == perform_by and closed.due_clock == "termination_notice"
    notified = complaint_termination_notified(complaint, actor=reg, at=later(6))
    assert notified.termination_notified_at == later(6) and notified.due_clock == ""
    with pytest.raises(Conflict) as again:
        complaint_termination_notified(complaint, actor=reg, at=later(7))
    assert refusal(again) == "already_notified"


def test_mediation_ends_without_agreement_for_a_listed_reason(reg):
    complaint = complaint_accept(with_regulator(), actor=reg, at=later(1))
    ended = complaint_end_mediation(complaint, reason_code="party_absent", note="两次未到场",
                                    actor=reg, at=later(9))
    assert (ended.status, ended.outcome, ended.outcome_reason) == (
        "CLOSED", "mediation_ended", "party_absent")
    assert ended.due_clock == "termination_notice"


def test_the_sweep_ends_mediation_only_after_the_45_working_days(reg):
    complaint = complaint_accept(with_regulator(), actor=reg, at=later(1))
    with pytest.raises(Conflict) as early:
        complaint_end_mediation(complaint, reason_code="time_limit", actor=SYSTEM, at=later(20))
    assert refusal(early) == "not_due_yet"
    ended = complaint_end_mediation(complaint, reason_code="time_limit", actor=SYSTEM,
                                    at=later(90))
    assert (ended.outcome, ended.outcome_reason) == ("mediation_ended", "time_limit")
    with pytest.raises(Conflict) as again:
        complaint_end_mediation(complaint, reason_code="time_limit", actor=SYSTEM, at=later(91))
    assert refusal(again) == "complaint_closed"


def test_the_consumer_withdraws_during_mediation(reg):
    complaint = complaint_accept(with_regulator(), actor=reg, at=later(1))
    withdrawn = complaint_withdraw(complaint, reason="已私下和解", at=later(2))
    assert (withdrawn.status, withdrawn.outcome, withdrawn.closed_at) == (
        "WITHDRAWN", "withdrawn", later(2))
    assert withdrawn.due_clock == ""
    with pytest.raises(Conflict) as closed:
        complaint_accept(complaint, actor=reg, at=later(3))
    assert refusal(closed) == "complaint_closed"


# --- deliberate delay (拖延) ---


def local(day, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_an_agreement_not_performed_is_flagged_once_on_the_16th_day(reg, biz):
    complaint = complaint_accept(with_regulator(), actor=reg, at=later(1))
    due = TODAY + timedelta(days=3)
    complaint_record_agreement(complaint, terms="更换同型号", perform_by=due, actor=reg,
                               at=later(2))
    # Days are China's: 00:01 on the 16th local day is still the 15th in UTC.
    assert complaint_flag_delay(complaint, at=local(due + timedelta(days=15), 23, 59)) is False
    assert complaint_flag_delay(complaint, at=local(due + timedelta(days=16), 0, 1)) is True
    assert complaint_flag_delay(complaint, at=local(due + timedelta(days=17), 12)) is False
    complaint.refresh_from_db()
    assert complaint.delay_flagged_at is not None and actions(complaint).count("flag_delay") == 1
    assert Notification.objects.filter(complaint=complaint, event="deliberate_delay").exists()


def test_a_performed_settlement_is_never_flagged(business, biz):
    complaint = file()
    complaint_business_respond(complaint, manufacturer=business, kind="accept", remedy="refund",
                               perform_by=TODAY, actor=biz, at=later(0, 1))
    complaint_confirm_outcome(complaint, at=later(0, 2))
    complaint_mark_performed(complaint, actor=biz, at=later(1))
    assert complaint_flag_delay(complaint, at=later(60)) is False
    with pytest.raises(Conflict) as twice:
        complaint_mark_performed(complaint, actor=biz, at=later(2))
    assert refusal(twice) == "already_performed"


# --- the report part (举报) ---


def test_the_report_is_extended_once_decided_and_the_reporter_told(reg):
    complaint = with_regulator(report_kind="fake_outlet", report_facts="冒充品牌甲售后，收费三倍",
                               report_real_name=True)
    report = ReportPart.objects.get(complaint=complaint)
    assert (report.status, report.due_clock) == ("RECEIVED", "report_verification")
    first_due = report.due_date
    extended = report_extend(report, approved_by="局长王某", reason="需调取通话记录", actor=reg,
                             at=later(5))
    assert extended.due_date > first_due and extended.extension_approved_by == "局长王某"
    with pytest.raises(Conflict) as twice:
        report_extend(report, approved_by="x", reason="y", actor=reg, at=later(6))
    assert refusal(twice) == "already_extended"
    decided = report_decide(report, open_case=True, reason="证据充分", actor=reg, at=later(8))
    assert (decided.status, decided.decided_by, decided.due_clock) == (
        "CASE_OPENED", "liangzhou-amr", "reporter_notice")
    told = report_reporter_notified(report, actor=reg, at=later(9))
    assert told.reporter_notified_at == later(9) and told.due_clock == ""
    assert [e.action for e in complaint.events.filter(action__startswith="complaints.report")] == [
        "complaints.report.extend", "complaints.report.open_case",
        "complaints.report.reporter_notified"]


# --- two regulators at once ---


def _wait_until_blocked_on_a_lock(pid_holder: list, deadline_s: float = 20.0) -> None:
    """Poll pg_stat_activity until the second session waits on a row lock (a condition, not a
    sleep)."""
    import time

    stop = time.monotonic() + deadline_s
    while time.monotonic() < stop:
        if pid_holder:
            with connection.cursor() as cursor:
                cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                               [pid_holder[0]])
                found = cursor.fetchone()
            if found and found[0] == "Lock":
                return
    raise AssertionError("the second regulator never waited for the row lock")


@pytest.mark.django_db(transaction=True)
def test_two_regulators_accepting_at_once_one_wins_the_other_gets_a_conflict(
        gazetteer, county_regulator, city_regulator):
    complaint = with_regulator()
    first, second = Actor("regulator", "liangzhou-amr"), Actor("regulator", "wuwei-amr")
    holding, release, pid, outcome = threading.Event(), threading.Event(), [], {}

    def first_regulator():
        try:
            with transaction.atomic():
                complaint_accept(complaint.pk, actor=first, at=later(1))
                holding.set()
                release.wait(30)
            outcome["first"] = "accepted"
        finally:
            connections.close_all()

    def second_regulator():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid.append(cursor.fetchone()[0])
            complaint_accept(complaint.pk, actor=second, at=later(1))
            outcome["second"] = "accepted"
        except Conflict as exc:
            outcome["second"] = exc.data["refusal"]
        finally:
            connections.close_all()

    one = threading.Thread(target=first_regulator)
    one.start()
    assert holding.wait(30)
    two = threading.Thread(target=second_regulator)
    two.start()
    try:
        _wait_until_blocked_on_a_lock(pid)
    finally:
        release.set()
        one.join(30)
        two.join(30)
    assert outcome == {"first": "accepted", "second": "not_awaiting_acceptance"}
    complaint.refresh_from_db()
    assert complaint.status == "IN_MEDIATION"
    assert [(e.actor_id, e.to_status) for e in complaint.events.filter(
        action="complaints.complaint.accept")] == [("liangzhou-amr", "IN_MEDIATION")]
