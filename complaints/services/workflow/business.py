"""The business's moves in online dispute resolution (ODR, 在线消费纠纷解决) [B]: answer the
complaint within its 10 working days (accept the request, offer something else, or reject it with
a reason), and record that what was agreed has been performed."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import InvalidInput, NotFound

from ...models import BusinessResponse, Complaint
from ...rules import workflow
from ._core import Actor, checked, locked, notify, record, refused, to_regulator

_Kind = BusinessResponse.Kind


def _answer_errors(kind: str, remedy: str, terms: str, reason: str, perform_by: date | None,
                   today: date) -> list[dict]:
    errors = []
    if kind not in _Kind.values:
        errors.append({"field": "kind", "reason": _("Choose accept, offer or reject.")})
    if remedy not in BusinessResponse.Remedy.values:
        errors.append({"field": "remedy", "reason": _("Unknown remedy.")})
    if kind == _Kind.REJECT and not reason:
        errors.append({"field": "reason", "reason": _("Please give the reason for rejecting.")})
    if kind == _Kind.OFFER and not (terms or remedy):
        errors.append({"field": "terms", "reason": _("Please say what you offer.")})
    if kind in (_Kind.ACCEPT, _Kind.OFFER) and perform_by is not None and perform_by < today:
        errors.append({"field": "perform_by", "reason": _("This date has already passed.")})
    return errors


@transaction.atomic
def complaint_business_respond(complaint: Complaint, *, manufacturer, kind: str, remedy: str = "",
                               terms: str = "", reason: str = "", perform_by: date | None = None,
                               actor: Actor, at: datetime) -> BusinessResponse:
    """The answering business (complaint.respondent_manufacturer) answers: accept or offer →
    BUSINESS_PROPOSED, awaiting the consumer; reject (with a reason) → the regulator (ODR not
    settled). NotFound for another manufacturer's complaint (existence never leaks),
    InvalidInput naming the field, Conflict (not_with_business) when it is no longer its turn."""
    terms, reason = (terms or "").strip(), (reason or "").strip()
    row = locked(complaint)
    if manufacturer is None or row.respondent_manufacturer_id != manufacturer.pk:
        raise NotFound()
    errors = _answer_errors(kind, remedy, terms, reason, perform_by, timezone.localdate(at))
    if errors:
        raise InvalidInput(errors)
    action = workflow.BUSINESS_REJECT if kind == _Kind.REJECT else workflow.BUSINESS_PROPOSE
    move = checked(row, action, actor, reason=reason or kind)
    response = BusinessResponse.objects.create(
        complaint=row, kind=kind, remedy=remedy if kind != _Kind.REJECT else "", terms=terms,
        reason=reason, perform_by=perform_by if kind != _Kind.REJECT else None, responded_at=at,
        responded_by=actor.label)
    fields: tuple[str, ...] = ()
    if kind == _Kind.REJECT:
        fields = to_regulator(row, at, Complaint.OdrOutcome.NOT_SETTLED)
    record(row, move, action, actor, at, fields=fields, note=reason or terms, reason_code=kind)
    notify("business_responded", row, at, kind=kind)
    if kind == _Kind.REJECT:
        notify("escalated", row, at)
    return response


@transaction.atomic
def complaint_mark_performed(complaint: Complaint, *, actor: Actor, at: datetime) -> Complaint:
    """The business records that the agreed repair, exchange, return or refund was done (after an
    ODR settlement or a mediation agreement). Conflict (nothing_to_perform, already_performed)."""
    row = locked(complaint)
    if actor.kind == workflow.BUSINESS and str(row.respondent_manufacturer_id) != actor.id:
        raise NotFound()
    move = checked(row, workflow.MARK_PERFORMED, actor)
    if not workflow.outcome_performable(row.status, row.outcome):
        raise refused("nothing_to_perform", row.status)
    if row.performed_at is not None:
        raise refused("already_performed", row.status)
    row.performed_at = at
    return record(row, move, workflow.MARK_PERFORMED, actor, at, fields=("performed_at",))
