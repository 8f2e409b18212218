"""The job outbox's moving parts: push rows to RQ, run them on a worker, relay what got lost.

A row (config.models.OutboxJob) is written by config.jobs.enqueue in the caller's transaction.
Its life:

    pending (dispatched_at NULL) --push--> dispatched --run--> done
                                                         \\--> failed (last attempt raised)

- `dispatch` (after commit): one Redis pipeline for every row of the transaction, then one
  UPDATE marking them dispatched. Redis unreachable: a warning without arguments, the rows stay
  pending, and pushes from this process pause for OUTBOX_PUSH_PAUSE_SECONDS (a request never
  waits on a dead Redis twice in a row). Without REDIS_URL the rows run inline instead.
- `run(outbox_id)` is what RQ executes (job id `outbox-<row id>`, `outbox-<row id>-<n>` for the
  n-th dispatch so a re-push never overwrites an entry RQ still holds). It renews the row's lease
  (dispatched_at = the attempt's start), skips a done or failed row, runs the function and marks
  the row done. When the function raises with RQ retries left, the lease is moved to the retry's
  start; on the last attempt the row is marked failed with the exception's class only (its text
  may hold personal data), and the exception goes on to RQ.
- `relay(at=)`, every minute (config/cron.py; `manage.py outbox_relay`): rows never dispatched
  and older than OUTBOX_RELAY_GRACE_SECONDS (the on-commit push had its chance), and rows
  dispatched but neither done nor failed whose lease (OUTBOX_LEASE_SECONDS, longer than any
  job's timeout) ran out: the RQ entry was lost (Redis restarted without persistence) or the
  worker was killed mid-job. Locked with FOR UPDATE SKIP LOCKED (two relays never push one row),
  in id order, at most OUTBOX_RELAY_BATCH rows a run; a row dispatched OUTBOX_MAX_DISPATCHES
  times is given up (failed). A push that succeeds after a failed one in this process runs the
  relay once, so recovery does not wait for the next minute.

Every job is idempotent (style.md), so the rare second run — a worker that finished just as its
lease ran out, a crash between push and UPDATE — has no second effect.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

from .breaker import Breaker
from .models import OutboxJob

log = logging.getLogger(__name__)
RUN = "config.outbox.run"
_OPEN = Q(done_at__isnull=True, failed_at__isnull=True)


@dataclass(frozen=True)
class Pending:
    """What a push needs to know of a row."""

    id: int
    func: str
    queue: str = "default"
    retry_max: int = 0
    retry_intervals: list[int] = field(default_factory=list)
    dispatch_count: int = 0  # dispatches before this one


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def lease_seconds() -> float:
    """How long a dispatched row may go without finishing before the relay pushes it again:
    OUTBOX_LEASE_SECONDS, by default the longest queue timeout plus two minutes."""
    timeouts = [int(q.get("DEFAULT_TIMEOUT", 180)) for q in settings.RQ_QUEUES.values()]
    return _setting("OUTBOX_LEASE_SECONDS", max(timeouts, default=180) + 120)


# --- pushing ----------------------------------------------------------------------------------

def dispatch(jobs: list[Pending], *, at: datetime | None = None) -> bool:
    """Hand committed rows to RQ (one pipeline, one UPDATE), or run them inline without Redis.
    Never raises for an unreachable Redis: False, and the rows stay pending for the relay."""
    if not jobs:
        return True
    if not settings.REDIS_URL:
        for job in jobs:
            run_inline(job.id)
        return True
    url = _url(jobs[0].queue)
    if _paused(url):
        return False
    if not _push(jobs):
        return False
    _mark_dispatched([job.id for job in jobs], at or timezone.now())
    if _recovered.pop(url, False):
        log.info("outbox: Redis reachable again: relaying the jobs left pending")
        try:
            relay(at=timezone.now())
        except Exception as exc:  # the cron's relay will do it; never fail the committed request
            log.error("outbox: relay after recovery failed: %s", error_summary(exc))
    return True


def _mark_dispatched(ids: list[int], at: datetime) -> None:
    OutboxJob.objects.filter(pk__in=ids).update(dispatched_at=at,
                                                dispatch_count=F("dispatch_count") + 1)


_breaker = Breaker("OUTBOX_PUSH_PAUSE_SECONDS")  # per Redis URL: pushes pause after a failure
_recovered: dict[str, bool] = {}  # a push failed since the last success: relay at the next one


def _paused(url: str) -> bool:
    return _breaker.paused(url)


def _push(jobs: list[Pending]) -> bool:
    """One pipeline per Redis URL. The log line names no function argument."""
    from rq import Queue

    by_url: dict[str, dict[str, list[Pending]]] = defaultdict(lambda: defaultdict(list))
    for job in jobs:
        by_url[_url(job.queue)][job.queue].append(job)
    for url, queues in by_url.items():
        try:
            redis = _connection(url)
            with redis.pipeline() as pipe:
                for name, group in queues.items():
                    _queue(name, redis).enqueue_many(
                        [Queue.prepare_data(RUN, (job.id,), job_id=_rq_job_id(job),
                                            description=f"{job.func} (outbox {job.id})",
                                            retry=_retry(job)) for job in group],
                        pipeline=pipe)
                pipe.execute()
        except (RedisError, OSError) as exc:
            _breaker.failed(url)
            _recovered[url] = True
            log.warning("outbox: could not reach Redis (%s): %d job(s) left pending for the relay",
                        type(exc).__name__, len(jobs))
            return False
        _breaker.succeeded(url)
    return True


def _rq_job_id(job: Pending) -> str:
    return f"outbox-{job.id}" if job.dispatch_count == 0 else f"outbox-{job.id}-{job.dispatch_count + 1}"


def _retry(job: Pending):
    if job.retry_max <= 0:
        return None
    from rq import Retry

    return Retry(max=job.retry_max, interval=list(job.retry_intervals) or 0)


def _url(queue: str) -> str:
    config = settings.RQ_QUEUES.get(queue) or settings.RQ_QUEUES["default"]
    return str(config.get("URL") or settings.REDIS_URL)


_connections: dict[str, object] = {}
_queues: dict[tuple[str, str], object] = {}


def _connection(url: str):
    """One client per URL and process, with short socket timeouts (OUTBOX_REDIS_TIMEOUT, 1 s)
    and no retries: a Redis that does not answer costs a request about a second, not a hang.
    Workers keep django-rq's own connections (their blocking dequeue needs long timeouts)."""
    client = _connections.get(url)
    if client is None:
        import redis

        timeout = _setting("OUTBOX_REDIS_TIMEOUT", 1.0)
        client = _connections[url] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout)
    return client


def _queue(name: str, redis):
    from rq import Queue

    key = (name, id(redis))
    queue = _queues.get(key)
    if queue is None:
        timeout = (settings.RQ_QUEUES.get(name) or {}).get("DEFAULT_TIMEOUT")
        queue = _queues[key] = Queue(name, connection=redis, default_timeout=timeout)
    return queue


# --- running ----------------------------------------------------------------------------------

def run(outbox_id: int):
    """The RQ job: run the row's function once it is claimed for this attempt (see the module
    docstring). Returns the function's result, or None for a row done, failed or gone."""
    loaded = _start(outbox_id, timezone.now())
    if loaded is None:
        log.info("outbox %s: done, failed or gone: skipped", outbox_id)
        return None
    func, args, kwargs = loaded
    try:
        result = import_string(func)(*args, **kwargs)
    except Exception as exc:
        _attempt_failed(outbox_id, exc)
        raise
    OutboxJob.objects.filter(_OPEN, pk=outbox_id).update(done_at=timezone.now(), last_error="")
    return result


def _start(outbox_id: int, at: datetime) -> tuple[str, list, dict] | None:
    """Renew the lease and read the call in one statement (UPDATE … RETURNING)."""
    meta = OutboxJob._meta
    quote = connection.ops.quote_name
    column = meta.get_field
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote(column('dispatched_at').column)} = %s "
           f"WHERE {quote(meta.pk.column)} = %s AND {quote(column('done_at').column)} IS NULL "
           f"AND {quote(column('failed_at').column)} IS NULL "
           f"RETURNING {quote(column('func').column)}, {quote(column('args').column)}, "
           f"{quote(column('kwargs').column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [column("dispatched_at").get_db_prep_save(at, connection), outbox_id])
        found = cursor.fetchone()
    if found is None:
        return None
    func, args, kwargs = found
    return (func, column("args").from_db_value(args, None, connection) or [],
            column("kwargs").from_db_value(kwargs, None, connection) or {})


def _attempt_failed(outbox_id: int, exc: Exception) -> None:
    from rq import get_current_job

    now = timezone.now()
    error = error_summary(exc)
    job = get_current_job()
    open_row = OutboxJob.objects.filter(_OPEN, pk=outbox_id)
    if job is not None and job.retries_left:  # RQ runs it again after the interval
        open_row.update(dispatched_at=now + timedelta(seconds=job.get_retry_interval()),
                        last_error=error)
        return
    open_row.update(failed_at=now, last_error=error)
    log.warning("outbox %s failed: %s", outbox_id, error)


def error_summary(exc: BaseException) -> str:
    """The exception's class, never its text (which may quote a phone or an address)."""
    kind = type(exc)
    module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
    return f"{module}{kind.__qualname__}"[:500]


def run_inline(outbox_id: int) -> None:
    """The demo's worker: run now; a failure is logged by its class only (no traceback: its
    text may quote personal data) and never reaches the request that committed the job."""
    try:
        run(outbox_id)
    except Exception as exc:
        log.error("inline job (outbox %s) failed: %s", outbox_id, error_summary(exc))


# --- relaying ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Relayed:
    pushed: int = 0
    gave_up: int = 0
    unreachable: int = 0  # left pending: Redis still down


def relay(*, at: datetime, limit: int | None = None) -> Relayed:
    """Push again the rows whose push never happened or whose lease ran out (module docstring).
    Idempotent and safe to run in several processes at once."""
    limit = limit or int(_setting("OUTBOX_RELAY_BATCH", 500))
    grace = timedelta(seconds=_setting("OUTBOX_RELAY_GRACE_SECONDS", 30))
    lease = timedelta(seconds=lease_seconds())
    most = int(_setting("OUTBOX_MAX_DISPATCHES", 5))
    due = (Q(dispatched_at__isnull=True, created_at__lte=at - grace)
           | Q(dispatched_at__lte=at - lease))
    with transaction.atomic():
        rows = list(OutboxJob.objects.select_for_update(skip_locked=True).filter(_OPEN, due)
                    .order_by("pk").values_list("pk", "func", "queue", "retry_max",
                                                "retry_intervals", "dispatch_count")[:limit])
        jobs = [Pending(*row) for row in rows]
        spent = [job.id for job in jobs if job.dispatch_count >= most]
        if spent:
            OutboxJob.objects.filter(pk__in=spent).update(
                failed_at=at, last_error=f"gave up after {most} dispatches")
            log.warning("outbox: gave up on %d job(s) after %d dispatches: %s", len(spent), most,
                        spent)
        jobs = [job for job in jobs if job.dispatch_count < most]
        if not settings.REDIS_URL:
            transaction.on_commit(lambda: [run_inline(job.id) for job in jobs])
            return Relayed(pushed=len(jobs), gave_up=len(spent))
        if jobs and not _push(jobs):
            return Relayed(gave_up=len(spent), unreachable=len(jobs))
        _mark_dispatched([job.id for job in jobs], at)
        for job in jobs:  # this run is the recovery: the next push need not relay again
            _recovered.pop(_url(job.queue), None)
    if jobs:
        log.info("outbox: relayed %d job(s)", len(jobs))
    return Relayed(pushed=len(jobs), gave_up=len(spent))


def outbox_relay_job() -> int:
    """The cron job (every minute): one relay run; returns how many rows it pushed."""
    return relay(at=timezone.now()).pushed
