"""Fault: Redis goes down while consumers file complaints (issue 8).

A private redis-server is started for the test and killed for real (SIGKILL) in the middle of
the filings, then started again empty (no persistence: the RQ entries pushed before the crash
are lost too). Every filing is accepted and stored; the jobs wait in the outbox and, after the
relay and a real RQ worker, every notification is sent exactly once and every fraud observation
made once; relaying and working again changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import django_rq
import pytest
from django.utils import timezone
from rq.worker import SimpleWorker

from complaints.models import Complaint, Notification
from config import outbox
from config.models import OutboxJob
from config.softcache import cache_get, cache_set
from service_net.models import FraudObservation
from tests.api.test_complaints_api import body
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.redis_support import PrivateRedis
from tests.integration.test_complaint_pages import form

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
REGULATOR_EMAIL = "amr@minqin.example"  # the respondent is in 民勤县: its regulator is told


@pytest.fixture
def private_redis(tmp_path, settings):
    server = PrivateRedis(tmp_path).start()
    server.point_settings_at(settings)
    settings.OUTBOX_PUSH_PAUSE_SECONDS = 0  # each filing tries Redis again (the pause has its test)
    settings.SOFT_CACHE_PAUSE_SECONDS = 0
    settings.NOTIFY_RETRY_INTERVALS = [0]
    yield server
    server.kill()


@pytest.fixture
def regulator(other_regulator):
    other_regulator.user.email = REGULATOR_EMAIL
    other_regulator.user.save(update_fields=["email"])
    return other_regulator


def file_by_api(api) -> str:
    response = api.post("/api/v1/complaints", body())
    assert response.status_code == 201, response.content
    return response.json()["tracking_number"]


def file_by_form(client) -> str:
    response = client.post("/complaints/file/", form(
        action="submit", repair_outlet_name="某某官方维修", repair_outlet_phone="400-600-7788"))
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def work() -> None:
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)


def relay_after_the_lease():
    return outbox.relay(at=timezone.now() + timedelta(seconds=outbox.lease_seconds() + 1))


def test_filings_while_redis_is_down_are_stored_and_every_job_runs_once_when_it_is_back(
        api, client, private_redis, sms, mailoutbox, regulator):
    before = [file_by_api(api), file_by_api(api), file_by_form(client)]
    assert OutboxJob.objects.filter(dispatched_at__isnull=True).count() == 0, "pushed at commit"
    assert private_redis.client().llen("rq:queue:default") == OutboxJob.objects.count()

    private_redis.kill()
    during = [file_by_api(api), file_by_form(client), file_by_api(api)]
    assert Complaint.objects.filter(tracking_number__in=before + during).count() == 6
    waiting = OutboxJob.objects.filter(dispatched_at__isnull=True)
    # Each filing: the consumer's SMS, the regulator's e-mail, the fraud observation.
    assert waiting.count() == 3 * len(during)
    assert not waiting.filter(done_at__isnull=False).exists()
    assert client.get("/disclosure/").status_code == 200  # its cache fails soft as well
    assert sms == [] and mailoutbox == [], "nothing ran: no worker could get a job"

    private_redis.start()  # empty: the jobs pushed before the crash are gone with it
    assert outbox.relay(at=timezone.now()).pushed == 0, "within the grace and the lease"
    relayed = relay_after_the_lease()
    assert (relayed.pushed, relayed.gave_up, relayed.unreachable) == (18, 0, 0)
    work()

    notifications = Notification.objects.filter(complaint__tracking_number__in=before + during)
    assert notifications.count() == 12
    assert set(notifications.values_list("status", "attempts")) == {("sent", 1)}
    assert len(sms) == 6 and len(mailoutbox) == 6
    assert sorted(m.to for m in mailoutbox) == [[REGULATOR_EMAIL]] * 6
    observed = FraudObservation.objects.filter(source="complaint").values_list("ref", flat=True)
    assert sorted(observed) == sorted(before + during)
    assert OutboxJob.objects.filter(done_at__isnull=True).count() == 0

    again = relay_after_the_lease()
    assert again.pushed == 0
    work()
    assert len(sms) == 6 and len(mailoutbox) == 6
    assert FraudObservation.objects.filter(source="complaint").count() == 6


def test_with_redis_down_the_outbox_logs_no_personal_data_and_the_cache_fails_soft(
        api, private_redis, sms, regulator, caplog):
    cache_set("outbox-test", "kept")
    assert cache_get("outbox-test") == "kept"
    private_redis.kill()
    assert cache_get("outbox-test", "missed") == "missed"
    assert cache_set("outbox-test", "lost") is False
    tracking = file_by_api(api)
    complaint = Complaint.objects.get(tracking_number=tracking)
    warnings = [r.getMessage() for r in caplog.records if r.name == "config.outbox"]
    assert warnings == ["outbox: could not reach Redis (ConnectionError): 3 job(s) left pending "
                        "for the relay"]
    logged = caplog.text
    for personal in (complaint.consumer_name, complaint.consumer_phone,
                     complaint.consumer_address, complaint.repair_outlet_phone):
        assert personal not in logged


def test_a_push_that_succeeds_after_a_failed_one_relays_what_was_left(
        api, private_redis, sms, regulator, settings):
    settings.OUTBOX_RELAY_GRACE_SECONDS = 0
    private_redis.kill()
    left = file_by_api(api)
    assert OutboxJob.objects.filter(dispatched_at__isnull=True).count() == 3
    private_redis.start()
    file_by_api(api)  # this push works, and relays the three left by the first
    assert OutboxJob.objects.filter(dispatched_at__isnull=True).count() == 0
    assert private_redis.client().llen("rq:queue:default") == 6
    work()
    assert Notification.objects.filter(complaint__tracking_number=left, status="sent").count() == 2


def test_after_a_failed_push_the_next_requests_do_not_wait_on_redis(api, private_redis, sms,
                                                                      regulator, settings):
    settings.OUTBOX_PUSH_PAUSE_SECONDS = 60
    private_redis.kill()
    file_by_api(api)
    private_redis.start()
    file_by_api(api)  # within the pause: not even tried, left for the relay
    assert OutboxJob.objects.filter(dispatched_at__isnull=True).count() == 6
    assert private_redis.client().llen("rq:queue:default") == 0
    assert relay_after_the_lease().pushed == 6
