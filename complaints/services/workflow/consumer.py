"""The consumer's moves: add information, withdraw, answer the business's proposal, escalate.

Legal basis: 暂行办法 art. 9 (complete the content), art. 22(1) (withdrawal ends it); ODR [B]: the
consumer accepts or declines the business's answer and may go on to the regulator at any time
before a settlement.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ...models import BusinessResponse, Complaint
from ...rules import workflow
from ...rules.deadlines import ODR_SETTLEMENT
from ._core import (
    CONSUMER,
    Actor,
    checked,
    clock_overdue,
    locked,
    notify,
    paused_clock_stopped,
    record,
    refused,
    required_text,
    to_regulator,
)


@transaction.atomic
def complaint_add_information(complaint: Complaint, *, text: str, at: datetime,
                              actor: Actor = CONSUMER) -> Complaint:
    """Add facts to a complaint still open (暂行办法 art. 9). Text only; files go through
    evidence_add. InvalidInput when empty, Conflict (complaint_closed) when it has ended."""
    text = required_text(text, "text", _("Please write the information to add."))
    row = locked(complaint)
    move = checked(row, workflow.ADD_INFORMATION, actor)
    return record(row, move, workflow.ADD_INFORMATION, actor, at, note=text)


@transaction.atomic
def complaint_withdraw(complaint: Complaint, *, reason: str, at: datetime,
                       actor: Actor = CONSUMER) -> Complaint:
    """The consumer withdraws the complaint from any open state (暂行办法 art. 22(1)): outcome
    "withdrawn", closed now; the business or the regulator that held it is told (the reason is
    not sent: it is the consumer's text). A business proposal still awaiting the consumer is
    answered by the withdrawal (declined: it was not taken up), and a paused mediation clock
    stops. InvalidInput without a reason, Conflict when it has ended."""
    reason = required_text(reason, "reason", _("Please say why you withdraw."))
    row = locked(complaint)
    move = checked(row, workflow.WITHDRAW, actor, reason=reason)
    held_by = workflow.holder(row.status)
    _pending_proposal_declined(row, at)
    row.outcome, row.closed_at = Complaint.Outcome.WITHDRAWN, at
    fields = ("outcome", "closed_at") + paused_clock_stopped(row, at)
    record(row, move, workflow.WITHDRAW, actor, at, fields=fields, note=reason)
    notify("withdrawn", row, at, party=held_by)
    return row


def _pending_response(row: Complaint) -> BusinessResponse:
    response = row.business_responses.select_for_update().filter(
        consumer_decision=BusinessResponse.Decision.PENDING).exclude(
        kind=BusinessResponse.Kind.REJECT).order_by("-responded_at", "-id").first()
    if response is None:
        raise refused("no_outcome_proposed", row.status)
    return response


@transaction.atomic
def complaint_confirm_outcome(complaint: Complaint, *, at: datetime, note: str = "",
                              actor: Actor = CONSUMER) -> Complaint:
    """The consumer accepts the business's answer (ODR): SETTLED, outcome odr_settled, what
    was promised is due by the answer's perform_by. Conflict (no_outcome_proposed) otherwise."""
    row = locked(complaint)
    move = checked(row, workflow.CONFIRM_OUTCOME, actor)
    response = _pending_response(row)
    response.consumer_decision, response.decided_at = BusinessResponse.Decision.ACCEPTED, at
    response.save(update_fields=["consumer_decision", "decided_at"])
    row.odr_outcome, row.outcome = Complaint.OdrOutcome.SETTLED, Complaint.Outcome.ODR_SETTLED
    row.outcome_terms = _terms(response)
    row.performance_due_date, row.closed_at = response.perform_by, at
    record(row, move, workflow.CONFIRM_OUTCOME, actor, at, note=(note or "").strip(),
           fields=("odr_outcome", "outcome", "outcome_terms", "performance_due_date",
                   "closed_at"))
    notify("outcome_confirmed", row, at)
    return row


def _terms(response: BusinessResponse) -> str:
    remedy = response.get_remedy_display() if response.remedy else ""
    return " · ".join(part for part in (str(remedy), response.terms) if part)


@transaction.atomic
def complaint_decline_outcome(complaint: Complaint, *, reason: str, at: datetime,
                              actor: Actor = CONSUMER) -> Complaint:
    """The consumer declines the business's answer: the complaint goes to the regulator (ODR
    not settled), whose 7-working-day acceptance clock starts now."""
    reason = required_text(reason, "reason", _("Please say why you do not accept."))
    row = locked(complaint)
    move = checked(row, workflow.DECLINE_OUTCOME, actor, reason=reason)
    response = _pending_response(row)
    response.consumer_decision, response.decided_at = BusinessResponse.Decision.DECLINED, at
    response.save(update_fields=["consumer_decision", "decided_at"])
    fields = to_regulator(row, at, Complaint.OdrOutcome.NOT_SETTLED)
    record(row, move, workflow.DECLINE_OUTCOME, actor, at, fields=fields, note=reason)
    notify("outcome_declined", row, at)
    notify("escalated", row, at)
    return row


def _pending_proposal_declined(row: Complaint, at: datetime) -> None:
    """A business proposal still awaiting the consumer is answered when the complaint leaves the
    business (withdrawn, or escalated to the regulator): declined, it was not taken up."""
    row.business_responses.filter(consumer_decision=BusinessResponse.Decision.PENDING).exclude(
        kind=BusinessResponse.Kind.REJECT).update(
        consumer_decision=BusinessResponse.Decision.DECLINED, decided_at=at)


@transaction.atomic
def complaint_escalate(complaint: Complaint, *, actor: Actor, at: datetime,
                       reason: str = "") -> Complaint:
    """The complaint leaves the business for the regulator: by the consumer at any time before a
    settlement (odr_outcome not_settled), or by the system once the business's 10 working days
    have run out (timed_out; Conflict not_due_yet before, so a stale sweep cannot move it
    early). A proposal awaiting the consumer is declined. A second call is a Conflict
    (not_with_business): sweeps may run twice."""
    row = locked(complaint)
    move = checked(row, workflow.ESCALATE, actor)
    if actor.kind == workflow.SYSTEM:
        if not clock_overdue(row, ODR_SETTLEMENT, at):
            raise refused("not_due_yet", row.status)
        odr_outcome = Complaint.OdrOutcome.TIMED_OUT
    else:
        odr_outcome = Complaint.OdrOutcome.NOT_SETTLED
    _pending_proposal_declined(row, at)
    fields = to_regulator(row, at, odr_outcome)
    record(row, move, workflow.ESCALATE, actor, at, fields=fields, note=(reason or "").strip(),
           reason_code=odr_outcome)
    notify("escalated", row, at)
    return row
