"""The one way a complaint changes state: lock the row, ask the table, record, set the clock.

Every workflow service follows the same steps (style.md "Workflows"): `locked()` takes the row
with SELECT … FOR UPDATE (so two regulators accepting at once are served one after the other and
the second is refused by the table), `checked()` asks complaints.rules.workflow, the service sets
its own fields, and `record()` writes status, the event, the next deadline and saves.
Notifications go through complaints.services.notifications.notify inside the transaction (its
outbox rows are sent by jobs after commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import Conflict, InvalidInput

from ...models import Complaint, ComplaintEvent, ReportPart
from ...rules import workflow


@dataclass(frozen=True)
class Actor:
    """Who acts: kind from rules.workflow (consumer, business, regulator, system) and an id
    within the kind (a regulator's username, a manufacturer's id)."""

    kind: str
    id: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}" if self.id else self.kind


CONSUMER = Actor(workflow.CONSUMER)
SYSTEM = Actor(workflow.SYSTEM)

_REFUSALS = {
    "complaint_closed": gettext_lazy("This complaint is closed; it cannot be changed any more."),
    "no_outcome_proposed": gettext_lazy("There is no proposed outcome to answer."),
    "reason_required": gettext_lazy("Please give a reason."),
    "actor_not_allowed": gettext_lazy("You may not do this."),
    "not_with_business": gettext_lazy("The complaint is no longer with the business."),
    "not_awaiting_acceptance": gettext_lazy(
        "The complaint is not awaiting the regulator's decision (it may have been decided "
        "already)."),
    "not_in_mediation": gettext_lazy("The complaint is not in mediation."),
    "not_with_regulator": gettext_lazy("The complaint is not with the regulator."),
    "nothing_to_perform": gettext_lazy("Nothing agreed remains to be performed."),
    "already_performed": gettext_lazy("This was already recorded as performed."),
    "clock_already_paused": gettext_lazy("The mediation clock is already paused."),
    "clock_not_paused": gettext_lazy("The mediation clock is not paused."),
    "not_due_yet": gettext_lazy("The time limit has not run out yet."),
    "already_notified": gettext_lazy("The closure was already notified."),
    "report_decided": gettext_lazy("The report has already been decided."),
    "report_not_decided": gettext_lazy("The report has not been decided yet."),
    "already_extended": gettext_lazy("The report's time limit was already extended once."),
    "not_closed": gettext_lazy("The complaint has not been closed yet."),
    "already_routed": gettext_lazy("The complaint has already been sent on."),
    "already_submitted": gettext_lazy("The complaint has already been filed."),
}


class TransitionConflict(Conflict):
    """409 whose `code` is the refusal code (e.g. not_awaiting_acceptance); data.refusal too."""

    def __init__(self, refusal: workflow.Refusal, status: str):
        message = _REFUSALS.get(refusal.code) or _(
            "This is not possible in the complaint's current state.")
        super().__init__(message, refusal=refusal.code, status=status)
        self.code = refusal.code


def refused(code: str, status: str, detail: str = "") -> TransitionConflict:
    return TransitionConflict(workflow.Refusal(code, detail or code), status)


def locked(complaint: Complaint | int) -> Complaint:
    pk = complaint if isinstance(complaint, int) else complaint.pk
    return Complaint.objects.select_for_update().get(pk=pk)


def checked(complaint: Complaint, action: str, actor: Actor, reason: str = "") -> workflow.Move:
    try:
        return workflow.check(complaint.status, action, actor.kind, reason=reason)
    except workflow.TransitionRefused as exc:
        raise TransitionConflict(exc.refusal, complaint.status) from exc


def event(complaint: Complaint, action: str, from_status: str, to_status: str, actor: Actor,
          at: datetime, note: str = "", reason_code: str = "",
          entity: str = "complaint") -> ComplaintEvent:
    row = event_row(complaint, action, from_status, to_status, actor, at, note=note,
                    reason_code=reason_code, entity=entity)
    row.save(force_insert=True)
    return row


def event_row(complaint: Complaint, action: str, from_status: str, to_status: str, actor: Actor,
              at: datetime, note: str = "", reason_code: str = "",
              entity: str = "complaint") -> ComplaintEvent:
    """The event, not yet saved (complaint_file writes its events in one INSERT)."""
    return ComplaintEvent(
        complaint=complaint, action=f"complaints.{entity}.{action}", from_status=from_status,
        to_status=to_status, actor_kind=actor.kind, actor_id=actor.id, at=at, note=note,
        reason_code=reason_code)


def record(complaint: Complaint, move: workflow.Move, action: str, actor: Actor, at: datetime, *,
           fields: tuple[str, ...] = (), note: str = "", reason_code: str = "") -> Complaint:
    """Write the move: status (when it changes), the event, the next deadline, the fields the
    service set on the locked row."""
    before = complaint.status
    changed = list(fields)
    if move.target != before:
        complaint.status, complaint.status_changed_at = move.target, at
        changed += ["status", "status_changed_at"]
    from .. import deadlines  # the owner may replace it; looked up at call time

    deadlines.complaint_due_set(complaint)
    changed += ["due_clock", "due_date", "due_provisional"]
    complaint.save(update_fields=sorted(set(changed)))
    event(complaint, action, before, move.target, actor, at, note=note, reason_code=reason_code)
    return complaint


def notify(event_name: str, complaint: Complaint, at: datetime, **data) -> None:
    """Tell the parties concerned (complaints.services.notifications); no personal data."""
    from .. import notifications

    notifications.notify(event=event_name, complaint=complaint, at=at, data=data or None)


def to_regulator(complaint: Complaint, at: datetime, odr_outcome: str) -> tuple[str, ...]:
    """The complaint reaches the regulator now: its 7-working-day acceptance clock starts."""
    complaint.regulator_received_at = at
    complaint.odr_outcome = odr_outcome
    return ("regulator_received_at", "odr_outcome")


def clock_overdue(row: Complaint, clock: str, at: datetime) -> bool:
    """`clock` is the row's running clock and its due date has passed on `at`'s local date: the
    condition of the system's own moves (a stale or early sweep job is refused not_due_yet)."""
    return (row.due_clock == clock and row.due_date is not None
            and timezone.localdate(at) > row.due_date)


def paused_working_days(since: date, until: date) -> int:
    """Working days d with since < d <= until: how long testing or appraisal stopped the clock."""
    from .. import deadlines

    return deadlines.working_days_between(since, until)


def paused_clock_stopped(row: Complaint, at: datetime) -> tuple[str, ...]:
    """The case leaves mediation (closed, withdrawn) while its clock is paused: the pause ends
    now and its working days are kept for the record. Returns the fields to save."""
    if row.clock_paused_since is not None:
        row.clock_paused_working_days += paused_working_days(row.clock_paused_since,
                                                             timezone.localdate(at))
        row.clock_paused_since = None
    return ("clock_paused_since", "clock_paused_working_days")


def required_text(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput([{"field": field, "reason": str(message)}])
    return value


def reason_code_checked(code: str, reasons: dict, field: str = "reason_code") -> str:
    if workflow.reason_code_refusal(code, reasons) is not None:
        raise InvalidInput([{"field": field, "reason": _("Choose one of the listed reasons."),
                             "choices": sorted(reasons)}])
    return code


def locked_report(report: ReportPart | int) -> ReportPart:
    pk = report if isinstance(report, int) else report.pk
    return ReportPart.objects.select_for_update().select_related("complaint").get(pk=pk)
