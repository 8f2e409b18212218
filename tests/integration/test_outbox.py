"""The job outbox (config.jobs, config.outbox): rows written in the caller's transaction, pushed
at commit, run by a real RQ worker, relayed when lost; the demo's inline mode; the admin list."""

from __future__ import annotations

import threading
from datetime import timedelta

import django_rq
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rq import Retry
from rq.worker import SimpleWorker

from config import outbox
from config.jobs import batch, enqueue, enqueue_many
from config.models import OutboxJob
from service_net.models import ChangeRecord
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.jobs_for_tests import fail_first, record_ran


def work() -> None:
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)


def ran(marker: int) -> int:
    return ChangeRecord.objects.filter(entity="test", entity_id=marker,
                                       action="tests.job.ran").count()


def sql_of(queries, verb: str) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].startswith(f'{verb} ') and '"platform_outboxjob"' in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_second_enqueue_under_the_key_of_an_open_job_is_a_no_op(redis_conn):
    with transaction.atomic():
        first = enqueue(record_ran, 1, job_id="sweep-row-1")
    with transaction.atomic():
        assert enqueue(record_ran, 1, job_id="sweep-row-1") is None
    assert OutboxJob.objects.count() == 1 and django_rq.get_queue("default").count == 1
    work()
    assert ran(1) == 1 and OutboxJob.objects.get(pk=first).done_at is not None
    with transaction.atomic():  # done: the key is free again
        again = enqueue(record_ran, 1, job_id="sweep-row-1")
    assert again not in (None, first)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_row_and_pushes_nothing(redis_conn):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(record_ran, 2)
        raise RuntimeError("rollback")
    with transaction.atomic():
        enqueue(record_ran, 3)
        try:
            with transaction.atomic():  # a savepoint rolled back, the transaction goes on
                enqueue(record_ran, 4)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert list(OutboxJob.objects.values_list("args", flat=True)) == [[3]]
    assert django_rq.get_queue("default").count == 1


@pytest.mark.django_db(transaction=True)
def test_a_transactions_jobs_are_pushed_together_and_marked_with_one_update(redis_conn):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert django_rq.get_queue("default").count == 0
        one = enqueue(record_ran, 5, queue="low")
        many = enqueue_many(record_ran, [(6,), (7,)])
        with batch():
            enqueue(record_ran, 8)
            enqueue(fail_first, 9, retry=Retry(max=2, interval=[0, 5]))
        assert django_rq.get_queue("default").count == 0, "nothing before the commit"
    assert len(sql_of(queries, "INSERT")) == 3  # enqueue, enqueue_many, the batch
    assert len(sql_of(queries, "UPDATE")) == 1
    rows = list(OutboxJob.objects.order_by("pk"))
    assert [r.pk for r in rows[:3]] == [one, *many]
    assert all(r.dispatched_at and r.dispatch_count == 1 for r in rows)
    assert django_rq.get_queue("low").job_ids == [f"outbox-{one}"]
    assert django_rq.get_queue("default").job_ids == [f"outbox-{r.pk}" for r in rows[1:]]
    assert (rows[-1].retry_max, rows[-1].retry_intervals) == (2, [0, 5])
    rq_job = django_rq.get_queue("default").fetch_job(f"outbox-{rows[-1].pk}")
    assert (rq_job.retries_left, rq_job.retry_intervals, rq_job.args) == (2, [0, 5], (rows[-1].pk,))


@pytest.mark.django_db(transaction=True)
def test_a_failure_with_retries_left_keeps_the_row_open_and_the_retry_finishes_it(redis_conn):
    with transaction.atomic():
        pk = enqueue(fail_first, 10, retry=Retry(max=1))
    work()  # fails, RQ queues the retry at once (interval 0), the retry runs
    row = OutboxJob.objects.get(pk=pk)
    assert ran(10) == 1 and row.done_at is not None
    assert (row.failed_at, row.last_error) == (None, "")


@pytest.mark.django_db(transaction=True)
def test_the_last_failed_attempt_marks_the_row_failed_with_the_class_only(redis_conn):
    with transaction.atomic():
        pk = enqueue(fail_first, 11, times=5, retry=Retry(max=1))
    work()
    row = OutboxJob.objects.get(pk=pk)
    assert (row.done_at, row.last_error) == (None, "ValueError")
    assert row.failed_at is not None
    assert f"outbox-{pk}" in django_rq.get_queue("default").failed_job_registry.get_job_ids()
    assert outbox.run(pk) is None, "failed: a late duplicate does not run it again"
    assert ChangeRecord.objects.filter(entity_id=11, action="tests.job.attempt").count() == 2


@pytest.mark.django_db
def test_the_relay_pushes_unsent_rows_after_the_grace_and_lost_ones_after_the_lease(redis_conn):
    pk = enqueue_many(record_ran, [(12,)])[0]  # the test's transaction never commits: not pushed
    now = timezone.now()
    grace = timedelta(seconds=31)
    assert outbox.relay(at=now).pushed == 0, "the on-commit push may still come"
    assert outbox.relay(at=now + grace).pushed == 1
    assert outbox.relay(at=now + grace).pushed == 0, "dispatched: nothing to do"
    lost = now + grace + timedelta(seconds=outbox.lease_seconds() + 1)
    assert outbox.relay(at=lost).pushed == 1
    assert django_rq.get_queue("default").job_ids == [f"outbox-{pk}", f"outbox-{pk}-2"]
    assert OutboxJob.objects.get(pk=pk).dispatch_count == 2
    OutboxJob.objects.filter(pk=pk).update(dispatch_count=5)
    gave_up = outbox.relay(at=lost + timedelta(days=1))
    assert (gave_up.pushed, gave_up.gave_up) == (0, 1)
    row = OutboxJob.objects.get(pk=pk)
    assert row.failed_at is not None and row.last_error == "gave up after 5 dispatches"


@pytest.mark.django_db
def test_the_relay_takes_a_bounded_batch_in_id_order(redis_conn):
    ids = enqueue_many(record_ran, [(13,), (14,), (15,)])
    later = timezone.now() + timedelta(minutes=1)
    assert outbox.relay(at=later, limit=2).pushed == 2
    assert django_rq.get_queue("default").job_ids == [f"outbox-{pk}" for pk in ids[:2]]
    assert outbox.relay(at=later, limit=2).pushed == 1


@pytest.mark.django_db(transaction=True)
def test_a_row_locked_by_another_relay_is_skipped_not_waited_for(redis_conn):
    OutboxJob.objects.create(func="tests.integration.jobs_for_tests.record_ran", args=[16],
                             created_at=timezone.now() - timedelta(minutes=5))  # never pushed
    locked, release = threading.Event(), threading.Event()

    def other_relay():
        try:
            with transaction.atomic():
                list(OutboxJob.objects.select_for_update())
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_relay)
    thread.start()
    try:
        assert locked.wait(30)
        assert outbox.relay(at=timezone.now()).pushed == 0
    finally:
        release.set()
        thread.join(30)
    assert outbox.relay(at=timezone.now()).pushed == 1


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_without_redis_jobs_run_inline_after_commit_and_their_rows_are_closed(caplog):
    with transaction.atomic():
        done = enqueue(record_ran, 17)
        failed = enqueue(fail_first, 18, times=5)
        assert ran(17) == 0
    assert ran(17) == 1
    assert OutboxJob.objects.get(pk=done).done_at is not None
    assert OutboxJob.objects.get(pk=failed).last_error == "ValueError"
    assert "13893512345" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_relay_command_runs_once(redis_conn, capsys):
    OutboxJob.objects.create(func="tests.integration.jobs_for_tests.record_ran", args=[19],
                             created_at=timezone.now() - timedelta(minutes=5))
    call_command("outbox_relay")
    assert "relayed 1" in capsys.readouterr().out
    work()
    assert ran(19) == 1


@pytest.mark.django_db
def test_the_admin_lists_jobs_by_state_read_only(admin_client):
    OutboxJob.objects.create(func="complaints.tasks_notify.notification_send_job", args=[1],
                             created_at=timezone.now(), dispatched_at=timezone.now() - timedelta(
                                 hours=2), dispatch_count=1)
    OutboxJob.objects.create(func="complaints.fraud_hook.complaint_fraud_observe_job", args=[2],
                             created_at=timezone.now(), failed_at=timezone.now(),
                             last_error="ValueError")
    stuck = admin_client.get("/admin/platform/outboxjob/?state=stuck").content.decode()
    assert "notification_send_job" in stuck and "complaint_fraud_observe_job" not in stuck
    failed = admin_client.get("/admin/platform/outboxjob/?state=failed").content.decode()
    assert "complaint_fraud_observe_job" in failed and "ValueError" in failed
    assert admin_client.get("/admin/platform/outboxjob/add/").status_code == 403


# --- what the outbox costs a filing ---

@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
@pytest.mark.parametrize("outlet, before_outbox", [(False, 11), (True, 13)])
def test_a_filing_pays_one_insert_in_its_transaction_and_one_update_after_it(
        api, redis_conn, outlet, before_outbox):
    """Statements of one API filing (BEGIN and COMMIT included), warm caches: 11 before the
    outbox, 13 with it; naming a repair outlet (and a report) 13 before, 15 now — its fraud
    observation's job shares the notifications' INSERT (config.jobs.batch)."""
    from tests.api.test_complaints_api import body

    extra = {} if outlet else {"repair_outlet_name": "", "repair_outlet_phone": "", "report": None}
    assert api.post("/api/v1/complaints", body(**extra)).status_code == 201  # warms the caches
    with CaptureQueriesContext(connection) as queries:
        response = api.post("/api/v1/complaints", body(**extra))
    assert response.status_code == 201
    assert len(sql_of(queries, "INSERT")) == 1 and len(sql_of(queries, "UPDATE")) == 1
    assert len(queries) == before_outbox + 2, [q["sql"][:80] for q in queries.captured_queries]
    jobs = OutboxJob.objects.filter(dispatched_at__isnull=False).values_list("func", flat=True)
    assert ("complaints.fraud_hook.complaint_fraud_observe_job" in jobs) == outlet
