"""/api/v1/complaints: filing and tracking complaints.

The way back into a complaint is its tracking number plus the phone given at filing, sent as the
header X-Consumer-Phone (or a `phone` field in the body) — never in the URL, which ends up in logs.
A wrong number and a wrong phone get the same 404, and a client's failed lookups are limited
(config/ratelimit.py, `tracking`): past the limit every lookup is a 429 until the window ends.
"""

from __future__ import annotations

import json

import pydantic
from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from config.api_errors import documents_errors
from config.errors import InvalidInput, NotFound
from config.ratelimit import api_limited, documents_429, lookup_check, lookup_failed

from .. import selectors
from ..schemas import openapi_json_body
from ..schemas.filing import (
    ComplaintIn,
    ComplaintOut,
    ConfirmIn,
    DeclineIn,
    EscalateIn,
    FiledOut,
    InformationIn,
    PhoneIn,
    WithdrawIn,
    complaint_dict,
    filed_dict,
)
from ..services.filing import Upload, complaint_file, evidence_add_all
from ..services.workflow import (
    CONSUMER,
    complaint_add_information,
    complaint_confirm_outcome,
    complaint_decline_outcome,
    complaint_escalate,
    complaint_withdraw,
)

router = Router(tags=["complaints"])

PHONE_HEADER = "HTTP_X_CONSUMER_PHONE"


def consumer_complaint(request, tracking: str, body: PhoneIn | None = None):
    phone = request.META.get(PHONE_HEADER) or (body.phone if body else "")
    lookup_check(request, "tracking")
    try:
        return selectors.complaint_for_consumer(tracking, phone)
    except NotFound:
        lookup_failed(request, "tracking")
        raise


def _full(complaint) -> dict:
    answer = complaint.business_responses.order_by("responded_at", "id").last()
    return complaint_dict(complaint, selectors.complaint_history(complaint),
                          selectors.complaint_evidence(complaint), answer)


_COMPLAINT_BODY = openapi_json_body(ComplaintIn)


def _complaint_in(raw: bytes) -> ComplaintIn:
    """Parsed here, not by ninja: a body that is not JSON is a 422 like any other bad input
    (ninja answers 400), and the OpenAPI body above stays free of $refs."""
    try:
        return ComplaintIn.model_validate(json.loads(raw or b"null"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput([{"field": "", "reason": f"body is not JSON: {exc}"}]) from exc
    except pydantic.ValidationError as exc:
        raise InvalidInput([{"field": ".".join(str(p) for p in err["loc"]), "reason": err["msg"]}
                            for err in exc.errors()]) from exc


@router.post("", response={201: FiledOut}, openapi_extra=_COMPLAINT_BODY,
             summary="File a complaint")
@api_limited("filing")
def file_complaint(request):
    complaint = complaint_file(draft=_complaint_in(request.body).to_draft(), at=timezone.now())
    return Status(201, filed_dict(complaint))


@router.get("/{tracking}", response=ComplaintOut,
            summary="A complaint's status and history (header X-Consumer-Phone)")
@documents_429
def get_complaint(request, tracking: str):
    return _full(consumer_complaint(request, tracking))


@router.post("/{tracking}/evidence", response={201: ComplaintOut},
             summary="Add evidence files (multipart: files, kind, phone)")
@documents_429
@documents_errors(409)
def add_evidence(request, tracking: str, files: File[list[UploadedFile]],
                 kind: Form[str] = "other", phone: Form[str] = ""):
    complaint = consumer_complaint(request, tracking, PhoneIn(phone=phone))
    evidence_add_all(complaint=complaint, uploads=tuple(Upload(f, kind) for f in files),
                     at=timezone.now())
    return Status(201, _full(complaint))


@router.post("/{tracking}/withdraw", response=ComplaintOut, summary="Withdraw a complaint")
@documents_429
@documents_errors(409)
def withdraw(request, tracking: str, payload: WithdrawIn):
    complaint = consumer_complaint(request, tracking, payload)
    return _full(complaint_withdraw(complaint=complaint, reason=payload.reason, at=timezone.now()))


@router.post("/{tracking}/information", response=ComplaintOut,
             summary="Add information to a complaint")
@documents_429
@documents_errors(409)
def add_information(request, tracking: str, payload: InformationIn):
    complaint = consumer_complaint(request, tracking, payload)
    return _full(complaint_add_information(complaint=complaint, text=payload.text,
                                           at=timezone.now()))


@router.post("/{tracking}/confirm", response=ComplaintOut,
             summary="Accept the business's answer (settles the complaint)")
@documents_429
@documents_errors(409)
def confirm(request, tracking: str, payload: ConfirmIn):
    complaint = consumer_complaint(request, tracking, payload)
    return _full(complaint_confirm_outcome(complaint, note=payload.note, at=timezone.now()))


@router.post("/{tracking}/decline", response=ComplaintOut,
             summary="Decline the business's answer (the regulator takes over)")
@documents_429
@documents_errors(409)
def decline(request, tracking: str, payload: DeclineIn):
    complaint = consumer_complaint(request, tracking, payload)
    return _full(complaint_decline_outcome(complaint, reason=payload.reason, at=timezone.now()))


@router.post("/{tracking}/escalate", response=ComplaintOut,
             summary="Take the complaint from the business to the regulator")
@documents_429
@documents_errors(409)
def escalate(request, tracking: str, payload: EscalateIn):
    complaint = consumer_complaint(request, tracking, payload)
    return _full(complaint_escalate(complaint, actor=CONSUMER, reason=payload.reason,
                                    at=timezone.now()))
