"""Manufacturer API keys: random, shown once, stored as a SHA-256 hash, scoped, expiring and
revocable. Creation and revocation are on the audit trail (ChangeRecord, entity "api_key")."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import ApiKey, Brand, ChangeRecord, Manufacturer
from ..rules.api_keys import LAST_USED_RESOLUTION, unknown_scopes

KEY_PREFIX = "sbk_"

# What a manufacturer's API key may do. A key holds a subset; keys made before scopes hold all.
SCOPE_OUTLETS_READ = "outlets:read"  # list own outlets, their history
SCOPE_OUTLETS_WRITE = "outlets:write"  # upsert/import outlets, suspend/revoke/reinstate
SCOPE_COMPLAINTS = "complaints"  # the business side of complaints (ODR)
SCOPE_CONFIRMATIONS = "confirmations"  # answer the regulator's "is this outlet yours?"
SCOPES = (SCOPE_OUTLETS_READ, SCOPE_OUTLETS_WRITE, SCOPE_COMPLAINTS, SCOPE_CONFIRMATIONS)

KEY_ENTITY = "api_key"


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _record(key: ApiKey, action: str, *, actor: str, at: datetime, after: dict | None = None,
            reason: str = "") -> None:
    ChangeRecord.objects.create(entity=KEY_ENTITY, entity_id=key.pk,
                                action=f"service_net.api_key.{action}", actor=actor[:128], at=at,
                                reason=reason[:256], after=after)


@transaction.atomic
def api_key_create(*, manufacturer: Manufacturer, actor: str, at: datetime, label: str = "",
                   scopes: list[str] | tuple[str, ...] = SCOPES,
                   expires_at: datetime | None = None) -> tuple[ApiKey, str]:
    """A new key for the manufacturer; returns the row and the raw key (shown once, never stored).

    Raises ValueError for an unknown scope, no scope at all, or an expiry not after `at`.
    """
    scopes = list(dict.fromkeys(scopes))
    if unknown := unknown_scopes(scopes, SCOPES):
        raise ValueError(f"unknown scope {', '.join(unknown)} (known: {', '.join(SCOPES)})")
    if not scopes:
        raise ValueError("a key needs at least one scope")
    if expires_at is not None and expires_at <= at:
        raise ValueError("the expiry must be in the future")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(manufacturer=manufacturer, prefix=raw[:10], key_hash=hash_key(raw),
                                label=label, scopes=scopes, expires_at=expires_at)
    _record(key, "create", actor=actor, at=at, after={
        "prefix": key.prefix, "label": label, "scopes": scopes,
        "expires_at": expires_at.isoformat() if expires_at else None})
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: str, at: datetime, reason: str = "") -> bool:
    """Revoke the key from `at` on; False (and nothing recorded) when it was already revoked."""
    if not ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=at):
        return False
    _record(key, "revoke", actor=actor, at=at, reason=reason)
    return True


def api_key_lookup(raw: str) -> ApiKey | None:
    """The key row with its manufacturer, revoked and expired ones included: one indexed query."""
    return (ApiKey.objects.select_related("manufacturer")
            .filter(key_hash=hash_key(raw)).first())


def api_key_mark_used(*, key: ApiKey, at: datetime) -> None:
    """Write the last use at most once per LAST_USED_RESOLUTION per key, across processes."""
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=at - LAST_USED_RESOLUTION)
    ApiKey.objects.filter(stale, pk=key.pk).update(last_used_at=at)


def manufacturer_for_key(raw: str, *, at: datetime | None = None) -> Manufacturer | None:
    """The manufacturer of a usable (not revoked, not expired) key, else None."""
    key = api_key_lookup(raw)
    now = at or timezone.now()
    if key is None or key.revoked_at is not None or (key.expires_at and key.expires_at <= now):
        return None
    return key.manufacturer


@transaction.atomic
def manufacturer_create(*, name: str, brands: list[str], at: datetime | None = None,
                        actor: str = "command:create_manufacturer",
                        scopes: list[str] | tuple[str, ...] = SCOPES,
                        expires_at: datetime | None = None) -> tuple[Manufacturer, str]:
    """Create a manufacturer (or find it by name) with its brands and a new API key (returned
    once, in clear). Raises ValueError for a brand of another maker or a bad scope or expiry."""
    manufacturer, _ = Manufacturer.objects.get_or_create(name=name)
    for brand_name in brands:
        brand, created = Brand.objects.get_or_create(
            name=brand_name, defaults={"manufacturer": manufacturer}
        )
        if not created and brand.manufacturer_id != manufacturer.id:
            raise ValueError(f"brand {brand_name} belongs to {brand.manufacturer}")
    _, raw = api_key_create(manufacturer=manufacturer, actor=actor, at=at or timezone.now(),
                            label="created by command", scopes=scopes, expires_at=expires_at)
    return manufacturer, raw
