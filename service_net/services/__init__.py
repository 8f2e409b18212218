"""Every write to the registry goes through these services."""

from .authorizations import authorization_change_state
from .imports import outlets_import
from .keys import (
    api_key_create,
    api_key_lookup,
    api_key_mark_used,
    api_key_revoke,
    manufacturer_create,
    manufacturer_for_key,
)
from .upsert import UpsertResult, outlets_upsert

__all__ = [
    "UpsertResult",
    "api_key_create",
    "api_key_lookup",
    "api_key_mark_used",
    "api_key_revoke",
    "authorization_change_state",
    "manufacturer_create",
    "manufacturer_for_key",
    "outlets_import",
    "outlets_upsert",
]
