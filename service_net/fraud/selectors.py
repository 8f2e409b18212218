"""Reads: the regulator's scoped queue, one suspect with its evidence, warnings and requests."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from config.errors import NotFound
from geo.models import Division
from geo.rules.codes import code_prefix

from ..models import (
    FraudObservation,
    FraudWarning,
    ManufacturerConfirmation,
    Suspect,
    SuspectArea,
    WarningAppeal,
)

QUEUE_STATES = (Suspect.State.OPEN, Suspect.State.CONFIRMATION_REQUESTED)


def suspects_visible_to(user) -> QuerySet[Suspect]:
    """Administrators see every suspect; a regulator those with a victim or a claimed address in
    their division (like complaints.selectors.complaints_visible_to); anyone else none."""
    suspects = Suspect.objects.all()
    if user.is_superuser:
        return suspects
    profile = getattr(user, "regulator", None) if user.is_authenticated else None
    if profile is None:
        return suspects.none()
    areas = SuspectArea.objects.filter(county__code__startswith=code_prefix(profile.division_id))
    return suspects.filter(id__in=areas.values("suspect_id"))


def suspect_queue(user, *, state: str = "", min_score: int = 0) -> QuerySet[Suspect]:
    """Most serious first. `state`: one state, "all", or "" for those awaiting a decision."""
    suspects = suspects_visible_to(user)
    if not state:
        suspects = suspects.filter(state__in=QUEUE_STATES)
    elif state != "all":
        suspects = suspects.filter(state=state)
    if min_score:
        suspects = suspects.filter(score__gte=min_score)
    return suspects.order_by("-score", "-last_seen_at", "id")


def suspect_for(user, suspect_id: int) -> Suspect:
    """The suspect if the user may see it; NotFound alike for missing and out of scope."""
    suspect = suspects_visible_to(user).filter(pk=suspect_id).first()
    if suspect is None:
        raise NotFound(suspect_id=suspect_id)
    return suspect


def suspect_observations(suspect: Suspect) -> QuerySet[FraudObservation]:
    return FraudObservation.objects.filter(phone_key=suspect.phone_key).select_related(
        "brand").order_by("at", "id")


def suspect_confirmations(suspect: Suspect) -> QuerySet[ManufacturerConfirmation]:
    return suspect.confirmations.select_related("manufacturer", "brand", "requested_by") \
        .order_by("requested_at", "id")


def suspect_warnings(suspect: Suspect) -> QuerySet[FraudWarning]:
    return suspect.warnings.select_related("published_by").order_by("published_at", "id")


def suspect_appeals(suspect: Suspect) -> QuerySet[WarningAppeal]:
    return WarningAppeal.objects.filter(warning__suspect=suspect).select_related(
        "warning", "decided_by").order_by("filed_at", "id")


def warning_standing(phone_key: str, *, at: datetime | None = None) -> FraudWarning | None:
    """The published, not withdrawn warning about a number (at most one stands)."""
    if not phone_key:
        return None
    found = FraudWarning.objects.filter(phone_key=phone_key, withdrawn_at__isnull=True)
    if at is not None:
        found = found.filter(published_at__lte=at)
    return next(iter(found.order_by()[:1]), None)  # at most one stands (unique constraint)


@dataclass(frozen=True)
class StandingWarnings:
    """Every standing warning by phone key, with the point of the area each claims to serve."""

    version: str
    by_phone: dict[str, FraudWarning]
    points: dict[int, tuple[float, float] | None]


def _standing_build(version: str) -> StandingWarnings:
    warnings = list(FraudWarning.objects.filter(withdrawn_at__isnull=True).order_by("id"))
    codes = {w.area_code for w in warnings if w.area_code}
    located = {code: (lat, lon) for code, lat, lon in Division.objects.filter(
        code__in=codes, lat__isnull=False).values_list("code", "lat", "lon")}
    return StandingWarnings(version, {w.phone_key: w for w in warnings},
                            {w.pk: located.get(w.area_code) for w in warnings})


_standing: StandingWarnings | None = None
_standing_lock = threading.Lock()


def standing_warning(phone_key: str, version: str) -> FraudWarning | None:
    """warning_standing(phone_key) from memory, for the warnings `version`
    (registry_index.current_versions().warnings): the whole set is reloaded when it moves."""
    global _standing
    found = _standing
    if found is None or found.version != version:
        with _standing_lock:
            if _standing is None or _standing.version != version:
                _standing = _standing_build(version)
            found = _standing
    return found.by_phone.get(phone_key) if phone_key else None


def confirmations_for(manufacturer, *, pending: bool | None = None) -> QuerySet[
        ManufacturerConfirmation]:
    """The manufacturer's confirmation requests, unanswered first, newest first."""
    found = ManufacturerConfirmation.objects.filter(manufacturer=manufacturer).select_related(
        "suspect", "brand")
    if pending is not None:
        found = found.filter(answer="") if pending else found.exclude(answer="")
    return found.order_by("-requested_at", "-id")


def confirmation_for(manufacturer, confirmation_id: int) -> ManufacturerConfirmation:
    found = confirmations_for(manufacturer).filter(pk=confirmation_id).first()
    if found is None:
        raise NotFound(confirmation_id=confirmation_id)
    return found


def staff_manufacturer(user):
    """The manufacturer a console user works for, or None."""
    staff = getattr(user, "manufacturer_staff", None) if user.is_authenticated else None
    return staff.manufacturer if staff is not None else None


WARNED = "warned"  # the verify verdict while a published warning stands (beside rules.verdict's)
WARNED_DETAIL = "a market regulator has published a warning about this number"


def warning_point(warning: FraudWarning | None) -> tuple[float, float] | None:
    """Where to look for real outlets near a warned number: the area it claimed to serve."""
    if warning is None or not warning.area_code:
        return None
    standing = _standing
    if standing is not None and standing.by_phone.get(warning.phone_key) is warning:
        return standing.points[warning.pk]
    found = Division.objects.filter(code=warning.area_code, lat__isnull=False).values_list(
        "lat", "lon").first()
    return tuple(found) if found else None
