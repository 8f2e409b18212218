"""Fault: a worker killed in the middle of a job (SIGKILL) (issue 8).

A real `manage.py rqworker` subprocess takes a job that blocks half-way; the test kills the
worker's process group, lets the lease run out (the relay is given a later clock), and a new
worker finishes the job: its effect happens once and its outbox row is done. The same for a
notification killed after its claim: the relay's re-run and notifications_unstick's new job
together send it exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from rq.worker import SimpleWorker

from complaints.models import Complaint, Notification
from complaints.services.notifications import STUCK_AFTER, notifications_unstick
from complaints.tasks_notify import notification_send_job
from config import outbox
from config.jobs import enqueue
from config.models import OutboxJob
from service_net.models import ChangeRecord
from tests.api.test_complaints_api import body
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.jobs_for_tests import RELEASE_KEY, block_then_insert
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(settings.BASE_DIR)
BLOCKING_SMS = "tests.integration.jobs_for_tests.BlockingSmsBackend"


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}")


def worker(tmp_path, name: str, **env) -> subprocess.Popen:
    """`manage.py rqworker default --burst` on the test database and Redis, in its own process
    group (the worker and the work horse it forks die together)."""
    environment = {**os.environ, "DATABASE_URL": database_url(), "REDIS_URL": settings.REDIS_URL,
                   **env}
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen([sys.executable, "manage.py", "rqworker", "default", "--burst"],
                            cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the worker's process group and the work horse's: RQ's horse calls setpgrp(), so
    killing the worker's group alone would leave the job running (as the OOM killer or a
    container stop would not)."""
    horses = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    for horse in horses:
        os.killpg(int(horse), signal.SIGKILL)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def relay_after_the_lease():
    return outbox.relay(at=timezone.now() + timedelta(seconds=outbox.lease_seconds() + 1))


def records(action: str, marker: int = 0) -> int:
    return ChangeRecord.objects.filter(entity="test", entity_id=marker, action=action).count()


def test_a_job_killed_mid_way_is_relayed_after_its_lease_and_takes_effect_once(
        redis_conn, tmp_path):
    with transaction.atomic():
        job_id = enqueue(block_then_insert, 41)
    first = worker(tmp_path, "first")
    try:
        wait_until(lambda: records("tests.job.started", 41) == 1, timeout=60, what="the job to start")
    finally:
        kill_group(first)
    row = OutboxJob.objects.get(pk=job_id)
    assert (row.dispatch_count, row.done_at, row.failed_at) == (1, None, None)
    assert row.dispatched_at is not None

    assert outbox.relay(at=timezone.now()).pushed == 0, "its lease has not run out"
    assert relay_after_the_lease().pushed == 1
    assert django_rq.get_queue("default").job_ids == [f"outbox-{job_id}-2"]
    redis_conn.set(RELEASE_KEY, 1)
    second = worker(tmp_path, "second")
    assert second.wait(120) == 0, (tmp_path / "second.log").read_text()

    assert Group.objects.filter(name="outbox-effect-41").count() == 1
    assert records("tests.job.started", 41) == 2
    row.refresh_from_db()
    assert (row.dispatch_count, row.failed_at, row.last_error) == (2, None, "")
    assert row.done_at is not None
    failed = django_rq.get_queue("default").failed_job_registry.get_job_ids()
    assert f"outbox-{job_id}-2" not in failed
    assert relay_after_the_lease().pushed == 0, "done: never pushed again"


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_a_notification_killed_after_its_claim_is_sent_once_by_the_two_recoveries(
        api, redis_conn, tmp_path, settings):
    settings.SMS_BACKEND = BLOCKING_SMS
    response = api.post("/api/v1/complaints", body(repair_outlet_name="", repair_outlet_phone="",
                                                   report=None))
    assert response.status_code == 201, response.content
    complaint = Complaint.objects.get(tracking_number=response.json()["tracking_number"])
    row = Notification.objects.get(complaint=complaint)  # the consumer's SMS, nothing else
    first = worker(tmp_path, "first", SMS_BACKEND=BLOCKING_SMS)
    try:
        wait_until(lambda: records("tests.sms.sending") == 1, timeout=60, what="the send to start")
    finally:
        kill_group(first)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sending", 1)
    redis_conn.set(RELEASE_KEY, 1)

    # Recovery 1, the outbox: the lease ran out, the job runs again, finds the row claimed.
    assert relay_after_the_lease().pushed == 1
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)
    assert records("tests.sms.sent") == 0
    assert not OutboxJob.objects.filter(done_at__isnull=True).exists()

    # Recovery 2, the notification's own: still `sending` after STUCK_AFTER: a new send job.
    assert notifications_unstick(at=timezone.now() + STUCK_AFTER + timedelta(minutes=1)) == [
        row.pk]
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)
    assert records("tests.sms.sent") == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)

    assert relay_after_the_lease().pushed == 0
    assert notification_send_job(row.pk) == "skipped"
    assert records("tests.sms.sent") == 1
