"""Per-client rate limits for the public endpoints, counted in Django's default cache.

A fixed window per limit name and client, starting at the client's first request: the key
`rl:<name>:<client>` is incremented (INCR), given the window's lifetime on the first request
(EXPIRE) and its remaining lifetime read (TTL) atomically in one round trip to Redis (a small Lua
script, EVALSHA); LocMemCache (the demo) does add + incr in the process. A request over the
limit gets 429 with Retry-After, the seconds until its window ends. A fixed window lets a client
make up to twice the limit around a window's edge; for these limits (a person checks a few
numbers, files a complaint or two) that is accepted for one cheap round trip. Windows start per
client, so clients do not all come back at one moment.

The limiter fails open: when the cache cannot be reached (Redis down) every request passes and a
warning is logged at most once a minute — complaints must still be filed without Redis.

`client_address(request)` is the caller's address: REMOTE_ADDR, or, behind SANBAO_NUM_PROXIES
(n) reverse proxies, the n-th address from the right of X-Forwarded-For (the header is never read
when n is 0: anyone can send it). Limits count `client_key(request)`, which groups IPv6 callers
by their /64 (one household or server is given a whole /64 and may rotate through it).

Limits (settings.RATE_LIMITS over DEFAULT_LIMITS, "count/seconds"):
`verify`, `nearest`, `geocode`, `filing`, `appeal` count every request; `tracking` counts failed
lookups of tracking number + phone (a consumer following their case is never held up; a guesser
fails nearly always), and once over the limit refuses every lookup, right or wrong, until the
window ends.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy
from ninja.decorators import decorate_view
from ninja.utils import contribute_operation_callback

from config.breaker import Breaker
from config.errors import DomainError

log = logging.getLogger(__name__)

IPV6_GROUP_PREFIX = 64
WARN_EVERY_SECONDS = 60.0

# name: (requests, seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "verify": (60, 60),
    "nearest": (60, 60),
    "geocode": (30, 60),
    "filing": (10, 3600),
    "tracking": (10, 900),  # failed tracking-number + phone lookups: they guard a guessable secret
    "appeal": (5, 3600),
}


# --- who is asking ------------------------------------------------------------------------------

def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip().strip("[]")))
    except ValueError:
        return None


def client_address(request) -> str:
    """The caller's IP address as text (normalised), "" when none is known.

    With SANBAO_NUM_PROXIES = n > 0 the n-th entry from the right of X-Forwarded-For (each proxy
    appends the address it saw; the leftmost ones are whatever the client wrote); a header with
    fewer entries gives its leftmost, a missing or malformed one REMOTE_ADDR.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or ""
    proxies = int(getattr(settings, "SANBAO_NUM_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if not forwarded:
        return remote
    return _valid_ip(forwarded[-min(proxies, len(forwarded))]) or remote


def client_key(request) -> str:
    """The unit a limit counts: the IPv4 address, or the IPv6 /64 network (`2001:db8::/64`)."""
    address = client_address(request)
    if ":" not in address:
        return address or "unknown"
    ip = ipaddress.IPv6Address(address)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((address, IPV6_GROUP_PREFIX), strict=False))


# --- the limits ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # seconds until the window ends (only when refused)


ALLOWED = Decision(True)
_parsed: tuple[object, dict[str, tuple[int, int]]] = (object(), DEFAULT_LIMITS)


def _limit_value(value) -> tuple[int, int]:
    count, seconds = value.split("/") if isinstance(value, str) else value
    count, seconds = int(count), int(seconds)
    if count < 1 or seconds < 1:
        raise ValueError(f"rate limit {value!r}: count and seconds must be positive")
    return count, seconds


def limits() -> dict[str, tuple[int, int]]:
    """DEFAULT_LIMITS updated by settings.RATE_LIMITS: a dict {name: "count/seconds" or (count,
    seconds)}, or text such as "verify=120/60,filing=20/3600" (the RATE_LIMITS environment)."""
    global _parsed
    setting = getattr(settings, "RATE_LIMITS", None)
    if _parsed[0] is setting:
        return _parsed[1]
    raw = setting or {}
    if isinstance(raw, str):
        raw = dict(item.split("=", 1) for item in raw.replace(";", ",").split(",") if item.strip())
    _parsed = (setting, {**DEFAULT_LIMITS, **{k.strip(): _limit_value(v) for k, v in raw.items()}})
    return _parsed[1]


def enabled() -> bool:
    return bool(getattr(settings, "RATE_LIMITS_ENABLED", True))


def _key(name: str, request) -> str:
    return f"rl:{name}:{client_key(request)}"


_last_warning = 0.0
# After a failure the cache is not tried for RATE_LIMIT_PAUSE_SECONDS (default 5): requests pass
# unlimited meanwhile instead of each waiting on a dead Redis's socket timeout.
_breaker = Breaker("RATE_LIMIT_PAUSE_SECONDS")


def _cache_location() -> str:
    return str(settings.CACHES.get("default", {}).get("LOCATION", ""))


def _cache_failed(exc: Exception) -> None:
    global _last_warning
    _breaker.failed(_cache_location())
    now = time.monotonic()
    if now - _last_warning >= WARN_EVERY_SECONDS:
        _last_warning = now
        log.warning("rate limits are not applied: the cache is unreachable (%s: %s)",
                    type(exc).__name__, exc)


# One redis.Redis per Django cache client: building one per call (as RedisCache does) costs more
# than the round trip. It shares the cache's connection pool and is thread-safe.
_redis_clients: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _redis(cache):
    """A redis.Redis on Django's RedisCache's pool, or None for another backend (LocMemCache)."""
    client = getattr(cache, "_cache", None)
    if not hasattr(client, "get_client"):
        return None
    redis = _redis_clients.get(client)
    if redis is None:
        redis = _redis_clients[client] = client.get_client(write=True)
    return redis


# INCR, and EXPIRE on the window's first request, atomically in one round trip (EVALSHA). A key
# left without a lifetime (whatever the cause) is given one: it would block its client for ever.
_COUNT_SCRIPT = """
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('TTL', KEYS[1])
if left < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {used, left}
"""
_script = None


def _count(key: str, seconds: int) -> tuple[int, int]:
    """Count one request: (requests in the window so far, seconds until the window ends)."""
    global _script
    cache = caches["default"]
    if (redis := _redis(cache)) is not None:
        full_key = cache.make_key(key)
        if _script is None:
            _script = redis.register_script(_COUNT_SCRIPT)
        used, left = _script(keys=[full_key], args=[seconds], client=redis)
        return int(used), max(1, int(left))
    now = time.time()
    cache.add(f"{key}:start", now, seconds)
    cache.add(key, 0, seconds)
    used = cache.incr(key)
    return used, max(1, math.ceil(cache.get(f"{key}:start", now) + seconds - now))


def _used(key: str, seconds: int) -> tuple[int, int]:
    """Like _count without counting."""
    cache = caches["default"]
    if (redis := _redis(cache)) is not None:
        full_key = cache.make_key(key)
        pipe = redis.pipeline(transaction=False)
        pipe.get(full_key)
        pipe.ttl(full_key)
        used, left = pipe.execute()
        return int(used or 0), max(1, int(left))
    now = time.time()
    used = int(cache.get(key) or 0)
    return used, max(1, math.ceil(cache.get(f"{key}:start", now) + seconds - now))


def hit(request, name: str) -> Decision:
    """Count this request against limit `name`; refused when over the limit. The window starts
    at the client's first request and lasts the limit's seconds. Fails open."""
    if not enabled() or _breaker.paused(_cache_location()):
        return ALLOWED
    count, seconds = limits()[name]
    try:
        used, left = _count(_key(name, request), seconds)
    except Exception as exc:  # Redis down or any cache fault: never block, never error
        _cache_failed(exc)
        return ALLOWED
    return ALLOWED if used <= count else Decision(False, left)


def peek(request, name: str) -> Decision:
    """Refused when `name` is already used up in this window; counts nothing (fails open)."""
    if not enabled() or _breaker.paused(_cache_location()):
        return ALLOWED
    count, seconds = limits()[name]
    try:
        used, left = _used(_key(name, request), seconds)
    except Exception as exc:
        _cache_failed(exc)
        return ALLOWED
    return ALLOWED if used < count else Decision(False, left)


# --- answers: API and pages ---------------------------------------------------------------------

class RateLimited(DomainError):
    code = "rate_limited"
    http_status = 429
    default_message = gettext_lazy("Too many requests. Please wait a little and try again.")

    def __init__(self, retry_after: int):
        super().__init__(retry_after=retry_after)
        self.retry_after = retry_after


def api_response(exc: RateLimited) -> HttpResponse:
    """429 in the API's error format, with Retry-After (config/api.py renders RateLimited so)."""
    response = JsonResponse({"code": exc.code, "message": str(exc.message), "data": exc.data},
                            status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(exc.retry_after)
    return response


def wait_message(decision: Decision) -> str:
    """For a form shown again with what was typed: when to try again."""
    minutes = max(1, math.ceil(decision.retry_after / 60))
    return gettext("Too many requests came from your network. Please try again in about %(n)d "
                   "min.") % {"n": minutes}


def with_retry_after(response: HttpResponse, decision: Decision) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(decision.retry_after)
    return response


def page_response(request, decision: Decision) -> HttpResponse:
    minutes = max(1, math.ceil(decision.retry_after / 60))
    response = render(request, "ratelimit/too_many.html",
                      {"retry_after": decision.retry_after, "minutes": minutes}, status=429)
    response["Retry-After"] = str(decision.retry_after)
    return response


def page_limited(request, name: str) -> HttpResponse | None:
    """For a page: None when the request may go on, else the 429 page to return."""
    decision = hit(request, name)
    return None if decision.allowed else page_response(request, decision)


def lookup_check(request, name: str) -> None:
    """Before a lookup that guards a secret (tracking number + phone): RateLimited when this
    client's failures used up the limit. Count a failure with lookup_failed."""
    decision = peek(request, name)
    if not decision.allowed:
        raise RateLimited(decision.retry_after)


def lookup_failed(request, name: str) -> None:
    hit(request, name)


_RESPONSE_429 = {
    "description": "Too many requests from this client: wait `Retry-After` seconds.",
    "headers": {"Retry-After": {"schema": {"type": "integer"},
                                "description": "Seconds until the limit's window ends"}},
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["code", "message", "data"],
        "properties": {"code": {"type": "string", "enum": ["rate_limited"]},
                       "message": {"type": "string"},
                       "data": {"type": "object",
                                "properties": {"retry_after": {"type": "integer"}}}}}}},
}


def documents_429(func: Callable) -> Callable:
    """Add the 429 answer to an API operation's OpenAPI responses (put it under @router.get)."""
    def contribute(operation) -> None:
        extra = dict(operation.openapi_extra or {})
        extra["responses"] = {**extra.get("responses", {}), 429: _RESPONSE_429}
        operation.openapi_extra = extra

    contribute_operation_callback(func, contribute)
    return func


def api_limited(name: str) -> Callable[[Callable], Callable]:
    """Limit an API operation (put it under @router.get/post): counted before its input is read;
    over the limit, 429 in the API's error format. Documented in the OpenAPI schema."""
    def around_run(run: Callable) -> Callable:
        @wraps(run)
        def limited_run(request, *args, **kwargs):
            decision = hit(request, name)
            if not decision.allowed:
                return api_response(RateLimited(decision.retry_after))
            return run(request, *args, **kwargs)

        return limited_run

    def decorator(func: Callable) -> Callable:
        return documents_429(decorate_view(around_run)(func))

    return decorator

