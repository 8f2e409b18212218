"""The enqueue seam against real Redis and a real RQ worker."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from config.jobs import enqueue
from service_net.models import ChangeRecord
from tests.integration.jobs_for_tests import record_ran


@pytest.mark.django_db(transaction=True)
def test_job_is_queued_on_commit_and_run_by_a_worker(redis_conn):
    import django_rq

    queue = django_rq.get_queue("default")
    with transaction.atomic():
        enqueue(record_ran, 7)
        assert queue.count == 0, "nothing is queued before the transaction commits"
    assert queue.count == 1
    django_rq.get_worker("default").work(burst=True)
    assert ChangeRecord.objects.filter(entity="test", entity_id=7).count() == 1


@pytest.mark.django_db(transaction=True)
def test_rolled_back_write_queues_no_job(redis_conn):
    import django_rq

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(record_ran, 8)
        raise RuntimeError("rollback")
    assert django_rq.get_queue("default").count == 0


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_without_redis_the_job_runs_inline_after_commit():
    with transaction.atomic():
        enqueue(record_ran, 9)
        assert not ChangeRecord.objects.filter(entity_id=9, entity="test").exists()
    assert ChangeRecord.objects.filter(entity_id=9, entity="test").count() == 1
