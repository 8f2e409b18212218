"""Manufacturer API keys: random, shown once, stored as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import transaction

from ..models import ApiKey, Brand, Manufacturer

KEY_PREFIX = "sbk_"

# What a manufacturer's API key may do. A key holds a subset; keys made before scopes hold all.
SCOPE_OUTLETS_READ = "outlets:read"  # list own outlets, their history
SCOPE_OUTLETS_WRITE = "outlets:write"  # upsert/import outlets, suspend/revoke/reinstate
SCOPE_COMPLAINTS = "complaints"  # the business side of complaints (ODR)
SCOPE_CONFIRMATIONS = "confirmations"  # answer the regulator's "is this outlet yours?"
SCOPES = (SCOPE_OUTLETS_READ, SCOPE_OUTLETS_WRITE, SCOPE_COMPLAINTS, SCOPE_CONFIRMATIONS)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_key_create(*, manufacturer: Manufacturer, label: str = "") -> tuple[ApiKey, str]:
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        manufacturer=manufacturer, prefix=raw[:10], key_hash=hash_key(raw), label=label
    )
    return key, raw


def api_key_revoke(*, key: ApiKey, at: datetime) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=at)


def manufacturer_for_key(raw: str) -> Manufacturer | None:
    key = (
        ApiKey.objects.select_related("manufacturer")
        .filter(key_hash=hash_key(raw), revoked_at__isnull=True)
        .first()
    )
    return key.manufacturer if key else None


@transaction.atomic
def manufacturer_create(*, name: str, brands: list[str]) -> tuple[Manufacturer, str]:
    """Create a manufacturer with its brands and a first API key (returned once, in clear)."""
    manufacturer, _ = Manufacturer.objects.get_or_create(name=name)
    for brand_name in brands:
        brand, created = Brand.objects.get_or_create(
            name=brand_name, defaults={"manufacturer": manufacturer}
        )
        if not created and brand.manufacturer_id != manufacturer.id:
            raise ValueError(f"brand {brand_name} belongs to {brand.manufacturer}")
    _, raw = api_key_create(manufacturer=manufacturer, label="created by command")
    return manufacturer, raw
