"""Background jobs of the complaints app: the deadline sweep and what it starts.

`deadline_sweep_job` runs every 15 minutes and as the scheduler starts (config/cron.py). It reads
the clock once (or takes it as `at`), finds with one query every row due by tomorrow and not yet
reminded for it (an overdue ODR or mediation clock always: the job moves the case on), and every
deliberate delay to flag, and enqueues one
job per row under a job key that names the row and its deadline, so a row whose job is still
open (queued, running, or waiting in the outbox for Redis) is not queued again. Each job locks
its row and decides again from what it finds: run twice or on several workers at once, a
complaint is escalated once and a reminder is created once (the notification key is unique).
The sweep also puts back notifications left `sending` by a worker that died.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from config.errors import DomainError
from config.jobs import batch as jobs_batch
from config.jobs import enqueue

from .models import Complaint, Notification, ReportPart
from .rules import deadlines as rules
from .rules import workflow

log = logging.getLogger(__name__)


def deadline_sweep_job(at: datetime | None = None) -> int:
    """Enqueue a job for every row due by tomorrow or late in performing, earliest due first;
    returns how many. Also puts back notifications whose sending worker died
    (notifications_unstick). `at`: the sweep's clock (default now; the cron passes nothing).

    It works from the rows' due dates, not from when it last ran: the first sweep after the
    scheduler was down catches up on everything that fell due meanwhile, in due order."""
    from .services.notifications import notifications_unstick

    at = at or timezone.now()
    today = timezone.localdate(at)
    horizon = today + timedelta(days=1)
    moves_on = Q(due_clock__in=_MOVED_ON_WHEN_LATE, due_date__lt=today)
    due = (_not_reminded(Complaint.objects.filter(due_date__lte=horizon), "pk", today, moves_on)
           .values_list(Value("complaint"), "pk", "due_clock", "due_date"))
    reports = (_not_reminded(ReportPart.objects.filter(due_date__lte=horizon), "complaint_id",
                             today)
               .values_list(Value("report"), "pk", "due_clock", "due_date"))
    delayed = (_deliberately_delayed(today)
               .values_list(Value("delay"), "pk", Value(""), F("performance_due_date")))
    jobs = {"complaint": complaint_deadline_job, "report": report_deadline_job,
            "delay": complaint_delay_job}
    # No ORDER BY in the parts (Complaint's Meta.ordering): SQLite refuses it in a UNION. The
    # jobs go out by due date, then id: after an outage the longest overdue is handled first.
    rows = sorted(due.order_by().union(reports.order_by(), delayed.order_by(), all=True),
                  key=lambda row: (row[3], row[1]))
    # One outbox INSERT; a job whose key names a row and deadline still open (queued, running,
    # or waiting for Redis) is not queued again (config.jobs: job_id is the outbox job_key).
    with transaction.atomic(), jobs_batch():
        for kind, pk, clock, on in rows:
            enqueue(jobs[kind], pk, job_id=f"deadline-{kind}-{pk}-{clock or 'delay'}-{on}")
    notifications_unstick(at=at)
    return len(rows)


# Clocks the sweep acts on once they have run out (escalate, end mediation): always queued.
_MOVED_ON_WHEN_LATE = (rules.ODR_SETTLEMENT, rules.MEDIATION)


def _reminder_key(complaint_id: int, clock: str, due: date, overdue: bool) -> str:
    """The notification key of a deadline reminder (the sweep's query below builds the same)."""
    return f"{'overdue' if overdue else 'reminder'}:{complaint_id}:{clock}:{due.isoformat()}"


def _not_reminded(rows, complaint_ref: str, today: date, always: Q | None = None):
    """`rows` without those already reminded for their current deadline and phase (due soon,
    or overdue), unless `always`: a row past due stays due, and without this every sweep would
    queue a job for every overdue case that has nothing left to do."""
    phase = Case(When(due_date__lt=today, then=Value("overdue")), default=Value("reminder"))
    key = Concat(phase, Value(":"), Cast(complaint_ref, CharField()), Value(":"), "due_clock",
                 Value(":"), Cast("due_date", CharField()), Value("|"), output_field=CharField())
    reminded = Exists(Notification.objects.filter(
        complaint_id=OuterRef(complaint_ref), event="deadline_reminder",
        key__startswith=OuterRef("_reminder_key")))
    rows = rows.annotate(_reminder_key=key)
    return rows.filter(~reminded | always) if always is not None else rows.filter(~reminded)


def _deliberately_delayed(today: date):
    """The complaints workflow.is_deliberate_delay holds for on `today` and not yet flagged, as
    one query (the partial index complaint_performance_idx)."""
    performable = Q()
    for status, outcome in workflow.PERFORMABLE_OUTCOMES:
        performable |= Q(status=status, outcome=outcome)
    return Complaint.objects.filter(
        performable, performed_at__isnull=True, delay_flagged_at__isnull=True,
        performance_due_date__lte=workflow.delayed_if_due_by(today))


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
            log.info("deadline job: complaint %s not moved: %s", complaint_id, exc.code)
            return "refused"
        _remind(complaint, complaint.due_clock, complaint.due_date, overdue, at)
        return "overdue" if overdue else "reminded"


def _act(complaint: Complaint, at: datetime) -> bool:
    from .services import workflow as services

    status = complaint.status
    if complaint.due_clock == rules.ODR_SETTLEMENT and status in workflow.WITH_THE_BUSINESS:
        services.complaint_escalate(complaint, actor=services.SYSTEM, at=at,
                                    reason="odr_time_limit")
        return True
    if (complaint.due_clock == rules.MEDIATION and status == workflow.IN_MEDIATION
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

    notify(event="deadline_reminder", complaint=complaint, at=at,
           key=_reminder_key(complaint.pk, clock, due, overdue),
           data={"clock": clock, "due_date": due.isoformat(), "overdue": overdue},
           record_unreachable=True)  # the sweep's memory that this reminder was done


def complaint_delay_job(complaint_id: int) -> str:
    """Flag deliberate delay (拖延, 处罚办法 art. 9) once: from the 16th day after the performance
    date. The service locks the row and decides again (a second run finds it flagged)."""
    from .services.workflow import complaint_flag_delay

    try:
        flagged = complaint_flag_delay(complaint_id, at=timezone.now())
    except Complaint.DoesNotExist:
        return "nothing"
    return "flagged" if flagged else "nothing"


def deadlines_recompute_job(year: int | None = None) -> int:
    """Recompute provisional due dates after a year's schedule was entered (or, daily, after the
    package learnt a new year)."""
    from .services.deadlines import deadlines_recompute

    return deadlines_recompute(year=year)
