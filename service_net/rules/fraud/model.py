"""The facts the fraud rules read and the signals they give (issue 6; domain.md §5–§6).

Frozen dataclasses only: the caller (service_net/fraud) looks the registry up and hands in what one
observation needs; the rules never touch the database. Field names are a contract shared with the
app side: add optional fields at the end only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from service_net.rules.verdict import AuthorizationFact

COMPLAINT = "complaint"
LOOKUP = "lookup"


@dataclass(frozen=True)
class Charge:
    """One line of what the consumer was charged, as they gave it (e.g. 上门费 80)."""

    item: str
    amount_yuan: Decimal


@dataclass(frozen=True)
class Observation:
    """One claim seen: a complaint's repair outlet, or a public verification (核验) not `authorized`."""

    source: str  # COMPLAINT | LOOKUP
    ref: str  # tracking number or lookup id
    at: datetime
    phone_key: str  # normalized (service_net/rules/phones.py), "" if none/unparseable
    phone_raw: str
    name: str  # as given
    brand_id: int | None  # the brand it claimed to serve (resolved), None if unknown
    brand_text: str
    category: str | None
    address: str
    address_division: str | None  # 12-digit code the address resolved to, None if nothing
    address_point: tuple[float, float] | None  # (lat, lon), WGS-84
    listing: str  # website / map listing as given
    charges: tuple[Charge, ...]
    consumer_county: str | None  # where the victim lives (scope)


@dataclass(frozen=True)
class OutletFact:
    """A registry outlet (授权维修网点), as the rules need it."""

    outlet_id: int
    name: str
    phone_keys: frozenset[str]
    division: str | None
    lat: float
    lon: float
    home_visit_radius_km: float | None
    touring_divisions: frozenset[str]
    authorizations: tuple[AuthorizationFact, ...]
    price_items: tuple[tuple[str, Decimal | None, bool], ...]  # (item, price_yuan, is_visit_fee)


@dataclass(frozen=True)
class BrandFact:
    brand_id: int
    name: str
    name_en: str
    aliases: frozenset[str]
    manufacturer_id: int


@dataclass(frozen=True)
class RegistryView:
    """What the caller looked up for one observation."""

    by_phone: tuple[OutletFact, ...]  # outlets listing this phone key
    by_name: tuple[OutletFact, ...]  # outlets whose name is similar (caller's candidate search)
    brands: tuple[BrandFact, ...]  # all brands (for imitation checks)
    today: date
    # Optional (added after the contract): outlets authorized for the claimed brand near the
    # consumer (e.g. in their county) — the brand's posted prices, for a number the registry
    # does not know. Empty: no such comparison.
    brand_outlets: tuple[OutletFact, ...] = ()


@dataclass(frozen=True)
class Signal:
    """One reason to suspect an outlet: stable `code`, its `weight` in the score, an English
    `explanation` (a msgid; may hold %(key)s placeholders filled from `data`), the legal or
    domain `basis`, and the evidence in `data` (JSON-serializable values only)."""

    code: str
    weight: int
    explanation: str
    basis: str
    data: Mapping[str, object] = field(default_factory=dict)
