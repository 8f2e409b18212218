"""Probes for the load balancer and the orchestrator; no session, no personal data, never cached.

- /healthz  liveness: the process answers (no database, no Redis). Restart the node when it fails.
- /readyz   readiness: PostgreSQL answers `SELECT 1` and, when REDIS_URL is set, Redis answers
            PING. 503 takes the node out of the pool until they are back; no restart needed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _redis_ok() -> bool | None:
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        return bool(client.ping())
    except redis.RedisError:
        return False


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    ready = all(ok is not False for ok in checks.values())
    body = {"status": "ok" if ready else "unavailable",
            **{name: ("ok" if ok else "down") for name, ok in checks.items() if ok is not None}}
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = str(settings.SANBAO_OUTAGE_RETRY_AFTER)
    return response
