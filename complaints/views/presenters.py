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


def event_rows(events, viewer: str = "consumer") -> list[EventRow]:
    """The history as the viewer reads it: the consumer is "you" to themselves only."""
    statuses = dict(Complaint.Status.choices)
    actors = {**ACTOR_LABELS, workflow.CONSUMER: _("the consumer")} if viewer == "staff" \
        else ACTOR_LABELS
    rows = []
    for event in events:
        action = event.action.rsplit(".", 1)[-1]
        rows.append(EventRow(
            at=event.at, action=action, label=str(ACTION_LABELS.get(action, action)),
            actor=str(actors.get(event.actor_kind, event.actor_kind)),
            to_status=event.to_status, status_label=str(statuses.get(event.to_status, "")),
            note=_evidence_kind_label(event.note) if action == workflow.ADD_EVIDENCE else event.note))
    return rows


def _evidence_kind_label(kind: str) -> str:
    return str(dict(Evidence.Kind.choices).get(kind, kind))
