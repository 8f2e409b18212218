"""The regulator's moves (暂行办法 2022): accept or refuse within 7 working days of receipt
(art. 15–16), mediate within 45 working days of acceptance with testing time not counted
(art. 17–24), close with an agreement or end mediation with a reason, notify the closure within 7
working days (art. 22). Scope (which regulator may act on which complaint) is the caller's: the
console reads complaints through complaints_visible_to(user) and answers 404 outside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError, InvalidInput

from ...models import Complaint
from ...rules import workflow
from ...rules.deadlines import MEDIATION, TERMINATION_NOTICE_OUTCOMES
from ._core import (
    Actor,
    checked,
    clock_overdue,
    locked,
    notify,
    paused_clock_stopped,
    paused_working_days,
    reason_code_checked,
    record,
    refused,
    required_text,
)
from .versions import ComplaintChanged, complaint_unchanged_since


@transaction.atomic
def complaint_accept(complaint: Complaint, *, actor: Actor, at: datetime) -> Complaint:
    """Accept the complaint for mediation (暂行办法 art. 16): IN_MEDIATION, the 45-working-day
    clock starts. Of two regulators accepting at once one wins; the other gets Conflict
    (not_awaiting_acceptance) once the first has committed."""
    row = locked(complaint)
    move = checked(row, workflow.ACCEPT, actor)
    row.accepted_at = at
    record(row, move, workflow.ACCEPT, actor, at, fields=("accepted_at",))
    notify("accepted", row, at)
    return row


@transaction.atomic
def complaint_refuse(complaint: Complaint, *, reason_code: str, note: str = "", actor: Actor,
                     at: datetime) -> Complaint:
    """Refuse to accept (暂行办法 art. 15) with a code of REFUSAL_REASONS: CLOSED, outcome
    refused. InvalidInput on an unknown code."""
    reason_code_checked(reason_code, workflow.REFUSAL_REASONS)
    row = locked(complaint)
    move = checked(row, workflow.REFUSE, actor, reason=reason_code)
    row.outcome, row.outcome_reason, row.closed_at = Complaint.Outcome.REFUSED, reason_code, at
    record(row, move, workflow.REFUSE, actor, at, fields=("outcome", "outcome_reason",
                                                          "closed_at"),
           note=(note or "").strip(), reason_code=reason_code)
    notify("refused", row, at, reason_code=reason_code)
    return row


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # {"id", "code"}, + "status" if moved


def complaints_bulk_decide(ids: Iterable[int], *, decision: str, reason_code: str = "",
                           note: str = "", actor: Actor, at: datetime, scope=None,
                           versions: dict[int, int] | None = None) -> BulkResult:
    """Accept or refuse several complaints, each in its own transaction: one refused (already
    decided, out of `scope` — a queryset of the complaints the actor may see) does not undo the
    others. `versions` ({id: version the actor saw}, see versions.py) skips a complaint that
    changed since (code complaint_changed, with its status now). InvalidInput on an unknown
    decision or refusal code, before anything is written."""
    if decision not in ("accept", "refuse"):
        raise InvalidInput([{"field": "decision", "reason": str(_("Choose accept or refuse."))}])
    if decision == "refuse":
        reason_code_checked(reason_code, workflow.REFUSAL_REASONS)
    ids = list(dict.fromkeys(int(i) for i in ids))
    visible = set(scope.filter(pk__in=ids).values_list("pk", flat=True)) \
        if scope is not None else None
    result = BulkResult()
    for pk in ids:
        if visible is not None and pk not in visible:
            result.refused.append({"id": pk, "code": "not_found"})
            continue
        try:
            with complaint_unchanged_since(pk, version=(versions or {}).get(pk)):
                if decision == "accept":
                    complaint_accept(pk, actor=actor, at=at)
                else:
                    complaint_refuse(pk, reason_code=reason_code, note=note, actor=actor, at=at)
        except Complaint.DoesNotExist:
            result.refused.append({"id": pk, "code": "not_found"})
        except ComplaintChanged as exc:  # moved since the actor saw it: say where it is now
            result.refused.append({"id": pk, "code": exc.code, "status": exc.data["status"]})
        except DomainError as exc:
            result.refused.append({"id": pk, "code": exc.code})
        else:
            result.done.append(pk)
    return result


@transaction.atomic
def complaint_assign(complaint: Complaint, *, staff_user, actor: Actor,
                     at: datetime) -> Complaint:
    """Give the case to a staff member (or None to unassign): an event only (internal)."""
    row = locked(complaint)
    move = checked(row, workflow.ASSIGN, actor)
    row.assigned_to = staff_user
    return record(row, move, workflow.ASSIGN, actor, at, fields=("assigned_to",),
                  note=staff_user.get_username() if staff_user is not None else "")


@transaction.atomic
def complaint_clock_pause(complaint: Complaint, *, reason: str, actor: Actor,
                          at: datetime) -> Complaint:
    """Testing or appraisal starts: the mediation clock stops (暂行办法 art. 23)."""
    reason = required_text(reason, "reason", _("Please say what is being tested or appraised."))
    row = locked(complaint)
    move = checked(row, workflow.PAUSE_CLOCK, actor, reason=reason)
    _clock_guard(row, workflow.PAUSE_CLOCK)
    row.clock_paused_since = timezone.localdate(at)
    return record(row, move, workflow.PAUSE_CLOCK, actor, at, fields=("clock_paused_since",),
                  note=reason)


@transaction.atomic
def complaint_clock_resume(complaint: Complaint, *, actor: Actor, at: datetime) -> Complaint:
    """Testing or appraisal is over: the working days it took are added to the mediation limit."""
    row = locked(complaint)
    move = checked(row, workflow.RESUME_CLOCK, actor)
    _clock_guard(row, workflow.RESUME_CLOCK)
    paused = paused_working_days(row.clock_paused_since, timezone.localdate(at))
    row.clock_paused_working_days += paused
    row.clock_paused_since = None
    return record(row, move, workflow.RESUME_CLOCK, actor, at,
                  fields=("clock_paused_since", "clock_paused_working_days"),
                  note=str(paused))


def _clock_guard(row: Complaint, action: str) -> None:
    refusal = workflow.clock_refusal(action, paused=row.clock_paused_since is not None)
    if refusal is not None:
        raise refused(refusal.code, row.status)


def _close_mediation(row: Complaint, at: datetime) -> tuple[str, ...]:
    """A paused clock ends with the mediation; its days are kept for the record."""
    row.closed_at = at
    return paused_clock_stopped(row, at) + ("closed_at",)


@transaction.atomic
def complaint_record_agreement(complaint: Complaint, *, terms: str, perform_by: date | None,
                               actor: Actor, at: datetime) -> Complaint:
    """Mediation succeeded (暂行办法 art. 24): CLOSED, outcome agreement with its terms; what was
    agreed is due by `perform_by` (15 days later it is deliberate delay)."""
    terms = required_text(terms, "terms", _("Please write down what was agreed."))
    if perform_by is not None and perform_by < timezone.localdate(at):
        raise InvalidInput([{"field": "perform_by", "reason": str(_("This date has already passed."))}])
    row = locked(complaint)
    move = checked(row, workflow.RECORD_AGREEMENT, actor, reason=terms)
    row.outcome, row.outcome_terms = Complaint.Outcome.AGREEMENT, terms
    row.performance_due_date = perform_by
    fields = _close_mediation(row, at) + ("outcome", "outcome_terms", "performance_due_date")
    record(row, move, workflow.RECORD_AGREEMENT, actor, at, fields=fields, note=terms)
    notify("mediation_closed", row, at, outcome="agreement")
    return row


@transaction.atomic
def complaint_end_mediation(complaint: Complaint, *, reason_code: str, note: str = "",
                            actor: Actor, at: datetime) -> Complaint:
    """Mediation ends without agreement (暂行办法 art. 22) for a code of MEDIATION_END_REASONS:
    CLOSED, outcome mediation_ended. The system ends it with "time_limit" once the 45 working
    days have run out (Conflict not_due_yet before; a second sweep gets not_in_mediation)."""
    reason_code_checked(reason_code, workflow.MEDIATION_END_REASONS)
    row = locked(complaint)
    move = checked(row, workflow.END_MEDIATION, actor, reason=reason_code)
    if actor.kind == workflow.SYSTEM and (
            reason_code != "time_limit" or not clock_overdue(row, MEDIATION, at)):
        raise refused("not_due_yet", row.status)  # a paused clock has no due date
    row.outcome, row.outcome_reason = Complaint.Outcome.MEDIATION_ENDED, reason_code
    fields = _close_mediation(row, at) + ("outcome", "outcome_reason")
    record(row, move, workflow.END_MEDIATION, actor, at, fields=fields,
           note=(note or "").strip(), reason_code=reason_code)
    notify("mediation_closed", row, at, outcome="mediation_ended", reason_code=reason_code)
    return row


@transaction.atomic
def complaint_termination_notified(complaint: Complaint | int, *, actor: Actor,
                                   at: datetime) -> Complaint:
    """The parties were told that mediation ended (暂行办法 art. 22: within 7 working days): the
    termination_notice clock stops. Conflict (already_notified) the second time."""
    row = locked(complaint)
    move = checked(row, workflow.NOTIFY_TERMINATION, actor)
    if row.outcome not in TERMINATION_NOTICE_OUTCOMES:
        raise refused("not_closed", row.status)
    if row.termination_notified_at is not None:
        raise refused("already_notified", row.status)
    row.termination_notified_at = at
    return record(row, move, workflow.NOTIFY_TERMINATION, actor, at,
                  fields=("termination_notified_at",))
