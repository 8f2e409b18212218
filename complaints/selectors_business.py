"""Reads for the answering business: the complaints whose respondent_manufacturer is it.

That covers complaints against its brands and against its authorized outlets (filing derives the
manufacturer from the outlet's authorization for the complaint's brand). Another manufacturer's
complaint is NotFound, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from config.errors import NotFound

from .models import BusinessResponse, Complaint, ComplaintEvent
from .rules.tracking import TrackingNumberError, tracking_number_parse


def business_complaints(manufacturer, *, statuses: Iterable[str] = (),
                        since: datetime | None = None) -> QuerySet[Complaint]:
    """Newest first; `statuses` filters by status, `since` by status_changed_at (new and moved
    complaints since the caller last looked)."""
    complaints = Complaint.objects.filter(respondent_manufacturer=manufacturer).select_related(
        "brand", "consumer_county").order_by("-received_at", "-id")
    statuses = [s for s in statuses if s]
    if statuses:
        complaints = complaints.filter(status__in=statuses)
    if since is not None:
        complaints = complaints.filter(status_changed_at__gte=since)
    return complaints


def business_complaint(manufacturer, tracking: str) -> Complaint:
    try:
        number = tracking_number_parse(tracking)
    except TrackingNumberError as exc:
        raise NotFound() from exc
    complaint = business_complaints(manufacturer).select_related("category").filter(
        tracking_number=number).first()
    if complaint is None:
        raise NotFound()
    return complaint


def business_responses(complaint: Complaint) -> QuerySet[BusinessResponse]:
    return complaint.business_responses.order_by("responded_at", "id")


def business_history(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.order_by("at", "id")
