"""RQ jobs of the coverage read model. Each reads the clock once and calls one service.

Register the sweep once a day (and, as a safety net, hourly is fine) with rq's cron:
`cron.register(coverage_sweep_job, queue_name="default", cron="5 0 * * *")`.
"""

from __future__ import annotations

from django.utils import timezone

from .services import coverage_refresh_pending, coverage_sweep

JOB_ACTOR = "system:coverage_job"


def coverage_refresh_job() -> None:
    """Refresh what changed since the last refresh (queued by registry writes, coalesced)."""
    at = timezone.now()
    coverage_refresh_pending(actor=JOB_ACTOR, at=at, today=timezone.localdate(at))


def coverage_sweep_job() -> None:
    """Daily: authorizations that started or ended, lost jobs, outlets deleted outside services."""
    at = timezone.now()
    coverage_sweep(at=at, today=timezone.localdate(at))
