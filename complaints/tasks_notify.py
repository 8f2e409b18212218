"""The notification send job: one job per Notification row, queued when its transaction commits.

With Redis the job carries rq.Retry(max=3) with growing intervals (settings
NOTIFY_RETRY_INTERVALS; the worker must run with --with-scheduler for intervals above zero), kept
on its outbox row (config.jobs). Without Redis (the demo) the job runs inline once after commit:
its first attempt is its last. Running twice or on two workers at once sends once (the claim in
complaints.services.notifications.notification_send).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from config.jobs import enqueue_many

from .services.notifications import MAX_ATTEMPTS, notification_send

DEFAULT_RETRY_INTERVALS = [30, 120, 600]  # seconds: half a minute, two minutes, ten minutes


def notification_send_job(notification_id: int) -> str:
    """Send one notification; SendRetry (for rq.Retry) on a transient fault before the last try."""
    return notification_send(notification_id=notification_id, at=timezone.now(),
                             final=_last_attempt())


def _last_attempt() -> bool:
    from rq import get_current_job

    job = get_current_job()
    return job is None or not job.retries_left


def notification_send_enqueue(*notification_ids: int) -> None:
    """Queue one send job per notification with one outbox INSERT (config.jobs.enqueue_many),
    pushed to RQ at commit with its retries; without Redis each runs once, inline."""
    from rq import Retry

    intervals = list(getattr(settings, "NOTIFY_RETRY_INTERVALS", DEFAULT_RETRY_INTERVALS))
    enqueue_many(notification_send_job, [(pk,) for pk in notification_ids],
                 retry=Retry(max=MAX_ATTEMPTS - 1, interval=intervals))
