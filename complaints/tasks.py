"""Background jobs of the complaints app: the deadline sweep and what it starts.

`deadline_sweep_job` runs every 15 minutes (config/cron.py). It reads the clock once, finds with
one query every row due by tomorrow (and every deliberate delay to flag), and enqueues one job per
row under a job id that names the row and its deadline, so a row already queued is not queued
again. Each job locks its row and decides again from what it finds: run twice or on several
workers at once, a complaint is escalated once and a reminder is created once (the notification
key is unique).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.utils import timezone

from config.errors import DomainError
from config.jobs import enqueue

from .models import Complaint, ReportPart
from .rules import deadlines as rules
from .rules import workflow

log = logging.getLogger(__name__)
_ODR_STATES = (workflow.WITH_BUSINESS, workflow.BUSINESS_PROPOSED)
_DELAY_STATES = (workflow.SETTLED, workflow.CLOSED)
_PENDING = ("queued", "started", "scheduled", "deferred")


def deadline_sweep_job() -> int:
    """Enqueue a job for every row due by tomorrow or late in performing; returns how many."""
    today = timezone.localdate()
    horizon, delay_line = today + timedelta(days=1), today - timedelta(days=rules.DELAY_GRACE_DAYS)
    due = (Complaint.objects.filter(due_date__lte=horizon)
           .values_list(Value("complaint"), "pk", "due_clock", "due_date"))
    reports = (ReportPart.objects.filter(due_date__lte=horizon)
               .values_list(Value("report"), "pk", "due_clock", "due_date"))
    delayed = (Complaint.objects.filter(status__in=_DELAY_STATES, performed_at__isnull=True,
                                        delay_flagged_at__isnull=True,
                                        performance_due_date__lt=delay_line)
               .values_list(Value("delay"), "pk", Value(""), F("performance_due_date")))
    jobs = {"complaint": complaint_deadline_job, "report": report_deadline_job,
            "delay": complaint_delay_job}
    rows = list(due.union(reports, delayed, all=True))
    for kind, pk, clock, on in rows:
        _enqueue_once(jobs[kind], pk, job_id=f"deadline-{kind}-{pk}-{clock or 'delay'}-{on}")
    return len(rows)


def _enqueue_once(func, pk: int, *, job_id: str) -> None:
    """Skip a job whose id is still waiting or running (a slow worker, a second sweep)."""
    if settings.REDIS_URL:
        import django_rq
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        try:
            status = Job.fetch(job_id, connection=django_rq.get_connection("default")).get_status()
        except NoSuchJobError:
            status = None
        if status is not None and str(getattr(status, "value", status)) in _PENDING:
            return
    enqueue(func, pk, job_id=job_id)


def complaint_deadline_job(complaint_id: int) -> str:
    """Act on one complaint's clock: escalate a missed ODR, end overdue mediation, else remind."""
    at = timezone.now()
    today = timezone.localdate(at)
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
        if complaint is None or complaint.due_date is None:
            return "not_due"
        if complaint.due_date > today + timedelta(days=1):
            return "not_due"
        overdue = complaint.due_date < today
        try:
            if overdue and _act(complaint, at):
                return "acted"
        except DomainError as exc:  # the table refused: someone moved it first; decide next sweep
            log.info("deadline job: complaint %s not moved: %s", complaint_id, exc)
            return "refused"
        _remind(complaint, complaint.due_clock, complaint.due_date, overdue, at)
        return "overdue" if overdue else "reminded"


def _act(complaint: Complaint, at: datetime) -> bool:
    from .services import workflow as services

    if complaint.due_clock == rules.ODR_SETTLEMENT and complaint.status in _ODR_STATES:
        services.complaint_escalate(complaint, actor=services.SYSTEM, at=at,
                                    reason="odr_time_limit")
        return True
    if (complaint.due_clock == rules.MEDIATION and complaint.status == workflow.IN_MEDIATION
            and complaint.clock_paused_since is None):
        services.complaint_end_mediation(complaint, reason_code="time_limit",
                                         actor=services.SYSTEM, at=at)
        return True
    return False


def report_deadline_job(report_id: int) -> str:
    """Remind the regulator of a report part (举报) due by tomorrow, once per deadline."""
    at = timezone.now()
    today = timezone.localdate(at)
    with transaction.atomic():
        report = (ReportPart.objects.select_for_update().select_related("complaint")
                  .filter(pk=report_id).first())
        if report is None or report.due_date is None or report.due_date > today + timedelta(days=1):
            return "not_due"
        overdue = report.due_date < today
        _remind(report.complaint, report.due_clock, report.due_date, overdue, at)
        return "overdue" if overdue else "reminded"


def _remind(complaint: Complaint, clock: str, due: date, overdue: bool, at: datetime) -> None:
    from .services.notifications import notify

    prefix = "overdue" if overdue else "reminder"
    notify(event="deadline_reminder", complaint=complaint, at=at,
           key=f"{prefix}:{complaint.pk}:{clock}:{due.isoformat()}",
           data={"clock": clock, "due_date": due.isoformat(), "overdue": overdue})


def complaint_delay_job(complaint_id: int) -> str:
    """Flag deliberate delay (拖延, 处罚办法 art. 9) once: 15 days past the performance date."""
    at = timezone.now()
    line = timezone.localdate(at) - timedelta(days=rules.DELAY_GRACE_DAYS)
    with transaction.atomic():
        complaint = (Complaint.objects.select_for_update()
                     .filter(pk=complaint_id, status__in=_DELAY_STATES, performed_at__isnull=True,
                             delay_flagged_at__isnull=True, performance_due_date__lt=line)
                     .first())
        if complaint is None:
            return "nothing"
        from .services.workflow import complaint_flag_delay

        return "flagged" if complaint_flag_delay(complaint, at=at) else "nothing"


def deadlines_recompute_job(year: int | None = None) -> int:
    """Recompute provisional due dates after a year's schedule was entered (or, daily, after the
    package learnt a new year)."""
    from .services.deadlines import deadlines_recompute

    return deadlines_recompute(year=year)
