"""Observations in, suspects out: recording what was seen and recomputing a suspect.

Both are idempotent (jobs may run twice or concurrently): an observation is stored once per
(source, ref) by a unique constraint, and a suspect is recomputed from all its observations and
the registry as they are now, under a row lock, writing an event only when something changed.
domain.md §6: signals put a case in the regulator's queue; they decide nothing themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from config.jobs import enqueue
from config.sql import insert_new
from geo.models import Division

from ..models import FraudObservation, ManufacturerConfirmation, Suspect, SuspectArea
from ..rules.fraud import (
    DEFAULT_THRESHOLD,
    BrandFact,
    Observation,
    RegistryView,
    Signal,
    group_signals,
    observation_signals,
    suspect_score,
)
from ..rules.verdict import ACTIVE, AUTHORIZED, effective_status
from .events import SYSTEM, event_add
from .observations import jsonable, observation_fields, row_observation
from .registry_view import RegistryReader, brand_facts

log = logging.getLogger(__name__)
MAX_OBSERVATIONS = 500  # the most recent ones; an older flood adds nothing a regulator needs
MANUFACTURER_DENIES = "manufacturer_not_ours"
MANUFACTURER_DENIES_WEIGHT = 40


@transaction.atomic
def fraud_observation_record(observation: Observation, *, at: datetime) -> FraudObservation:
    """Store an observation once per (source, ref); a second call returns the stored row
    (get_or_create takes the other run's row when a concurrent one inserted it first)."""
    row, _created = FraudObservation.objects.get_or_create(
        source=observation.source, ref=observation.ref,
        defaults={**observation_fields(observation), "recorded_at": at})
    return row


@transaction.atomic
def fraud_observe(observation: Observation, *, at: datetime) -> Suspect | None:
    """The one entry point for callers (complaints, verification): record the observation and
    recompute the suspect of its phone number. None when the observation has no usable number
    or nothing about the number is suspicious."""
    fraud_observation_record(observation, at=at)
    if not observation.phone_key:
        return None
    return suspect_recompute(phone_key=observation.phone_key, at=at)


def lookup_ref(phone_key: str, brand_id: int | None, day: date) -> str:
    """One lookup observation per number, claimed brand and day: '20261128-4008881234-7'."""
    return f"{day:%Y%m%d}-{phone_key}-{brand_id or 0}"


def lookup_observe(*, verdict: str, phone_key: str, phone_raw: str | None, brand,
                   category: str | None, division: str | None, at: datetime) -> bool:
    """A public verification (核验) that did not end `authorized`, as an observation. Runs on the
    request path, so it stays cheap and bounded: a repeat of a lookup the same day (same number
    and brand) costs one indexed SELECT outside any transaction and adds nothing; the first one
    inserts one row and enqueues one recompute of the number's suspect. `brand`: the Brand asked
    about, or None; `division`: the code the consumer searched from (their county scopes the
    suspect). True when it recorded a new observation."""
    if verdict == AUTHORIZED or not phone_key:
        return False
    brand_id = brand.id if brand is not None else None
    ref = lookup_ref(phone_key, brand_id, timezone.localdate(at))
    if FraudObservation.objects.filter(source=FraudObservation.Source.LOOKUP, ref=ref).exists():
        return False
    return _lookup_insert(Observation(
        source=FraudObservation.Source.LOOKUP.value, ref=ref, at=at, phone_key=phone_key,
        phone_raw=phone_raw or "", name="", brand_id=brand_id,
        brand_text=brand.name if brand is not None else "", category=category, address="",
        address_division=None, address_point=None, listing="", charges=(),
        consumer_county=county_code(division)), at=at)


@transaction.atomic
def _lookup_insert(observation: Observation, *, at: datetime) -> bool:
    """One INSERT … ON CONFLICT DO NOTHING (a concurrent identical lookup may record it first)
    and, when the row is new, its recompute job (the outbox row), in one transaction."""
    new = insert_new([FraudObservation(source=observation.source, ref=observation.ref,
                                       recorded_at=at, **observation_fields(observation))],
                     conflict=("source", "ref"))
    if not new:
        return False
    from .tasks import observation_suspect_recompute_job

    enqueue(observation_suspect_recompute_job, new[0])  # the id: never the number (tasks.py)
    return True


@dataclass(frozen=True)
class Reason:
    """One signal code on a suspect, merged over its observations."""

    code: str
    weight: int
    explanation: str
    basis: str
    data: dict
    refs: tuple[str, ...]

    def as_signal(self) -> Signal:
        return Signal(code=self.code, weight=self.weight, explanation=self.explanation,
                      basis=self.basis, data=self.data)

    def as_json(self) -> dict:
        return {"code": self.code, "weight": self.weight, "explanation": self.explanation,
                "basis": self.basis, "data": jsonable(self.data), "refs": list(self.refs)}


def merge_signals(found: Sequence[tuple[str | None, Signal]]) -> list[Reason]:
    """One reason per code: the highest weight, the data of its first sighting, and every
    observation behind it (its ref, or the refs a group signal names)."""
    merged: dict[str, Reason] = {}
    for ref, signal in found:
        known = merged.get(signal.code)
        refs = known.refs if known else ()
        for one in [ref] if ref else signal.data.get("refs") or ():
            refs += () if one in refs else (str(one),)
        if known is None:
            merged[signal.code] = Reason(signal.code, signal.weight, signal.explanation,
                                         signal.basis, dict(signal.data), refs)
        else:
            merged[signal.code] = Reason(known.code, max(known.weight, signal.weight),
                                         known.explanation, known.basis, known.data, refs)
    return sorted(merged.values(), key=lambda r: (-r.weight, r.code))


def _manufacturer_signals(phone_key: str) -> list[tuple[str | None, Signal]]:
    denied = ManufacturerConfirmation.objects.filter(
        suspect__phone_key=phone_key, answer=ManufacturerConfirmation.Answer.NOT_OURS
    ).select_related("brand")
    return [(None, Signal(
        code=MANUFACTURER_DENIES, weight=MANUFACTURER_DENIES_WEIGHT,
        explanation=gettext_noop(
            "The manufacturer of %(brand)s says this number is not one of its outlets."),
        basis="domain.md §6 (the manufacturer says 'not ours')",
        data={"brand_id": c.brand_id, "brand": c.brand.name})) for c in denied]


def suspect_signals(observations: Sequence[Observation], *, at: datetime,
                    brands: tuple[BrandFact, ...]) -> list[Reason]:
    """Every signal of a phone number's observations, against the registry as it is today."""
    reader = RegistryReader(today=timezone.localdate(at), brands=brands)
    found: list[tuple[str | None, Signal]] = []
    authorized: frozenset[int] = frozenset()
    for obs in observations:
        view = reader.view(obs)
        authorized |= _active_brand_ids(view)
        found += [(obs.ref, s) for s in observation_signals(obs, view)]
    found += [(None, s) for s in group_signals(observations, now=at, brands=reader.brands,
                                               authorized_brand_ids=authorized)]
    if observations:
        found += _manufacturer_signals(observations[0].phone_key)
    return merge_signals(found)


def _active_brand_ids(view: RegistryView) -> frozenset[int]:
    """Brands the number really holds an active authorization for today (they do not count
    towards "one number, many brands")."""
    return frozenset(a.brand_id for outlet in view.by_phone for a in outlet.authorizations
                     if effective_status(a, view.today).code == ACTIVE)


def _observations_of(phone_key: str) -> list[FraudObservation]:
    recent = FraudObservation.objects.filter(phone_key=phone_key).order_by("-at", "-id")
    return list(reversed(recent[:MAX_OBSERVATIONS]))


@transaction.atomic
def suspect_recompute(*, phone_key: str, at: datetime) -> Suspect | None:
    """Recompute the suspect of `phone_key` from its observations. Creates it the first time the
    score reaches the queue's threshold (rules.fraud.DEFAULT_THRESHOLD); afterwards keeps it,
    with its record, even if the score drops."""
    rows = _observations_of(phone_key)
    if not rows:
        return None
    brands = brand_facts()
    reasons = suspect_signals([row_observation(r) for r in rows], at=at, brands=brands)
    score = suspect_score([r.as_signal() for r in reasons]) if reasons else 0
    suspect = Suspect.objects.select_for_update().filter(phone_key=phone_key).first()
    if suspect is None:
        if score < DEFAULT_THRESHOLD:  # not (yet) enough for the regulator's queue
            return None
        suspect = _suspect_create(phone_key, rows, at)
    summary = _summary(rows, reasons, score, {b.brand_id: b.name for b in brands})
    changed = {k: v for k, v in summary.items() if getattr(suspect, k) != v}
    if changed:
        before = {"score": suspect.score, "codes": [r["code"] for r in suspect.reasons]}
        for name, value in changed.items():
            setattr(suspect, name, value)
        suspect.computed_at = at
        suspect.save()
        event_add(suspect, "service_net.suspect.recompute", SYSTEM, at, data={
            "before": before, "after": {"score": score, "codes": [r.code for r in reasons]},
            "observations": len(rows)})
    _areas_sync(suspect, rows)
    return suspect


def _suspect_create(phone_key: str, rows: list[FraudObservation], at: datetime) -> Suspect:
    try:
        with transaction.atomic():
            suspect = Suspect.objects.create(
                phone_key=phone_key, first_seen_at=rows[0].at, last_seen_at=rows[-1].at,
                state=Suspect.State.OPEN, state_changed_at=at, computed_at=at)
    except IntegrityError:  # created concurrently: take the other run's row
        return Suspect.objects.select_for_update().get(phone_key=phone_key)
    event_add(suspect, "service_net.suspect.open", SYSTEM, at, to_state=Suspect.State.OPEN)
    log.info("suspect %s opened", suspect.pk)
    return suspect


def _unique(values) -> list:
    seen, out = set(), []
    for value in values:
        marker = repr(value)
        if value and marker not in seen:
            seen.add(marker)
            out.append(value)
    return out


def _summary(rows: list[FraudObservation], reasons: list[Reason], score: int,
             names: dict[int, str]) -> dict:
    brands = _unique([{"id": r.brand_id, "name": names.get(r.brand_id, "")} if r.brand_id
                      else {"id": None, "name": r.brand_text} for r in rows
                      if r.brand_id or r.brand_text])
    return {
        "names": _unique(r.name for r in rows), "brands": brands,
        "addresses": _unique(r.address for r in rows),
        "first_seen_at": rows[0].at, "last_seen_at": rows[-1].at,
        "complaint_count": sum(r.source == FraudObservation.Source.COMPLAINT for r in rows),
        "lookup_count": sum(r.source == FraudObservation.Source.LOOKUP for r in rows),
        "score": score, "reasons": [r.as_json() for r in reasons],
    }


def county_code(code: str | None) -> str | None:
    """The 12-digit county code a division code (6, 9 or 12 digits) lies in, or None above
    county level."""
    if not code or len(code) < 6 or code[4:6] == "00":
        return None
    return code[:6] + "000000"


def _areas_sync(suspect: Suspect, rows: list[FraudObservation]) -> None:
    wanted = {(county_code(r.consumer_county), "victim") for r in rows}
    wanted |= {(county_code(r.address_division), "claimed") for r in rows}
    codes = {code for code, _why in wanted if code}
    known = set(Division.objects.filter(code__in=codes).values_list("code", flat=True))
    wanted = {(code, why) for code, why in wanted if code in known}
    have = set(suspect.areas.values_list("county_id", "why"))
    for code, why in have - wanted:
        suspect.areas.filter(county_id=code, why=why).delete()
    SuspectArea.objects.bulk_create([SuspectArea(suspect=suspect, county_id=code, why=why)
                                     for code, why in wanted - have], ignore_conflicts=True)
