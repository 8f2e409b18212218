"""Fault (issue 8): the scheduler was down for a day. On restart every missed deadline is acted on,
earliest due first, each exactly once, and nothing not yet due is touched.

Built from the real pieces: complaints filed through the real service and put in the state of a
day without sweeps (an ODR settlement and a mediation limit run out, an acceptance overdue, a
report decision and acceptances due by tomorrow, a performance 16 days late, and cases due
later), then the scheduler as `manage.py rqcron config.cron` starts it, the deadline sweep
with the clock of the restart, and a real RQ worker (SimpleWorker, in process, burst) on the
real Redis; then the sweep and the worker once more."""

from __future__ import annotations

from datetime import timedelta

import django_rq
import pytest
from django.core import mail
from django.utils import timezone
from rq.worker import SimpleWorker

from complaints import tasks
from complaints.models import Complaint, ComplaintEvent, Notification, ReportPart
from complaints.notify import sms as sms_module
from complaints.services.deadlines import complaint_due_set, report_due_set
from tests.integration.business_support import file_against, odr_enroll
from tests.integration.console_support import file_case
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("entitlement_tables", "evidence_root", "redis_conn")]
SWEEP = "complaints.tasks.deadline_sweep_job"
# What a deadline job leaves behind, one notification at least for each (the parties have
# addresses here): the first of them tells when that row's job ran.
DEADLINE_EFFECTS = ("deadline_reminder", "escalated", "mediation_closed", "deliberate_delay")


@pytest.fixture
def parties(manufacturer_admin, manufacturer_staff, county_regulator):
    """Brand A's maker enrolled in ODR, and every party reachable by e-mail."""
    odr_enroll(manufacturer_admin[0])
    for account, email in ((manufacturer_staff.user, "service@brand-a.example"),
                           (county_regulator.user, "amr@liangzhou.example")):
        account.email = email
        account.save(update_fields=["email"])


def run_worker() -> None:
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def ago(n: int):
    return timezone.now() - timedelta(days=n)


def due_on(complaint: Complaint, day, **state) -> Complaint:
    """Put the complaint in `state`, its clock set from it, falling due on `day`."""
    Complaint.objects.filter(pk=complaint.pk).update(**state)
    complaint.refresh_from_db()
    complaint_due_set(complaint)
    if complaint.due_clock:
        complaint.due_date = day
    complaint.save(update_fields=["due_clock", "due_date", "due_provisional"])
    return complaint


def with_regulator(day) -> Complaint:
    return due_on(file_case(), day, status="WITH_REGULATOR", regulator_received_at=ago(8))


def mediating(day) -> Complaint:
    return due_on(file_case(), day, status="IN_MEDIATION", regulator_received_at=ago(80),
                  accepted_at=ago(75))


def with_business(day) -> Complaint:
    complaint = file_against()
    assert complaint.status == "WITH_BUSINESS"
    return due_on(complaint, day)


def report_due(day) -> ReportPart:
    report = ReportPart.objects.create(complaint=with_regulator(days(6)), kind="fake_outlet",
                                       facts="冒充品牌售后", created_at=ago(20))
    report_due_set(report)
    report.due_date = day
    report.save(update_fields=["due_clock", "due_date", "due_provisional"])
    return report


def day_without_sweeps() -> dict:
    """The rows, created in an order unlike their due order (ids do not give it away)."""
    rows = {"acceptance_tomorrow": with_regulator(days(1)),
            "acceptance_later": with_regulator(days(5)),
            "odr_tomorrow": with_business(days(1)),
            "report_today": report_due(days(0)),
            "mediation_ran_out": mediating(days(-1)),
            "acceptance_overdue": with_regulator(days(-1)),
            "mediation_later": mediating(days(20)),
            "odr_ran_out": with_business(days(-2)),
            "performance_late": due_on(file_case(), None, status="SETTLED",
                                       outcome="odr_settled", closed_at=ago(30),
                                       performance_due_date=days(-16))}
    assert rows["performance_late"].due_clock == ""
    run_worker()  # the filings' own notifications went out before the outage
    sms_module.outbox.clear()
    mail.outbox.clear()
    return rows


def due_order(rows: dict) -> list[str]:
    """The rows the sweep must queue, by due date then id (a delay by its performance date)."""
    def key(name):
        row = rows[name]
        return (getattr(row, "performance_due_date", None) or row.due_date, row.pk)
    return sorted((n for n in rows if not n.endswith("_later")), key=key)


def complaint_of(row) -> Complaint:
    return row.complaint if isinstance(row, ReportPart) else row


def first_effects(rows: dict, after: int) -> list[str]:
    """The rows in the order their deadline jobs ran: by the first notification each wrote."""
    firsts = {}
    for name, row in rows.items():
        ids = Notification.objects.filter(complaint=complaint_of(row), id__gt=after,
                                          event__in=DEADLINE_EFFECTS).values_list("id", flat=True)
        if ids:
            firsts[name] = min(ids)
    return sorted(firsts, key=firsts.get)


def system_actions(complaint: Complaint, after: int) -> list[str]:
    return [a.rsplit(".", 1)[-1] for a in ComplaintEvent.objects.filter(
        complaint=complaint, id__gt=after).order_by("id").values_list("action", flat=True)]


def reminder_keys(complaint: Complaint) -> list[str]:
    return sorted(key.split("|")[0] for key in Notification.objects.filter(
        complaint=complaint, event="deadline_reminder").values_list("key", flat=True))


def snapshot() -> tuple[int, int]:
    last = (ComplaintEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0,
            Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0)
    return last


def test_one_sweep_at_restart_acts_on_every_missed_deadline_in_due_order_once(
        parties, sms, mailoutbox):
    rows = day_without_sweeps()
    events_before, notices_before = snapshot()
    restart = timezone.now()  # the scheduler comes back after a day without any sweep

    assert tasks.deadline_sweep_job(at=restart) == 7
    run_worker()

    assert first_effects(rows, notices_before) == due_order(rows)
    ran_out, ended = rows["odr_ran_out"], rows["mediation_ran_out"]
    ran_out.refresh_from_db()
    ended.refresh_from_db()
    assert (ran_out.status, ran_out.odr_outcome) == ("WITH_REGULATOR", "timed_out")
    assert system_actions(ran_out, events_before) == ["escalate"]
    assert (ended.status, ended.outcome, ended.outcome_reason) == (
        "CLOSED", "mediation_ended", "time_limit")
    # the consumer's closure SMS went out, which records the termination notice (art. 22)
    assert system_actions(ended, events_before) == ["end_mediation", "notify_termination"]
    late = rows["performance_late"]
    assert system_actions(late, events_before) == ["flag_delay"]
    overdue = rows["acceptance_overdue"]
    assert reminder_keys(overdue) == [
        f"overdue:{overdue.pk}:regulator_acceptance:{overdue.due_date}"]
    for name, clock in (("acceptance_tomorrow", "regulator_acceptance"),
                        ("odr_tomorrow", "odr_settlement")):
        row = rows[name]
        assert reminder_keys(row) == [f"reminder:{row.pk}:{clock}:{row.due_date}"]
    report = rows["report_today"]
    assert reminder_keys(report.complaint) == [
        f"reminder:{report.complaint_id}:report_verification:{report.due_date}"]
    odr_tomorrow = Complaint.objects.get(pk=rows["odr_tomorrow"].pk)
    assert odr_tomorrow.status == "WITH_BUSINESS", "its ten working days are not over yet"
    assert system_actions(odr_tomorrow, events_before) == []
    for name in ("acceptance_later", "mediation_later"):
        row = rows[name]
        assert system_actions(row, events_before) == []
        assert not row.notifications.filter(id__gt=notices_before).exists()
        assert Complaint.objects.get(pk=row.pk).status == row.status

    new = Notification.objects.filter(id__gt=notices_before)
    assert set(new.values_list("status", flat=True)) == {"sent"}
    assert len(mailoutbox) == new.filter(channel="email").count()
    assert len(sms) == new.filter(channel="sms").count()
    assert_nothing_more_happens(sms, mailoutbox)


def assert_nothing_more_happens(sms, mailoutbox) -> None:
    """The sweep and the worker again (the next tick, a second scheduler): no second effect."""
    events, notices = snapshot()
    sent = (len(sms), len(mailoutbox))
    assert tasks.deadline_sweep_job() == 0
    run_worker()
    assert snapshot() == (events, notices)
    assert (len(sms), len(mailoutbox)) == sent


def test_the_scheduler_runs_the_sweep_as_it_starts_so_nothing_waits_for_the_next_tick(
        parties, sms, mailoutbox):
    from django_rq.cron import DjangoCronScheduler

    rows = {"odr_ran_out": with_business(days(-2)),
            "acceptance_overdue": with_regulator(days(-1)),
            "acceptance_later": with_regulator(days(5))}
    run_worker()
    events_before, notices_before = snapshot()
    scheduler = DjangoCronScheduler()
    scheduler.load_config_from_file("config.cron")  # as `manage.py rqcron config.cron` does
    sweep = next(job for job in scheduler.get_jobs() if job.func_name == SWEEP)
    assert sweep.cron is None and sweep.interval == 15 * 60

    started = [job.func_name for job in scheduler.enqueue_jobs()]  # its first loop, at start
    assert SWEEP in started
    assert "service_net.coverage.tasks.coverage_sweep_job" not in started  # waits for 00:05
    run_worker()

    assert first_effects(rows, notices_before) == ["odr_ran_out", "acceptance_overdue"]
    assert system_actions(rows["odr_ran_out"], events_before) == ["escalate"]
    assert reminder_keys(rows["acceptance_overdue"])[0].startswith("overdue:")
    assert system_actions(rows["acceptance_later"], events_before) == []
    assert scheduler.enqueue_jobs() == [], "then every 15 minutes, not again at once"
    assert_nothing_more_happens(sms, mailoutbox)
