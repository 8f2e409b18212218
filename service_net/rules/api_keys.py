"""Whether a manufacturer's API key may be used for an operation, and when its last use is
written back. Pure: the caller passes the key's stored fields and the time."""

from __future__ import annotations

from datetime import datetime, timedelta

REVOKED = "key_revoked"
EXPIRED = "key_expired"
SCOPE_MISSING = "scope_missing"

# `last_used_at` is exact to this much: a key in constant use is written once a minute, not on
# every request (the verify and intake paths are benchmarked).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def key_refusal(*, revoked_at: datetime | None, expires_at: datetime | None,
                scopes: list[str], required: str, now: datetime) -> str | None:
    """Why the key may not do an operation needing `required`, or None when it may."""
    if revoked_at is not None:
        return REVOKED
    if expires_at is not None and expires_at <= now:
        return EXPIRED
    if required not in scopes:
        return SCOPE_MISSING
    return None


def last_used_due(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION


def unknown_scopes(scopes: list[str], known: tuple[str, ...]) -> list[str]:
    return [s for s in scopes if s not in known]
