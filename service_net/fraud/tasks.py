"""Jobs of the fraud machinery: they take ids and primitives, read the clock once, call one
service, and may run twice (the services are idempotent)."""

from __future__ import annotations

from django.utils import timezone


def suspect_recompute_job(phone_key: str) -> None:
    """Recompute the suspect of a number after a new observation or a manufacturer's answer."""
    from .services import suspect_recompute

    suspect_recompute(phone_key=phone_key, at=timezone.now())
