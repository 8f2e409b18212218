"""Django's cache where it only saves work: with Redis unreachable a read is a miss and a write is
skipped, so no page or API call fails because the cache is down (issue 8: complaints are filed
while Redis is down).

After a failure the cache is left alone for SOFT_CACHE_PAUSE_SECONDS (default 5) in this
process, so a Redis that does not answer costs one request its socket timeout, not every
request; one warning per pause, naming neither key nor value. Rate limits keep their own
fail-open handling (config/ratelimit.py) on the same back-off (config/breaker.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from redis.exceptions import RedisError

from .breaker import Breaker

log = logging.getLogger(__name__)
_breaker = Breaker("SOFT_CACHE_PAUSE_SECONDS")


def _location() -> str:
    return str(settings.CACHES.get("default", {}).get("LOCATION", ""))


def _paused() -> bool:
    return _breaker.paused(_location())


def _failed(exc: Exception, what: str) -> None:
    _breaker.failed(_location())
    log.warning("cache unreachable (%s on %s): going without it for a few seconds",
                type(exc).__name__, what)


def cache_get(key: str, default=None):
    """cache.get, or `default` when the cache cannot be reached."""
    if _paused():
        return default
    try:
        return cache.get(key, default)
    except (RedisError, OSError) as exc:
        _failed(exc, "get")
        return default


def cache_set(key: str, value, timeout=DEFAULT_TIMEOUT) -> bool:
    """cache.set; False when the cache cannot be reached (the value is simply not cached)."""
    if _paused():
        return False
    try:
        cache.set(key, value, timeout)
    except (RedisError, OSError) as exc:
        _failed(exc, "set")
        return False
    return True
