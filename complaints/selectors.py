"""Reads of the complaints app: a consumer's way back into their case (tracking number + phone),
which complaints a staff member may see, and the fault parts of a category."""

from __future__ import annotations

import hmac

from django.db.models import QuerySet

from config.errors import NotFound
from geo.rules.codes import code_prefix
from service_net.rules.phones import PhoneError, normalize_phone

from .models import Complaint, ComplaintEvent, EntitlementPart, Evidence
from .rules.entitlement import NATIONAL_RULE_SET
from .rules.tracking import TrackingNumberError, tracking_number_parse


def fault_parts(category: str | None, rule_set: str = NATIONAL_RULE_SET) -> QuerySet[EntitlementPart]:
    """The parts with their own 三包 period for a category (the form's fault part list)."""
    parts = EntitlementPart.objects.filter(terms__rule_set_id=rule_set).select_related(
        "terms__category")
    return parts.filter(terms__category_id=category) if category else parts


# --- the consumer's way back in ---


def complaint_for_consumer(tracking: str, phone: str) -> Complaint:
    """The complaint whose tracking number and filing phone both match; else one NotFound.

    A wrong number, a malformed number and a wrong phone get the same answer, so nobody can
    learn which tracking numbers exist.
    """
    try:
        number = tracking_number_parse(tracking)
        key = normalize_phone(phone).key
    except (TrackingNumberError, PhoneError) as exc:
        raise NotFound() from exc
    complaint = _complaint_numbered(number)
    if complaint is None or not hmac.compare_digest(complaint.consumer_phone, key):
        raise NotFound()
    return complaint


def complaint_by_tracking(tracking: str) -> Complaint:
    """For callers that already checked access (the consumer's session, staff)."""
    try:
        number = tracking_number_parse(tracking)
    except TrackingNumberError as exc:
        raise NotFound() from exc
    complaint = _complaint_numbered(number)
    if complaint is None:
        raise NotFound()
    return complaint


def _complaint_numbered(number: str) -> Complaint | None:
    """The case page's complaint with what it shows alongside, by canonical tracking number."""
    return Complaint.objects.select_related(
        "jurisdiction", "consumer_county", "brand", "category", "respondent_outlet").filter(
        tracking_number=number).first()


def complaint_history(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.order_by("at", "id")


def complaint_evidence(complaint: Complaint) -> QuerySet[Evidence]:
    return complaint.evidence.order_by("uploaded_at", "id")


# --- staff ---


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """Administrators see every complaint; a regulator those of their division (a county
    regulator their county, a city regulator every county of the city); anyone else none."""
    complaints = Complaint.objects.select_related("jurisdiction", "category", "brand")
    if user.is_superuser:
        return complaints
    profile = getattr(user, "regulator", None) if user.is_authenticated else None
    if profile is None:
        return complaints.none()
    prefix = code_prefix(profile.division_id)
    return complaints.filter(jurisdiction__code__startswith=prefix)


def staff_may_see(user, complaint: Complaint) -> bool:
    return complaints_visible_to(user).filter(pk=complaint.pk).exists()
