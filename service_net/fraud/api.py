"""HTTP API of issue 6: manufacturers answer confirmation requests (X-API-Key); a warned party
appeals (public). Mounted in config/api.py."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from config.api_errors import documents_errors
from config.ratelimit import api_limited

from ..api_auth import ManufacturerKey
from ..services.keys import SCOPE_CONFIRMATIONS
from . import decisions, presenters, selectors
from .events import manufacturer_label

manufacturer_router = Router(tags=["manufacturer"], auth=ManufacturerKey(SCOPE_CONFIRMATIONS))
public_router = Router(tags=["public"])


class ReasonOut(Schema):
    code: str
    text: str


class SuspectOut(Schema):
    id: int
    phone: str
    phone_display: str
    names: list[str]
    brands: list[str]
    addresses: list[str]
    first_seen_at: datetime
    last_seen_at: datetime
    complaint_count: int
    lookup_count: int
    score: int
    reasons: list[ReasonOut]


class ConfirmationOut(Schema):
    id: int
    brand: str
    question: str
    requested_at: datetime
    answer: str = Field(..., description='"" (not answered yet), "not_ours" or "ours_stale"')
    answered_at: datetime | None
    note: str
    suspect: SuspectOut


class AnswerIn(Schema):
    answer: str = Field(..., description='"not_ours" or "ours_stale" (our listing is stale)')
    note: str = ""


class AppealIn(Schema):
    # The contact is personal data: a validation error's text never quotes the value.
    model_config = ConfigDict(hide_input_in_errors=True)

    appellant: str = Field(..., description="The business's name")
    contact: str = Field(..., description="A phone number the regulator can call back")
    grounds: str = Field(..., description="Why the warning is wrong")


class AppealOut(Schema):
    id: int
    warning_id: int
    filed_at: datetime
    decision: str


@manufacturer_router.get("/confirmations", response=list[ConfirmationOut],
                         summary="Regulators' requests: is this number one of your outlets?")
def list_confirmations(request, pending: bool | None = None):
    found = selectors.confirmations_for(request.auth, pending=pending)[:200]
    return [presenters.confirmation_dict(c) for c in found]


@manufacturer_router.post("/confirmations/{confirmation_id}/answer", response=ConfirmationOut,
                          summary='Answer "not_ours" or "ours_stale"')
@documents_errors(409)
def answer_confirmation(request, confirmation_id: int, payload: AnswerIn):
    confirmation = decisions.confirmation_answer(
        confirmation_id=confirmation_id, manufacturer=request.auth, answer=payload.answer,
        note=payload.note, actor=manufacturer_label(request.auth), at=timezone.now())
    return presenters.confirmation_dict(
        selectors.confirmation_for(request.auth, confirmation.pk))


@public_router.post("/warnings/{warning_id}/appeals", response={201: AppealOut},
                    summary="Appeal a published warning about your number")
@api_limited("appeal")
def file_appeal(request, warning_id: int, payload: AppealIn):
    appeal = decisions.appeal_file(warning_id=warning_id, appellant=payload.appellant,
                                   contact=payload.contact, grounds=payload.grounds,
                                   at=timezone.now())
    return Status(201, {"id": appeal.pk, "warning_id": appeal.warning_id, "filed_at": appeal.filed_at,
                        "decision": appeal.decision})
