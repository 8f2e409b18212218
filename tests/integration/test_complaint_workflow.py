"""The complaint workflow end to end on PostgreSQL: every path of the design, the clocks on the
row, refusals as 409 codes, the sweep's moves run twice, two regulators accepting at once."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from complaints.models import BusinessResponse, Complaint, Notification, ReportPart
from complaints.selectors import complaints_visible_to
from complaints.services import complaint_file
from complaints.services.workflow import (
    CONSUMER,
    SYSTEM,
    Actor,
    complaint_accept,
    complaint_assign,
    complaint_business_respond,
    complaint_clock_pause,
    complaint_clock_resume,
    complaint_confirm_outcome,
    complaint_decline_outcome,
    complaint_end_mediation,
    complaint_escalate,
    complaint_flag_delay,
    complaint_mark_performed,
    complaint_record_agreement,
    complaint_refuse,
    complaint_termination_notified,
    complaint_withdraw,
    complaints_bulk_decide,
    report_decide,
    report_extend,
    report_reporter_notified,
)
from config.errors import Conflict, InvalidInput, NotFound
from tests.integration.filing_support import draft, entitlement_tables  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]

# Mid-morning local time, today: a date taken from T0 is the same in UTC and in Asia/Shanghai.
# (T0 = timezone.now() made the tests depend on the hour they ran: from 15:00 UTC the UTC date
# T0.date() was already yesterday in China, and a perform_by of T0.date() "had passed".)
T0 = timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))
TODAY = timezone.localdate(T0)
LIANGZHOU_ADDRESS = "甘肃省武威市凉州区东大街街道文庙路1号"


def later(days: int = 0, hours: int = 0):
    return T0 + timedelta(days=days, hours=hours)


def actions(complaint) -> list[str]:
    return [e.action.rsplit(".", 1)[-1] for e in complaint.events.order_by("at", "id")]


def refusal(exc_info) -> str:
    return exc_info.value.data["refusal"]


@pytest.fixture
def business(manufacturer_admin):
    """品牌甲's manufacturer, enrolled in ODR."""
    manufacturer, _key = manufacturer_admin
    manufacturer.odr_enrolled, manufacturer.odr_enrolled_at = True, T0
    manufacturer.save()
    return manufacturer


@pytest.fixture
def biz(business) -> Actor:
    return Actor("business", str(business.pk))


@pytest.fixture
def reg(county_regulator) -> Actor:
    """凉州区's regulator acting; with an e-mail address, so that it is notified."""
    county_regulator.user.email = "amr@liangzhou.example"
    county_regulator.user.save()
    return Actor("regulator", county_regulator.user.username)


def file(**overrides) -> Complaint:
    """Against 品牌甲's after-sales centre in 凉州区 (the brand's manufacturer answers)."""
    overrides.setdefault("respondent_name", "测试电器A售后服务中心")
    overrides.setdefault("respondent_address", LIANGZHOU_ADDRESS)
    return complaint_file(draft=draft(**overrides), at=T0)


def with_regulator(**overrides) -> Complaint:
    return file(respondent_name="凉州区某某家电商场", **overrides)


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
