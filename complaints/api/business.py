"""/api/v1/business: the answering business's side of online dispute resolution (ODR, 在线消费纠纷解决).

A manufacturer, with its X-API-Key, lists the complaints against it (its brands and its
authorized outlets), reads one, answers it (accept the consumer's request, offer something else,
or reject with a reason) and records that what was agreed has been performed. Another
manufacturer's complaint is a 404, like one that does not exist.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from config.api_errors import documents_errors
from config.api_input import MAX_OFFSET
from config.errors import InvalidInput
from service_net.api_auth import ManufacturerKey
from service_net.services.keys import SCOPE_COMPLAINTS

from .. import selectors_business as selectors
from ..rules import workflow
from ..schemas.business import (
    BusinessComplaintDetail,
    BusinessComplaintPage,
    RespondIn,
    complaint_detail_for_business,
    complaint_for_business,
)
from ..services.filing import Actor

router = Router(tags=["business"], auth=ManufacturerKey(SCOPE_COMPLAINTS))
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class ComplaintFilters(Schema):
    status: list[str] = Field([], description="one or more statuses (repeat, or comma-separated)")
    since: datetime | None = Field(None, description="status changed at or after (new or moved)")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    @field_validator("since", mode="before")
    @classmethod
    def _iso_text(cls, value):
        # pydantic would read a number as Unix time: 0.5 is not a date anyone means
        if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            raise ValueError("a date or date-time (ISO 8601), e.g. 2026-11-28")
        return value


def _actor(request) -> Actor:
    return Actor(workflow.BUSINESS, str(request.auth.pk))


def _statuses(values: list[str]) -> list[str]:
    statuses = [s.strip().upper() for value in values for s in value.split(",") if s.strip()]
    unknown = [s for s in statuses if s not in workflow.STATUSES]
    if unknown:
        raise InvalidInput([{"field": "status", "reason": f"unknown status {s}"}
                            for s in unknown])
    return statuses


def _since(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)  # a bare date or time is local (Asia/Shanghai)
    try:
        return value.astimezone(UTC)  # PostgreSQL takes UTC offsets up to 15:59 only
    except OverflowError:  # within a day of the first or last datetime Python has
        return (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)


def _detail(complaint) -> dict:
    return complaint_detail_for_business(complaint, selectors.business_responses(complaint),
                                         selectors.business_history(complaint))


@router.get("/complaints", response=BusinessComplaintPage,
            summary="Complaints against this manufacturer's brands and outlets")
def list_complaints(request, q: Query[ComplaintFilters]):
    complaints = selectors.business_complaints(request.auth, statuses=_statuses(q.status),
                                               since=_since(q.since))
    page = complaints[q.offset:q.offset + q.limit]
    return {"count": complaints.count(),
            "items": [complaint_for_business(c, in_list=True) for c in page]}


@router.get("/complaints/{tracking}", response=BusinessComplaintDetail,
            summary="One complaint: the request, facts, answers and history")
def get_complaint(request, tracking: str):
    return _detail(selectors.business_complaint(request.auth, tracking))


@router.post("/complaints/{tracking}/respond", response=BusinessComplaintDetail,
             summary="Answer: accept the request, offer something else, or reject with a reason")
@documents_errors(409)
def respond(request, tracking: str, body: RespondIn):
    from ..services.workflow.business import complaint_business_respond

    complaint = selectors.business_complaint(request.auth, tracking)
    complaint_business_respond(complaint, manufacturer=request.auth, kind=body.kind,
                               remedy=body.remedy, terms=body.terms, reason=body.reason,
                               perform_by=body.perform_by, actor=_actor(request),
                               at=timezone.now())
    return _detail(selectors.business_complaint(request.auth, tracking))


@router.post("/complaints/{tracking}/performed", response=BusinessComplaintDetail,
             summary="Record that the agreed repair, exchange, return or refund was done")
@documents_errors(409)
def performed(request, tracking: str):
    from ..services.workflow.business import complaint_mark_performed

    complaint = selectors.business_complaint(request.auth, tracking)
    complaint_mark_performed(complaint, actor=_actor(request), at=timezone.now())
    return _detail(selectors.business_complaint(request.auth, tracking))
