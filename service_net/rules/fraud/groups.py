"""Signals over all observations of one number (domain.md §6): one number claimed for several
unrelated brands; many complaints in a short time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from service_net.rules.phones import format_phone

from .catalog import COMPLAINTS_BURST, PHONE_MANY_BRANDS, make_signal
from .model import COMPLAINT, BrandFact, Observation, Signal
from .names import ALIAS, EXACT, brand_mentions
from .text import compact

MANY_BRANDS_MIN = 3  # unrelated brands the number is not authorized for
BURST_WINDOW = timedelta(days=30)
BURST_MIN = 3  # complaints within one window


def group_signals(observations: Sequence[Observation], *, now: datetime,
                  brands: Sequence[BrandFact] = (),
                  authorized_brand_ids: frozenset[int] = frozenset()) -> list[Signal]:
    """Signals of one phone-key group. `brands` lets sub-brands of one maker (海尔, 卡萨帝) count
    once and brands named only in text count at all; `authorized_brand_ids` are the brands the
    number really holds an active authorization for (they do not count). Observations after
    `now` are ignored."""
    seen = [o for o in observations if o.at <= now]
    signals = [_many_brands(seen, brands, authorized_brand_ids), _burst(seen)]
    return [s for s in signals if s]


def claimed_brands(obs: Observation, brands: Sequence[BrandFact]) -> dict[str, str]:
    """The brands one observation claims, keyed by maker ('m:3'), brand ('b:7') or text ('t:…')."""
    by_id = {b.brand_id: b for b in brands}
    claims: dict[str, str] = {}

    def add(brand_id: int) -> None:
        brand = by_id.get(brand_id)
        key = f"m:{brand.manufacturer_id}" if brand else f"b:{brand_id}"
        claims.setdefault(key, brand.name if brand else str(brand_id))

    if obs.brand_id is not None:
        add(obs.brand_id)
    # A brand typed as the brand counts however it was spelled; one in a name only literally.
    texts = [(obs.name, True), (obs.listing, True)]
    if obs.brand_id is None:
        texts.append((obs.brand_text, False))
    for text, literal_only in texts:
        for mention in brand_mentions(text, brands) if text else []:
            if mention.how in (EXACT, ALIAS) or not literal_only:
                add(mention.brand_id)
    if obs.brand_id is None and obs.brand_text.strip() and not claims:
        claims[f"t:{compact(obs.brand_text)}"] = obs.brand_text.strip()
    return claims


def _many_brands(seen: list[Observation], brands: Sequence[BrandFact],
                 authorized: frozenset[int]) -> Signal | None:
    by_id = {b.brand_id: b for b in brands}
    held = {f"m:{by_id[i].manufacturer_id}" if i in by_id else f"b:{i}" for i in authorized}
    claims: dict[str, str] = {}
    for obs in seen:
        claims.update(claimed_brands(obs, brands))
    unauthorized = {k: v for k, v in claims.items() if k not in held}
    if len(unauthorized) < MANY_BRANDS_MIN:
        return None
    key = next((o.phone_key for o in seen if o.phone_key), "")
    names = sorted(unauthorized.values())
    return make_signal(PHONE_MANY_BRANDS, phone=format_phone(key) if key else "?", phone_key=key,
                       count=len(names), brands="、".join(names), brand_list=names,
                       refs=sorted({o.ref for o in seen}))


def _burst(seen: list[Observation]) -> Signal | None:
    times = sorted({o.ref: o.at for o in seen if o.source == COMPLAINT}.values())
    best, best_start = 0, 0
    start = 0
    for end in range(len(times)):
        while times[end] - times[start] > BURST_WINDOW:
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, start
    if best < BURST_MIN:
        return None
    first, last = times[best_start], times[best_start + best - 1]
    return make_signal(COMPLAINTS_BURST, count=best, days=BURST_WINDOW.days,
                       first_at=first.isoformat(), last_at=last.isoformat(), total=len(times))
