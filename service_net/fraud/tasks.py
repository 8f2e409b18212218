"""Jobs of the fraud machinery: they take ids and primitives, read the clock once, call one
service, and may run twice (the services are idempotent)."""

from __future__ import annotations

from django.utils import timezone


def suspect_recompute_job(phone_key: str) -> None:
    """Recompute the suspect of a number (by hand; the product queues the two jobs below)."""
    from .services import suspect_recompute

    suspect_recompute(phone_key=phone_key, at=timezone.now())


# The queued jobs take row ids, not the number: a job's arguments are stored with it and
# printed by workers, and a number looked up on /verify/ may be a consumer's own phone.


def observation_suspect_recompute_job(observation_id: int) -> None:
    """Recompute the suspect of the number a new observation (e.g. a lookup) saw."""
    from ..models import FraudObservation
    from .services import suspect_recompute

    phone_key = FraudObservation.objects.filter(pk=observation_id).values_list(
        "phone_key", flat=True).first()
    if phone_key:
        suspect_recompute(phone_key=phone_key, at=timezone.now())


def suspect_id_recompute_job(suspect_id: int) -> None:
    """Recompute a suspect after a manufacturer's answer."""
    from ..models import Suspect
    from .services import suspect_recompute

    phone_key = Suspect.objects.filter(pk=suspect_id).values_list("phone_key", flat=True).first()
    if phone_key:
        suspect_recompute(phone_key=phone_key, at=timezone.now())
