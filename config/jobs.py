"""The one way to start background work: RQ through django-rq, or inline without Redis.

With REDIS_URL set, `enqueue` puts the job on its queue when the current transaction commits
(a job never sees uncommitted rows, and a rolled-back write starts no job). Without REDIS_URL
(the demo), the job runs in-process right after commit. Jobs must be idempotent either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)


def enqueue(func: Callable, *args, queue: str = "default", job_id: str | None = None, **kwargs):
    if not settings.REDIS_URL:
        transaction.on_commit(lambda: _run_inline(func, args, kwargs))
        return None

    def put():
        _queue(queue).enqueue(func, *args, job_id=job_id, **kwargs)

    transaction.on_commit(put)
    return job_id


_connections: dict[str, object] = {}


def _queue(name: str):
    """The RQ queue on this process's one Redis client per URL: django_rq.get_queue alone opens
    a new connection pool, so a new TCP connection and handshake, for every job (~10 ms). The
    pool notices a fork and reconnects in the child."""
    import django_rq
    from django_rq.settings import QUEUES

    url = str(QUEUES[name].get("URL", ""))
    connection = _connections.get(url)
    if connection is None:
        connection = _connections[url] = django_rq.get_connection(name)
    return django_rq.get_queue(name, connection=connection)


def _run_inline(func: Callable, args: tuple, kwargs: dict) -> None:
    try:
        func(*args, **kwargs)
    except Exception:  # a failed inline job must not fail the request that committed
        log.exception("inline job %s failed", getattr(func, "__name__", func))
