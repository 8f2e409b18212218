"""The deadline sweep (complaints.tasks) against real PostgreSQL and Redis: it escalates, ends
mediation, reminds and flags deliberate delay once, however often and on however many workers
it runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints import tasks
from complaints.models import Complaint, ComplaintEvent, Notification, ReportPart
from complaints.services.deadlines import complaint_due_set, report_due_set
from config.models import OutboxJob
from tests.integration.concurrency_support import run_at_once
from tests.integration.filing_support import draft, entitlement_tables, evidence_root  # noqa: F401

pytestmark = pytest.mark.usefixtures("entitlement_tables", "evidence_root")
ESCALATE = "complaints.complaint.escalate"


def case(**state) -> Complaint:
    """A complaint filed through the real service, put in `state`, its clock set from it."""
    from complaints.services import complaint_file

    complaint = complaint_file(draft=draft(respondent_address="甘肃省武威市凉州区西大街街道南关路8号"),
                               at=timezone.now())
    Complaint.objects.filter(pk=complaint.pk).update(**state)
    complaint.refresh_from_db()
    complaint_due_set(complaint)
    complaint.save(update_fields=["due_clock", "due_date", "due_provisional"])
    return complaint


def queued_keys() -> list[str]:
    """The job keys of what RQ holds (pushed from the outbox as outbox-<row id>)."""
    import django_rq

    ids = [int(job_id.removeprefix("outbox-")) for job_id in django_rq.get_queue("default").job_ids]
    return list(OutboxJob.objects.filter(pk__in=ids).order_by("pk")
                .values_list("job_key", flat=True))


def ago(days: int):
    return timezone.now() - timedelta(days=days)


def odr_overdue() -> Complaint:
    return case(status="WITH_BUSINESS", odr_started_at=ago(40), regulator_received_at=None,
                odr_outcome="")


def due_tomorrow() -> Complaint:
    """With the regulator, its 7 working days ending tomorrow (due_date set as the clock would)."""
    complaint = case(status="WITH_REGULATOR", regulator_received_at=ago(3))
    Complaint.objects.filter(pk=complaint.pk).update(
        due_date=timezone.localdate() + timedelta(days=1))
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def regulator_mailbox(county_regulator):
    """凉州区's regulator with an e-mail address, so reminders to the regulator have a recipient."""
    county_regulator.user.email = "liangzhou-amr@example.org"
    county_regulator.user.save(update_fields=["email"])
    return county_regulator


def reminders(complaint: Complaint) -> list[str]:
    return list(Notification.objects.filter(complaint=complaint, event="deadline_reminder")
                .values_list("key", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_missed_odr_is_escalated_once_when_sweep_and_worker_run_twice(redis_conn):
    import django_rq

    complaint = odr_overdue()
    assert complaint.due_clock == "odr_settlement" and complaint.due_date < timezone.localdate()
    assert tasks.deadline_sweep_job() == 1
    assert tasks.deadline_sweep_job() == 1  # the job is still queued: not queued again
    django_rq.get_worker("default").work(burst=True)
    assert tasks.complaint_deadline_job(complaint.pk) == "not_due"  # a late duplicate
    assert tasks.deadline_sweep_job() == 0
    complaint.refresh_from_db()
    assert (complaint.status, complaint.odr_outcome) == ("WITH_REGULATOR", "timed_out")
    assert complaint.due_clock == "regulator_acceptance"
    assert ComplaintEvent.objects.filter(complaint=complaint, action=ESCALATE,
                                         actor_kind="system").count() == 1


@pytest.mark.django_db(transaction=True)
def test_sweeps_run_concurrently_escalate_once_and_remind_once(
        regulator_mailbox, redis_conn):
    late, soon = odr_overdue(), due_tomorrow()
    def sweep_and_work():
        tasks.deadline_sweep_job()
        for pk in (late.pk, soon.pk):  # as two RQ workers would, at the same moment
            tasks.complaint_deadline_job(pk)

    failures = run_at_once(sweep_and_work)
    assert failures == []
    assert ComplaintEvent.objects.filter(complaint=late, action=ESCALATE).count() == 1
    assert reminders(soon) == [
        f"reminder:{soon.pk}:regulator_acceptance:{soon.due_date.isoformat()}"
        f"|regulator:user:{regulator_mailbox.user.pk}|email"]


@pytest.mark.django_db
def test_the_sweep_queues_one_job_per_row_due_by_tomorrow_and_none_for_later(
        redis_conn, django_capture_on_commit_callbacks):
    soon = due_tomorrow()
    later = case(status="WITH_REGULATOR", regulator_received_at=timezone.now())
    assert later.due_date > timezone.localdate() + timedelta(days=1)
    for _ in range(2):  # the second sweep finds the job still queued: not queued again
        with django_capture_on_commit_callbacks(execute=True):
            tasks.deadline_sweep_job()
    assert queued_keys() == [f"deadline-complaint-{soon.pk}-regulator_acceptance-{soon.due_date}"]


@pytest.mark.django_db
def test_a_reminder_is_created_once_and_an_overdue_notice_once_past_due(regulator_mailbox):
    soon = due_tomorrow()
    assert tasks.complaint_deadline_job(soon.pk) == "reminded"
    assert tasks.complaint_deadline_job(soon.pk) == "reminded"
    assert len(reminders(soon)) == 1
    Complaint.objects.filter(pk=soon.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    assert tasks.complaint_deadline_job(soon.pk) == "overdue"
    tasks.complaint_deadline_job(soon.pk)
    keys = sorted(key.split("|")[0].split(":")[0] for key in reminders(soon))
    assert keys == ["overdue", "reminder"]


@pytest.mark.django_db
def test_a_row_no_longer_due_is_left_alone_by_a_stale_job():
    later = case(status="WITH_REGULATOR", regulator_received_at=timezone.now())
    assert tasks.complaint_deadline_job(later.pk) == "not_due"
    assert reminders(later) == []


@pytest.mark.django_db
def test_mediation_past_45_working_days_ends_with_the_time_limit_but_not_while_paused():
    running = case(status="IN_MEDIATION", regulator_received_at=ago(130), accepted_at=ago(120))
    paused = case(status="IN_MEDIATION", regulator_received_at=ago(130), accepted_at=ago(120),
                  clock_paused_since=timezone.localdate() - timedelta(days=100))
    assert running.due_clock == "mediation" and paused.due_date is None
    assert tasks.complaint_deadline_job(running.pk) == "acted"
    assert tasks.complaint_deadline_job(running.pk) == "not_due"  # closed and notice clock fresh
    running.refresh_from_db()
    assert (running.status, running.outcome, running.outcome_reason) == (
        "CLOSED", "mediation_ended", "time_limit")
    assert running.due_clock == "termination_notice"
    assert tasks.complaint_deadline_job(paused.pk) == "not_due"


@pytest.mark.django_db
def test_deliberate_delay_is_flagged_once_from_the_16th_day_after_the_performance_date(
        django_capture_on_commit_callbacks, redis_conn):
    today = timezone.localdate()
    day_15 = case(status="SETTLED", outcome="odr_settled",
                  performance_due_date=today - timedelta(days=15))
    day_16 = case(status="SETTLED", outcome="odr_settled",
                  performance_due_date=today - timedelta(days=16))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.deadline_sweep_job()
    assert queued_keys() == [f"deadline-delay-{day_16.pk}-delay-{day_16.performance_due_date}"]
    assert tasks.complaint_delay_job(day_16.pk) == "flagged"
    assert tasks.complaint_delay_job(day_16.pk) == "nothing"
    assert tasks.complaint_delay_job(day_15.pk) == "nothing"
    day_16.refresh_from_db()
    assert day_16.delay_flagged_at is not None
    assert ComplaintEvent.objects.filter(complaint=day_16, actor_kind="system").exclude(
        action__in=["complaints.complaint.submit", "complaints.complaint.route_to_regulator",
                    "complaints.complaint.route_to_business"]).count() == 1


@pytest.mark.django_db
def test_a_report_part_due_tomorrow_is_reminded_once(regulator_mailbox):
    complaint = case(status="WITH_REGULATOR", regulator_received_at=timezone.now())
    report = ReportPart.objects.create(complaint=complaint, kind="fake_outlet", facts="假冒网点",
                                       created_at=ago(30))
    report_due_set(report)
    assert report.due_clock == "report_verification"
    report.due_date = timezone.localdate() + timedelta(days=1)
    report.save()
    assert tasks.report_deadline_job(report.pk) == "reminded"
    assert tasks.report_deadline_job(report.pk) == "reminded"
    assert tasks.deadline_sweep_job() == 0  # reminded: not queued again every 15 minutes
    assert [k.split("|")[0] for k in reminders(complaint)] == [
        f"reminder:{complaint.pk}:report_verification:{report.due_date}"]


@pytest.mark.django_db
def test_a_row_already_reminded_is_not_queued_again_until_it_is_overdue(regulator_mailbox,
                                                                        redis_conn):
    soon = due_tomorrow()
    assert tasks.deadline_sweep_job() == 1
    assert tasks.complaint_deadline_job(soon.pk) == "reminded"
    assert tasks.deadline_sweep_job() == 0
    Complaint.objects.filter(pk=soon.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    assert tasks.deadline_sweep_job() == 1  # now the overdue notice is owed
    assert tasks.complaint_deadline_job(soon.pk) == "overdue"
    assert tasks.deadline_sweep_job() == 0


@pytest.mark.django_db
def test_a_missed_odr_is_queued_even_when_its_overdue_notice_exists(redis_conn):
    late = odr_overdue()
    Notification.objects.create(
        key=f"overdue:{late.pk}:odr_settlement:{late.due_date}|business:user:1|email",
        event="deadline_reminder", complaint=late, recipient_kind="business", channel="email",
        template="deadline_reminder", created_at=timezone.now())
    assert tasks.deadline_sweep_job() == 1
