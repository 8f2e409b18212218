"""Is this repair number real? The verdict of a public verification (核验).

Verdicts (a stable interface, other systems read them):
- authorized: an outlet with this number holds an authorization for the brand (and category)
  that is active and within its validity dates today;
- not_authorized: a registered outlet, but not authorized for that brand/category now;
- inactive: it was authorized for that brand/category, but that authorization is expired,
  suspended or revoked (the status and since when are given);
- unknown: the number is in no outlet's listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

AUTHORIZED = "authorized"
NOT_AUTHORIZED = "not_authorized"
INACTIVE = "inactive"
UNKNOWN = "unknown"

ACTIVE, SUSPENDED, REVOKED = "ACTIVE", "SUSPENDED", "REVOKED"
EXPIRED, NOT_YET_VALID = "EXPIRED", "NOT_YET_VALID"


@dataclass(frozen=True)
class AuthorizationFact:
    outlet_id: int
    brand_id: int
    categories: frozenset[str]
    state: str
    valid_from: date
    valid_to: date
    state_changed_at: datetime | None = None


@dataclass(frozen=True)
class Status:
    code: str  # ACTIVE, SUSPENDED, REVOKED, EXPIRED, NOT_YET_VALID
    since: date | None


@dataclass(frozen=True)
class Verdict:
    verdict: str
    status: Status | None  # for inactive: which and since when
    detail: str


def effective_status(fact: AuthorizationFact, today: date) -> Status:
    """State as of today: expiry is derived from valid_to, never stored."""
    if fact.state != ACTIVE:
        since = fact.state_changed_at.date() if fact.state_changed_at else None
        return Status(fact.state, since)
    if today > fact.valid_to:
        return Status(EXPIRED, fact.valid_to + timedelta(days=1))
    if today < fact.valid_from:
        return Status(NOT_YET_VALID, fact.valid_from)
    return Status(ACTIVE, fact.valid_from)


def decide_verdict(
    facts: list[AuthorizationFact],
    *,
    outlet_count: int,
    today: date,
    brand_ids: frozenset[int] | None = None,
    category: str | None = None,
) -> Verdict:
    """Verdict for the outlets matched by a number (or name, or certificate) and their facts."""
    if outlet_count == 0:
        return Verdict(UNKNOWN, None, "no registered outlet lists this number")
    relevant = [
        f for f in facts
        if (brand_ids is None or f.brand_id in brand_ids)
        and (category is None or category in f.categories)
    ]
    statuses = [effective_status(f, today) for f in relevant]
    if any(s.code == ACTIVE for s in statuses):
        return Verdict(AUTHORIZED, None, "holds an active authorization")
    if statuses:
        latest = max(statuses, key=lambda s: s.since or date.min)
        return Verdict(INACTIVE, latest, f"authorization {latest.code.lower()}")
    if brand_ids is not None and any(f.brand_id in brand_ids for f in facts):
        return Verdict(NOT_AUTHORIZED, None, "authorized for this brand, not this category")
    if brand_ids is None and facts:
        return Verdict(NOT_AUTHORIZED, None, "authorized for other appliance categories, not this category")
    if facts:
        return Verdict(NOT_AUTHORIZED, None, "authorized only for other brands")
    return Verdict(NOT_AUTHORIZED, None, "registered, but holds no authorization")
