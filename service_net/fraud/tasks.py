"""Jobs of the fraud machinery: they take ids and primitives, read the clock once, call one
service, and may run twice (the services are idempotent)."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.utils import timezone

from config.jobs import enqueue
from geo.rules.codes import full_code

from ..models import FraudObservation
from ..rules.verdict import AUTHORIZED

# The verify endpoints import this module to enqueue; the rules load only when a job runs.


def suspect_recompute_job(phone_key: str) -> None:
    from .services import suspect_recompute

    suspect_recompute(phone_key=phone_key, at=timezone.now())


def lookup_observe_job(*, ref: str, at: str, phone_raw: str, phone_key: str,
                       brand_id: int | None, brand_text: str, category: str | None,
                       name: str, consumer_county: str | None) -> None:
    """A public verification that did not end `authorized`, as an observation."""
    from ..rules.fraud import Observation
    from .services import fraud_observe

    observation = Observation(
        source=FraudObservation.Source.LOOKUP.value, ref=ref, at=datetime.fromisoformat(at),
        phone_key=phone_key,
        phone_raw=phone_raw, name=name, brand_id=brand_id, brand_text=brand_text,
        category=category, address="", address_division=None, address_point=None, listing="",
        charges=(), consumer_county=consumer_county)
    fraud_observe(observation, at=timezone.now())


def lookup_observe_later(verdict: str, query: dict, *, phone_raw: str | None, brand,
                         category: str | None, division: str | None, at: datetime) -> None:
    """Queue a lookup observation when a phone verification did not end `authorized` (cheap:
    one enqueue; the job does the work after the response)."""
    phone_key = query.get("phone") or ""
    if verdict == AUTHORIZED or not phone_key:
        return
    county = _county_code(full_code(division)) if division else None
    enqueue(lookup_observe_job, ref=uuid.uuid4().hex, at=at.isoformat(),
            phone_raw=(phone_raw or "")[:32], phone_key=phone_key,
            brand_id=brand.id if brand else None, brand_text=brand.name if brand else "",
            category=category, name="", consumer_county=county)


def _county_code(code: str) -> str | None:
    return code[:6] + "000000" if code[4:6] != "00" else None
