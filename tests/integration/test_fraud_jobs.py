"""The fraud jobs: run twice → one effect; verification lookups recorded once per number, brand
and day, with one recompute queued on real Redis; a real authorized outlet named in complaints
is not made a suspect."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from service_net.fraud.tasks import suspect_recompute_job
from service_net.models import Brand, FraudObservation, Suspect, SuspectEvent
from tests.factories import outlet_row
from tests.integration import filing_support, fraud_support
from tests.integration.fraud_support import (
    BRANDS,
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


def _lookup(brand=None, at=None, division="620602", phone="400 888 1234", key=FAKE_KEY) -> bool:
    """A verification of `phone` that ended `unknown`, as the verify API reports it."""
    from service_net.fraud.services import lookup_observe

    return lookup_observe(verdict="unknown", phone_key=key, phone_raw=phone,
                          brand=Brand.objects.get(name=brand) if brand else None,
                          category=None, division=division, at=at or timezone.now())


@pytest.mark.django_db
def test_identical_lookups_the_same_day_are_one_observation_another_brand_or_day_another(
        fraud_registry):
    now = timezone.now()
    assert _lookup("品牌甲", now) is True
    assert _lookup("品牌甲", now + timedelta(minutes=5)) is False
    assert _lookup("品牌乙", now) is True
    assert _lookup("品牌甲", now + timedelta(days=1)) is True
    rows = FraudObservation.objects.filter(source="lookup", phone_key=FAKE_KEY)
    assert rows.count() == 3
    assert set(rows.values_list("consumer_county", flat=True)) == {"620602000000"}


@pytest.mark.django_db
def test_an_authorized_or_numberless_verification_is_not_observed(fraud_registry):
    from service_net.fraud.services import lookup_observe

    assert not lookup_observe(verdict="authorized", phone_key="09356600001", phone_raw="0935-6600001",
                              brand=None, category=None, division=None, at=timezone.now())
    assert not lookup_observe(verdict="unknown", phone_key="", phone_raw=None, brand=None,
                              category=None, division=None, at=timezone.now())
    assert not FraudObservation.objects.exists()


@pytest.mark.django_db
def test_a_single_lookup_of_an_unknown_number_does_not_reach_the_queue(fraud_registry):
    _lookup(phone="13912345678", key="13912345678", division=None)
    suspect_recompute_job("13912345678")
    assert not Suspect.objects.exists()


@pytest.mark.django_db
def test_lookups_of_one_number_for_three_brands_make_a_suspect_in_the_searchers_county(
        fraud_registry):
    for brand in BRANDS:
        _lookup(brand)
    suspect_recompute_job(FAKE_KEY)
    suspect = Suspect.objects.get(phone_key=FAKE_KEY)
    assert {"phone_unknown", "phone_many_brands"} <= {r["code"] for r in suspect.reasons}
    assert suspect.lookup_count == 3
    assert list(suspect.areas.values_list("county_id", "why")) == [("620602000000", "victim")]


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
def test_a_flood_of_identical_verifications_records_one_lookup_and_queues_one_job(
        api, fraud_registry, redis_conn):
    import django_rq
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queue = django_rq.get_queue("default")
    query = {"phone": "400-888-1234", "brand": "品牌甲", "division": "620602"}
    assert api.get("/api/v1/outlets/verify", query).json()["verdict"] == "unknown"
    seen = FraudObservation.objects.get(source="lookup")
    assert (seen.phone_key, seen.brand.name, seen.consumer_county) == (
        FAKE_KEY, "品牌甲", "620602000000")
    for _ in range(20):
        with CaptureQueriesContext(connection) as repeated:
            assert api.get("/api/v1/outlets/verify", query).status_code == 200
        assert not [q for q in repeated.captured_queries if "INSERT" in q["sql"]]
    assert FraudObservation.objects.count() == 1
    assert queue.count == 1, "one recompute job, not one per verification"
    django_rq.get_worker("default").work(burst=True)
    assert queue.failed_job_registry.count == 0


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
    for _ in range(3):
        page = client.get("/verify/", {"phone": "400 888 1234", "brand": "品牌甲"})
        assert page.status_code == 200
    seen = FraudObservation.objects.get(source="lookup")
    assert (seen.phone_key, seen.phone_raw, seen.brand.name) == (FAKE_KEY, "400 888 1234", "品牌甲")


def _charged(n: int, amount: str):
    """An observation of an unknown number claiming 品牌甲 that charged a home-visit fee."""
    from service_net.rules.fraud import Charge, Observation

    return Observation(
        source="complaint", ref=f"WWCHARGE{n}", at=timezone.now(), phone_key="13912340000",
        phone_raw="139 1234 0000", name="", brand_id=Brand.objects.get(name="品牌甲").pk,
        brand_text="品牌甲", category="refrigerator", address="", address_division=None,
        address_point=None, listing="", charges=(Charge("上门费", Decimal(amount)),),
        consumer_county="620602000000")


@pytest.mark.django_db
def test_a_charge_far_above_the_brands_posted_prices_nearby_is_a_reason(fraud_registry):
    from service_net.fraud.registry_view import brand_facts
    from service_net.fraud.services import fraud_observe, suspect_signals
    from tests.integration.fraud_support import registry_load

    maker_a = fraud_registry[0]
    registry_load(maker_a, [outlet_row(3, price_list=[
        {"item": "上门服务费", "price": 30, "visit_fee": True}])])
    suspect = fraud_observe(_charged(1, "200"), at=timezone.now())
    above = next(r for r in suspect.reasons if r["code"] == "charge_above_posted")
    data = above["data"]
    assert (data["basis"], Decimal(data["posted"]), Decimal(data["amount"])) == (
        "brand_guide", 30, 200)
    within = suspect_signals([_charged(2, "40")], at=timezone.now(), brands=brand_facts())
    assert "charge_above_posted" not in {r.code for r in within}, "within half again the guide"
