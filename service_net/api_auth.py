"""X-API-Key authentication of the manufacturer API, with scopes.

Every operation names the scope it needs (`ManufacturerKey(SCOPE_…)`): a key without it is a 403
`scope_missing` naming the scope; a revoked or expired key is a 401. One indexed query per request
(the key by its hash, with its manufacturer); the last use is written at most once a minute.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyHeader

from config.errors import DomainError, Forbidden

from .rules.api_keys import EXPIRED, REVOKED, SCOPE_MISSING, key_refusal, last_used_due
from .services.keys import SCOPES, api_key_lookup, api_key_mark_used


class KeyRevoked(DomainError):
    code = REVOKED
    http_status = 401
    default_message = _("This API key has been revoked.")


class KeyExpired(DomainError):
    code = EXPIRED
    http_status = 401
    default_message = _("This API key has expired.")


class ScopeMissing(Forbidden):
    code = SCOPE_MISSING


class ManufacturerKey(APIKeyHeader):
    """The manufacturer whose key is in X-API-Key, when the key holds `scope`."""

    param_name = "X-API-Key"

    def __init__(self, scope: str):
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope}")
        self.scope = scope
        super().__init__()

    def authenticate(self, request, key):
        found = api_key_lookup(key) if key else None
        if found is None:
            return None  # ninja answers 401 unauthorized
        now = timezone.now()
        refusal = key_refusal(revoked_at=found.revoked_at, expires_at=found.expires_at,
                              scopes=found.scopes, required=self.scope, now=now)
        if refusal == REVOKED:
            raise KeyRevoked(prefix=found.prefix)
        if refusal == EXPIRED:
            raise KeyExpired(prefix=found.prefix, expired_at=found.expires_at.isoformat())
        if refusal == SCOPE_MISSING:
            raise ScopeMissing(gettext("This API key lacks the scope “%(scope)s”.")
                               % {"scope": self.scope}, scope=self.scope, key_scopes=found.scopes)
        if last_used_due(found.last_used_at, now):
            api_key_mark_used(key=found, at=now)
        request.api_key = found
        return found.manufacturer
