"""Coverage refresh: the full refresh, the coalesced job's work, and the hook for registry writes.

How a refresh is coalesced (a burst of 10,000 upserts queues one job, not 10,000):
- every registry write calls `coverage_outlets_changed` in its own transaction: it appends the
  outlet ids to CoverageDirtyOutlet (or, for a batch above INCREMENTAL_LIMIT, flags a full
  refresh) and sets CoverageRefreshRequest.requested_at only if it was empty; only the write
  that set it enqueues the job (after commit, through config.jobs.enqueue);
- the job (`coverage_refresh_pending`) empties requested_at first, so a write during its run
  queues exactly one more job; then, under the CoverageState row lock (two workers never refresh
  at once), it claims the dirty ids and refreshes incrementally, or fully when asked to, when
  the gazetteer changed or when many outlets changed. A second run finds nothing and does nothing.
Each job gets its own key (config.jobs job_id): a fixed key would make the write during a run
queue nothing, as the running job still holds the key until it is done.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from config.jobs import enqueue

from ..models import (
    Authorization,
    CoverageDirtyOutlet,
    CoverageOutlet,
    CoverageRefreshRequest,
    CoverageRun,
    CoverageState,
    Outlet,
)
from ..services.bulk import copy_rows
from .full import Progress, refresh_all
from .incremental import refresh_outlets
from .inputs import CategoryBits, category_codes, load_gazetteer

INCREMENTAL_LIMIT = 1000  # more outlets changed at once: a full refresh is cheaper
STALE_REQUEST = timedelta(minutes=30)  # a queued job that never started (e.g. Redis was down)
SINGLETON = 1


# --- the hook -------------------------------------------------------------------------------

@transaction.atomic
def coverage_outlets_changed(*, outlet_ids: Iterable[int], at: datetime) -> None:
    """Record, in the caller's transaction, that these outlets changed; queue one refresh.

    Registry write services call it after their writes. Nothing is computed here.
    """
    ids = sorted(set(outlet_ids))
    if not ids:
        return
    full = len(ids) > INCREMENTAL_LIMIT
    if not full:
        copy_rows(CoverageDirtyOutlet, ["outlet_id", "marked_at"], [(i, at) for i in ids])
    coverage_request_refresh(at=at, full=full, on_write=True)


@transaction.atomic
def coverage_request_refresh(*, at: datetime, full: bool = False, on_write: bool = False) -> str | None:
    """Ask for a refresh; enqueues the job (on commit) unless one is queued already.

    Returns the job id when this call queued it. With settings.COVERAGE_REFRESH_ON_WRITE off
    (e.g. the registry benchmark, whose timed imports would otherwise include the inline job
    when REDIS_URL is unset) a write only records its change, for the sweep or the command.
    """
    if not CoverageRefreshRequest.objects.filter(pk=SINGLETON).exists():
        CoverageRefreshRequest.objects.bulk_create([CoverageRefreshRequest(pk=SINGLETON)],
                                                   ignore_conflicts=True)
    request = CoverageRefreshRequest.objects.filter(pk=SINGLETON)
    if full:
        request.update(full=True)
    if on_write and not getattr(settings, "COVERAGE_REFRESH_ON_WRITE", True):
        return None
    job_id = f"coverage-refresh-{uuid.uuid4().hex[:16]}"
    # Only the write that finds no request pending queues the job: the coalescing.
    if not request.filter(requested_at__isnull=True).update(requested_at=at, job_id=job_id):
        return None
    from .tasks import coverage_refresh_job  # tasks imports this module

    enqueue(coverage_refresh_job, job_id=job_id)
    return job_id


# --- refreshing -----------------------------------------------------------------------------

@transaction.atomic
def coverage_refresh(*, actor: str, at: datetime, today: date,
                     progress: Progress | None = None) -> CoverageRun:
    """Recompute coverage of every township × category from the registry as it is on `today`.

    Authorizations count when ACTIVE and valid on `today` (as verify and nearest decide);
    domain.md §7 for what "served" means. Waits for a running refresh to finish; takes over any
    pending changes. `progress(done, total, category)` is called after each category.
    """
    started = time.perf_counter()
    state = _locked_state()
    outlet_ids, _ = _claim_changes()
    gazetteer = load_gazetteer()
    return _refresh_full(state, gazetteer, gazetteer.fingerprint(category_codes()), actor=actor,
                         at=at, today=today, reason="requested", outlets_changed=len(outlet_ids),
                         progress=progress, started=started)


def coverage_refresh_pending(*, actor: str, at: datetime, today: date,
                             progress: Progress | None = None) -> CoverageRun | None:
    """The job's work: refresh what changed since the last refresh. None when nothing had.

    Idempotent and safe on two workers at once (see the module docstring).
    """
    started = time.perf_counter()
    # Committed before anything else: a write from now on queues one more job (it may come
    # after the changes are claimed below).
    CoverageRefreshRequest.objects.filter(pk=SINGLETON).update(requested_at=None, job_id="")
    with transaction.atomic():
        state = _locked_state()
        outlet_ids, full = _claim_changes()
        gazetteer = load_gazetteer()
        fingerprint = gazetteer.fingerprint(category_codes())
        reason = _full_refresh_reason(state, full, fingerprint)
        if reason is None and state.computed_for != today:
            outlet_ids |= _validity_crossed(state.computed_for, today)
        if reason is None and len(outlet_ids) > INCREMENTAL_LIMIT:
            reason = "many outlets changed"
        kwargs = {"actor": actor, "at": at, "today": today, "outlets_changed": len(outlet_ids),
                  "started": started}
        if reason:
            return _refresh_full(state, gazetteer, fingerprint, reason=reason, progress=progress,
                                 **kwargs)
        if not outlet_ids and state.computed_for == today:
            return None
        remote = set(state.remote_offered)
        written = refresh_outlets(sorted(outlet_ids), gazetteer=gazetteer, remote=remote,
                                  bits=CategoryBits(tuple(state.categories)), today=today, at=at)
        state.remote_offered = sorted(remote)
        return _record(state, CoverageRun.Kind.INCREMENTAL, fingerprint,
                       reason="outlets changed" if outlet_ids else "new day",
                       rows_written=written, **kwargs)


@transaction.atomic
def coverage_sweep(*, at: datetime, today: date) -> str | None:
    """The scheduled safety net: queue a refresh when the day changed, changes wait, an outlet
    vanished outside the services, or a queued job never ran. Returns the queued job's id."""
    CoverageRefreshRequest.objects.filter(requested_at__lt=at - STALE_REQUEST).update(
        requested_at=None, job_id="")
    vanished = set(CoverageOutlet.objects.exclude(outlet_id__in=Outlet.objects.values("id"))
                   .values_list("outlet_id", flat=True))
    if vanished:
        coverage_outlets_changed(outlet_ids=vanished, at=at)
    state = CoverageState.objects.filter(pk=SINGLETON).first()
    due = (state is None or state.computed_for != today
           or CoverageDirtyOutlet.objects.exists()
           or CoverageRefreshRequest.objects.filter(full=True).exists())
    return coverage_request_refresh(at=at) if due else None


def _locked_state() -> CoverageState:
    CoverageState.objects.bulk_create([CoverageState(pk=SINGLETON)], ignore_conflicts=True)
    return CoverageState.objects.select_for_update().get(pk=SINGLETON)


def _claim_changes() -> tuple[set[int], bool]:
    """Take the dirty outlet ids and the full-refresh flag (deleting them: ours now)."""
    table = CoverageDirtyOutlet._meta.db_table
    with connection.cursor() as cursor:
        # DELETE … RETURNING takes exactly the rows it deletes, even with writers committing.
        cursor.execute(f'DELETE FROM "{table}" RETURNING "outlet_id"')
        ids = {row[0] for row in cursor.fetchall()}
    full = CoverageRefreshRequest.objects.filter(pk=SINGLETON, full=True).update(full=False) > 0
    return ids, full


def _full_refresh_reason(state: CoverageState, full: bool, fingerprint: str) -> str | None:
    if state.computed_for is None:
        return "first refresh"
    if full:
        return "large batch"
    if fingerprint != state.gazetteer_fingerprint:
        return "gazetteer or categories changed"
    return None


def _validity_crossed(since: date, today: date) -> set[int]:
    """Outlets with an authorization that started or ended between the two days."""
    low, high = sorted((since, today))
    crossed = Q(valid_from__gt=low, valid_from__lte=high) | Q(valid_to__gte=low, valid_to__lt=high)
    return set(Authorization.objects.filter(crossed, state=Authorization.State.ACTIVE)
               .values_list("outlet_id", flat=True))


def _refresh_full(state, gazetteer, fingerprint, *, progress, **run) -> CoverageRun:
    bits = CategoryBits(tuple(category_codes()))
    written, remote = refresh_all(gazetteer=gazetteer, bits=bits, today=run["today"], at=run["at"],
                                  progress=progress)
    state.categories, state.remote_offered = list(bits.codes), remote
    return _record(state, CoverageRun.Kind.FULL, fingerprint, rows_written=written, **run)


def _record(state: CoverageState, kind: str, fingerprint: str, *, actor: str, at: datetime,
            today: date, reason: str, outlets_changed: int, rows_written: int,
            started: float) -> CoverageRun:
    """Store what the rows now reflect, and who refreshed them when (the audit of the read model)."""
    state.computed_for, state.refreshed_at, state.gazetteer_fingerprint = today, at, fingerprint
    state.save()
    return CoverageRun.objects.create(kind=kind, actor=actor, at=at, computed_for=today,
                                      reason=reason, outlets_changed=outlets_changed,
                                      rows_written=rows_written,
                                      seconds=time.perf_counter() - started)
