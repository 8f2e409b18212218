"""Issue 6 end to end: a registry, complaints about one number claiming three brands, the suspect
with its reasons in the right regulator's queue, a published warning, and verify says warned."""

from __future__ import annotations

import pytest

from service_net.models import FraudObservation, FraudWarning, Suspect
from tests.integration import filing_support, fraud_support
from tests.integration.fraud_support import (
    BRANDS,
    FAKE_KEY,
    FAKE_NUMBER,
    login,
)

# Shared fixtures, bound here so that pytest finds them.
entitlement_tables, evidence_root = filing_support.entitlement_tables, filing_support.evidence_root
fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_root")]


def test_complaints_about_one_number_for_three_brands_make_one_suspect_with_its_reasons(
        fake_suspect):
    codes = {r["code"] for r in fake_suspect.reasons}
    assert {"phone_unknown", "phone_many_brands", "complaints_burst"} <= codes
    assert codes & {"name_imitates_brand", "name_uses_official_words"}
    assert fake_suspect.score >= 50
    assert fake_suspect.state == Suspect.State.OPEN
    assert fake_suspect.complaint_count == 3
    assert {b["name"] for b in fake_suspect.brands} == set(BRANDS)
    reasons = {r["code"]: r for r in fake_suspect.reasons}
    many = reasons["phone_many_brands"]
    assert (many["data"]["count"], set(many["data"]["brand_list"])) == (3, set(BRANDS))
    assert len(many["refs"]) == 3, "every complaint behind the reason is named"
    assert reasons["phone_unknown"]["data"]["phone_key"] == FAKE_KEY
    assert reasons["complaints_burst"]["data"]["count"] == 3
    assert fake_suspect.score == min(100, sum(r["weight"] for r in fake_suspect.reasons))
    assert FraudObservation.objects.filter(phone_key=FAKE_KEY).count() == 3


def test_the_suspect_records_no_consumer_personal_data(fake_suspect):
    from tests.integration.filing_support import CONSUMER_NAME, CONSUMER_PHONE

    stored = repr(list(FraudObservation.objects.values())) + repr(Suspect.objects.values())
    assert CONSUMER_NAME not in stored
    assert CONSUMER_PHONE not in stored and "文庙路" not in stored


def test_regulator_publishes_a_warning_and_verify_answers_warned(client, api, fake_suspect,
                                                                county_regulator):
    login(client, county_regulator)
    queue = client.get("/fraud/suspects/")
    assert queue.status_code == 200
    assert f'data-phone="{FAKE_KEY}"' in queue.content.decode()
    page = client.get(f"/fraud/suspects/{fake_suspect.pk}/")
    assert "phone_many_brands" in page.content.decode()
    response = client.post(f"/fraud/suspects/{fake_suspect.pk}/publish_warning/", {
        "text_zh": "此号码冒充多个品牌的官方售后，请勿拨打。", "text_en": "Fake official line."})
    assert response.status_code == 302
    body = api.get("/api/v1/outlets/verify", {"phone": FAKE_NUMBER, "brand": "品牌甲"}).json()
    assert body["verdict"] == "warned"
    assert body["warning"]["text_zh"] == "此号码冒充多个品牌的官方售后，请勿拨打。"
    assert body["warning"]["published_at"]
    assert body["nearby"], "the brand's real outlets nearby are listed"
    assert all(any(a["brand"] == "品牌甲" and a["status"] == "ACTIVE" for a in o["authorizations"])
               for o in body["nearby"])
    fake_suspect.refresh_from_db()
    assert fake_suspect.state == Suspect.State.WARNED
    assert fake_suspect.events.filter(action="service_net.suspect.publish_warning",
                                      actor__contains=county_regulator.user.username).count() == 1


def test_the_verify_page_shows_the_warning_prominently(client, fake_suspect, county_regulator):
    from django.utils import timezone

    from service_net.fraud.decisions import warning_publish

    warning_publish(suspect_id=fake_suspect.pk, user=county_regulator.user,
                    text_zh="冒充品牌官方售后的号码", at=timezone.now())
    page = client.get("/verify/", {"phone": "4008881234"}).content.decode()
    assert 'data-verdict="warned"' in page
    assert "冒充品牌官方售后的号码" in page
    assert f"/fraud/warnings/{FraudWarning.objects.get().pk}/appeal/" in page


def test_a_regulator_of_another_county_gets_404_for_the_suspect(client, fake_suspect,
                                                                other_regulator):
    login(client, other_regulator)
    assert client.get(f"/fraud/suspects/{fake_suspect.pk}/").status_code == 404
    assert client.post(f"/fraud/suspects/{fake_suspect.pk}/dismiss/",
                       {"reason": "x"}).status_code == 404
    assert client.get(f"/fraud/suspects/{fake_suspect.pk}/export.json").status_code == 404
    assert FAKE_KEY not in client.get("/fraud/suspects/").content.decode()


def test_the_city_regulator_sees_the_suspect_of_its_county(client, fake_suspect, city_regulator):
    login(client, city_regulator)
    assert client.get(f"/fraud/suspects/{fake_suspect.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_queue_is_for_regulators_only(client, fake_suspect, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    response = client.get("/fraud/suspects/")
    assert response.status_code == (302 if who == "anonymous" else 403)


def _more_suspects(n: int) -> None:
    """n further suspects in 凉州区, as the jobs would have opened them."""
    from django.utils import timezone

    from service_net.models import SuspectArea

    now = timezone.now()
    for i in range(n):
        suspect = Suspect.objects.create(
            phone_key=f"40099900{i:02d}", names=[f"假网点{i}"], brands=[{"id": None, "name": "品牌甲"}],
            first_seen_at=now, last_seen_at=now, score=60, reasons=[], state_changed_at=now,
            computed_at=now)
        SuspectArea.objects.create(suspect=suspect, county_id="620602000000", why="victim")


def _queue_queries(client) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/fraud/suspects/")
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_queue_reads_in_a_fixed_number_of_queries(client, fake_suspect, county_regulator):
    login(client, county_regulator)
    client.get("/fraud/suspects/")  # warm the session and the templates
    one = _queue_queries(client)
    _more_suspects(5)
    six = _queue_queries(client)
    assert len(six) == len(one), "no query per suspect listed"
    assert client.get("/fraud/suspects/").content.decode().count("data-suspect-id=") == 6
    assert sum("service_net_suspect" in q for q in six) == 1, "the queue itself is one query"
