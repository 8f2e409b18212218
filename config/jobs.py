"""The one way to start background work: a row in the job outbox, then RQ (or inline, without Redis).

`enqueue(func, *args, queue=, job_id=, retry=, **kwargs)` writes one OutboxJob row in the
caller's transaction (config.models; the transactional outbox), so a job exists exactly when the
write that needs it commits: a rolled-back write leaves no row and starts nothing. After commit
the rows the transaction queued are pushed to RQ in one pipeline and marked dispatched with one
UPDATE (config.outbox.dispatch). If Redis cannot be reached the request does not fail: the rows
stay pending and the relay (config.outbox.relay, every minute) pushes them once Redis is back.
Without REDIS_URL (the demo) each job runs in-process right after commit and its row is marked
done or failed.

- `job_id` is the caller's deterministic key (OutboxJob.job_key): while a job with that key is
  open (not done, not failed), enqueueing it again is a no-op (INSERT … ON CONFLICT DO NOTHING on
  the partial unique constraint), whatever transaction tries.
- `retry` (an rq.Retry) is stored on the row; the RQ job carries it on every dispatch.
- `enqueue_many(func, [args, …])` queues many jobs of one function with one INSERT.
- `with batch():` collects every enqueue inside it into one INSERT at the end of the block
  (still in the caller's transaction): a filing queues its notifications and its fraud
  observation with one statement.

Jobs take ids and primitives (stored as JSON) and must be idempotent: the relay may run a job
again when its worker died or its RQ entry was lost.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from . import outbox
from .models import OutboxJob

log = logging.getLogger(__name__)
_local = threading.local()


@dataclass(frozen=True)
class _Row:
    func: str
    args: list
    kwargs: dict
    queue: str
    job_key: str
    retry_max: int
    retry_intervals: list[int]


def enqueue(func: Callable, *args, queue: str = "default", job_id: str | None = None,
            retry=None, **kwargs) -> int | None:
    """Queue `func(*args, **kwargs)` when the current transaction commits; returns the outbox
    row's id, or None when an open job holds `job_id` already (or inside `batch()`)."""
    ids = _write([_row(func, list(args), kwargs, queue, job_id or "", retry)])
    return ids[0] if ids else None


def enqueue_many(func: Callable, calls: Iterable[Sequence], *, queue: str = "default",
                 retry=None) -> list[int]:
    """Queue `func(*args)` for every `args` of `calls` with one INSERT; returns the new ids."""
    return _write([_row(func, list(args), {}, queue, "", retry) for args in calls])


@contextmanager
def batch() -> Iterator[None]:
    """Collect the enqueues of the block and write them with one INSERT when it ends (nothing
    when it raises). Use it inside the transaction whose writes need the jobs."""
    if getattr(_local, "collected", None) is not None:  # nested: the outer block writes
        yield
        return
    _local.collected = collected = []
    try:
        yield
    finally:
        _local.collected = None
    _write(collected)


def _row(func: Callable, args: list, kwargs: dict, queue: str, job_key: str, retry) -> _Row:
    path = func if isinstance(func, str) else f"{func.__module__}.{func.__qualname__}"
    if "<" in path:
        raise ValueError(f"a job must be a module-level function, not {path}")
    intervals = getattr(retry, "intervals", None) or [0]
    return _Row(func=path, args=args, kwargs=kwargs, queue=queue, job_key=_key(job_key),
                retry_max=int(getattr(retry, "max", 0) or 0),
                retry_intervals=[int(i) for i in intervals] if retry else [])


def _key(job_key: str) -> str:
    """The key as given, or (past the column's 128 characters) its start and a digest, so two
    long keys never merge."""
    if len(job_key) <= 128:
        return job_key
    return f"{job_key[:87]}#{hashlib.sha1(job_key.encode()).hexdigest()}"


def _write(rows: list[_Row]) -> list[int]:
    if not rows:
        return []
    collected = getattr(_local, "collected", None)
    if collected is not None:
        collected.extend(rows)
        return []
    jobs = _insert(rows)
    if jobs:
        conn = transaction.get_connection()
        if conn.in_atomic_block:
            _after_commit(conn).jobs.extend(jobs)
        else:  # autocommit: the rows are committed already
            outbox.dispatch(jobs)
    return [job.id for job in jobs]


def _insert(rows: list[_Row]) -> list[outbox.Pending]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: one statement, no savepoint; a row whose key
    an open job holds (committed, or earlier in this statement) is skipped."""
    meta = OutboxJob._meta
    names = ("func", "args", "kwargs", "queue", "job_key", "retry_max", "retry_intervals",
             "created_at", "dispatch_count", "last_error")
    fields = [meta.get_field(name) for name in names]
    now = timezone.now()
    params = []
    for row in rows:
        values = (row.func, row.args, row.kwargs, row.queue, row.job_key, row.retry_max,
                  row.retry_intervals, now, 0, "")
        params += [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
    quote = connection.ops.quote_name
    one = f"({', '.join(['%s'] * len(fields))})"
    returned = ("id", "func", "queue", "retry_max", "retry_intervals")
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES {', '.join([one] * len(rows))} ON CONFLICT DO NOTHING "
           f"RETURNING {', '.join(quote(name) for name in returned)}")
    intervals = meta.get_field("retry_intervals")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [outbox.Pending(id=pk, func=func, queue=queue, retry_max=retry_max,
                           retry_intervals=intervals.from_db_value(raw, None, connection) or [])
            for pk, func, queue, retry_max, raw in found]


@dataclass
class _AfterCommit:
    """The jobs one transaction queued, dispatched together when it commits."""

    jobs: list[outbox.Pending] = field(default_factory=list)

    def __call__(self) -> None:
        # Never raises: the transaction has committed (a database lost right after COMMIT must
        # not turn the answer into a 500; the rows stay pending or undispatched for the relay).
        try:
            outbox.dispatch(self.jobs)
        except Exception as exc:
            log.warning("outbox: dispatch after commit failed (%s); the relay will push",
                        type(exc).__name__)


def _after_commit(conn) -> _AfterCommit:
    """The collector of this transaction (of this atomic level), registered with on_commit at
    its first job. Reused while it is still pending at the same level — same savepoints — so a
    rollback (which drops it) or an inner atomic block starts a new one; an inner block's jobs
    are then pushed apart, and a test's captured callbacks always include the jobs queued in
    the block they capture."""
    current = getattr(_local, "after_commit", None)
    level = set(conn.savepoint_ids)
    if current is not None and any(entry[1] is current and entry[0] == level
                                   for entry in conn.run_on_commit):
        return current
    _local.after_commit = current = _AfterCommit()
    transaction.on_commit(current, robust=True)
    return current
