"""The fraud jobs: run twice → one effect; verification lookups queued on real Redis; a real
authorized outlet named in complaints is not made a suspect."""

from __future__ import annotations

import pytest
from django.utils import timezone

from service_net.fraud.tasks import lookup_observe_job, suspect_recompute_job
from service_net.models import FraudObservation, Suspect, SuspectEvent
from tests.integration import filing_support, fraud_support
from tests.integration.fraud_support import (
    FAKE_KEY,
    fake_complaint,
    observe,
)

# Shared fixtures, bound here so that pytest finds them.
entitlement_tables, evidence_root = filing_support.entitlement_tables, filing_support.evidence_root
fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect

pytestmark = [pytest.mark.usefixtures("evidence_root")]


@pytest.mark.django_db
def test_complaint_jobs_run_twice_leave_one_observation_each_and_no_new_event(fake_suspect):
    from complaints.models import Complaint

    events = SuspectEvent.objects.count()
    for complaint in Complaint.objects.all():
        observe(complaint)
    suspect_recompute_job(FAKE_KEY)
    assert FraudObservation.objects.filter(phone_key=FAKE_KEY).count() == 3
    assert Suspect.objects.count() == 1
    assert SuspectEvent.objects.count() == events


@pytest.mark.django_db
def test_lookup_job_run_twice_records_one_observation(fraud_registry):
    args = {"ref": "lookup-1", "at": timezone.now().isoformat(), "phone_raw": "400 888 1234",
            "phone_key": FAKE_KEY, "brand_id": None, "brand_text": "", "category": None,
            "name": "", "consumer_county": "620602000000"}
    lookup_observe_job(**args)
    lookup_observe_job(**args)
    assert FraudObservation.objects.filter(source="lookup", ref="lookup-1").count() == 1


@pytest.mark.django_db
def test_a_single_lookup_of_an_unknown_number_does_not_reach_the_queue(fraud_registry):
    lookup_observe_job(ref="lookup-2", at=timezone.now().isoformat(), phone_raw="13912345678",
                       phone_key="13912345678", brand_id=None, brand_text="", category=None,
                       name="", consumer_county=None)
    assert not Suspect.objects.exists()


@pytest.mark.django_db
def test_complaints_naming_a_real_authorized_outlet_make_no_suspect(fraud_registry,
                                                                   entitlement_tables):
    for n in range(3):
        observe(fake_complaint("品牌甲", n, repair_outlet_name="凉州区品牌甲特约维修站",
                               repair_outlet_phone="+86 935 660 0001",
                               repair_outlet_address="甘肃省武威市凉州区测试路1号",
                               repair_outlet_listing=""))
    assert FraudObservation.objects.filter(phone_key="09356600001").count() == 3
    assert not Suspect.objects.exists()


@pytest.mark.django_db
def test_a_complaint_without_a_repair_outlet_is_not_observed(fraud_registry, entitlement_tables):
    observe(fake_complaint("品牌甲", 1, repair_outlet_name="", repair_outlet_phone="",
                           repair_outlet_address="", repair_outlet_listing=""))
    assert not FraudObservation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_verifying_an_unknown_number_queues_one_lookup_job_run_by_a_worker(api, fraud_registry,
                                                                         redis_conn):
    import django_rq

    queue = django_rq.get_queue("default")
    body = api.get("/api/v1/outlets/verify", {"phone": "400-888-1234", "brand": "品牌甲",
                                              "division": "620602"}).json()
    assert body["verdict"] == "unknown"
    assert queue.count == 1
    django_rq.get_worker("default").work(burst=True)
    seen = FraudObservation.objects.get(source="lookup")
    assert (seen.phone_key, seen.brand.name, seen.consumer_county) == (
        FAKE_KEY, "品牌甲", "620602000000")


@pytest.mark.django_db(transaction=True)
def test_verifying_an_authorized_number_queues_nothing(api, fraud_registry, redis_conn):
    import django_rq

    body = api.get("/api/v1/outlets/verify", {"phone": "0935-6600001", "brand": "品牌甲"}).json()
    assert body["verdict"] == "authorized"
    assert django_rq.get_queue("default").count == 0


@pytest.mark.django_db(transaction=True)
def test_without_redis_the_verify_page_records_the_lookup_inline(client, fraud_registry,
                                                                 settings):
    settings.REDIS_URL = ""
    page = client.get("/verify/", {"phone": "400 888 1234", "brand": "品牌甲"})
    assert page.status_code == 200
    seen = FraudObservation.objects.get(source="lookup")
    assert (seen.phone_key, seen.phone_raw, seen.brand.name) == (FAKE_KEY, "400 888 1234", "品牌甲")
