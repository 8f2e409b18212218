"""/api/v1/complaints/{tracking}/my-data and …/erase-personal-data: the consumer's copy of their
data and its erasure on request (complaints.selectors_privacy, complaints.services.privacy).

The consumer proves it is their case as on every consumer operation: tracking number plus the
phone given at filing, in the header X-Consumer-Phone (or `phone` in the body); a wrong number
and a wrong phone get the same 404, and count toward the client's tracking-lookup limit.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from config.api_errors import documents_errors

from ..schemas.filing import PhoneIn
from ..selectors_privacy import consumer_data_export
from ..services.privacy import complaint_personal_data_erase
from ..services.workflow import CONSUMER
from .filing import consumer_complaint  # tracking number + phone, rate-limited on failures

router = Router(tags=["complaints"])


class ErasedOut(Schema):
    tracking_number: str
    personal_data_erased_at: datetime


@router.get("/{tracking}/my-data",
            summary="Everything held about you for this complaint, as JSON (X-Consumer-Phone)")
def my_data(request, tracking: str, response: HttpResponse):
    complaint = consumer_complaint(request, tracking)
    response["Cache-Control"] = "private, no-store"
    return consumer_data_export(complaint, at=timezone.now())


@router.post("/{tracking}/erase-personal-data", response=ErasedOut,
             summary="Erase your personal data once the complaint has ended and its retention "
                     "period has passed (409 retention_period_running with data.possible_from)")
@documents_errors(409)
def erase_personal_data(request, tracking: str, payload: PhoneIn | None = None):
    complaint = consumer_complaint(request, tracking, payload)
    erased = complaint_personal_data_erase(complaint=complaint, actor=CONSUMER, at=timezone.now())
    return {"tracking_number": erased.tracking_number,
            "personal_data_erased_at": erased.personal_data_erased_at}
