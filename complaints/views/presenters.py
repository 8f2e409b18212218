"""Labels for a complaint's history and status, translated at render time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from ..models import Complaint, Evidence
from ..rules import workflow

ACTION_LABELS = {
    workflow.SUBMIT: _("Complaint submitted"),
    workflow.ADD_INFORMATION: _("Information added"),
    workflow.ADD_EVIDENCE: _("Evidence added"),
    workflow.WITHDRAW: _("Complaint withdrawn"),
    workflow.CONFIRM_OUTCOME: _("Outcome confirmed"),
    workflow.ROUTE_TO_BUSINESS: _("Sent to the business (online dispute resolution)"),
    workflow.ROUTE_TO_REGULATOR: _("Sent to the market regulator"),
    workflow.BUSINESS_PROPOSE: _("The business answered"),
    workflow.BUSINESS_REJECT: _("The business rejected the complaint"),
    workflow.DECLINE_OUTCOME: _("Answer not accepted"),
    workflow.ESCALATE: _("Passed on to the market regulator"),
    workflow.ACCEPT: _("Accepted by the regulator"),
    workflow.REFUSE: _("Not accepted by the regulator"),
    workflow.ASSIGN: _("Assigned to a staff member"),
    workflow.PAUSE_CLOCK: _("Time limit paused for testing or appraisal"),
    workflow.RESUME_CLOCK: _("Time limit running again"),
    workflow.RECORD_AGREEMENT: _("Mediation agreement recorded"),
    workflow.END_MEDIATION: _("Mediation ended"),
    workflow.NOTIFY_TERMINATION: _("The parties were told of the result"),
    workflow.MARK_PERFORMED: _("The business did what was agreed"),
    workflow.FLAG_DELAY: _("Flagged: the business is late (deliberate delay)"),
    workflow.EXTEND: _("Report: decision time extended"),
    workflow.DECIDE_OPEN: _("Report: a case was opened"),
    workflow.DECIDE_NOT_OPEN: _("Report: no case opened"),
    workflow.REPORTER_NOTIFIED: _("Report: the reporter was told of the decision"),
    "erase_personal_data": _("Personal data erased on request"),  # complaints.services.privacy
}
ACTOR_LABELS = {
    workflow.CONSUMER: _("you (the consumer)"),
    workflow.REGULATOR: _("the regulator"),
    workflow.BUSINESS: _("the business"),
    workflow.ADMIN: _("an administrator"),
    workflow.SYSTEM: _("Sanbao"),
}


@dataclass(frozen=True)
class EventRow:
    at: datetime
    action: str
    label: str
    actor: str
    to_status: str
    status_label: str
    note: str


def action_label(action: str) -> str:
    """An event's action (with or without its dotted prefix) in words."""
    action = action.rsplit(".", 1)[-1]
    return str(ACTION_LABELS.get(action, action))


def actor_label(kind: str, viewer: str = "consumer") -> str:
    """Who acted, as the viewer reads it: the consumer is "you" to themselves only."""
    if kind == workflow.CONSUMER and viewer != "consumer":
        return str(_("the consumer"))
    return str(ACTOR_LABELS.get(kind, kind))


def event_rows(events, viewer: str = "consumer") -> list[EventRow]:
    """The history as the viewer ("consumer" or "staff") reads it."""
    statuses = dict(Complaint.Status.choices)
    rows = []
    for event in events:
        action = event.action.rsplit(".", 1)[-1]
        rows.append(EventRow(
            at=event.at, action=action, label=action_label(action),
            actor=actor_label(event.actor_kind, viewer),
            to_status=event.to_status, status_label=str(statuses.get(event.to_status, "")),
            note=_evidence_kind_label(event.note) if action == workflow.ADD_EVIDENCE else event.note))
    return rows


def _evidence_kind_label(kind: str) -> str:
    return str(dict(Evidence.Kind.choices).get(kind, kind))
