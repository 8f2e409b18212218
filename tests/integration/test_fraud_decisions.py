"""The regulator's decisions, the manufacturer's console, appeals and the evidence export —
each on the suspect's record."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from service_net.fraud import decisions
from service_net.fraud.tasks import suspect_recompute_job
from service_net.models import Brand, FraudWarning, ManufacturerConfirmation, Suspect, WarningAppeal
from tests.conftest import STAFF_PASSWORD
from tests.integration import filing_support, fraud_support
from tests.integration.filing_support import (
    CONSUMER_NAME,
)
from tests.integration.fraud_support import (
    FAKE_KEY,
    FAKE_NUMBER,
    login,
)

# Shared fixtures, bound here so that pytest finds them.
entitlement_tables, evidence_root = filing_support.entitlement_tables, filing_support.evidence_root
fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_root")]


def _ask(suspect, regulator, brand="品牌甲"):
    return decisions.confirmation_request(suspect_id=suspect.pk,
                                          brand_id=Brand.objects.get(name=brand).pk,
                                          user=regulator.user, at=timezone.now())


def _warn(suspect, regulator):
    return decisions.warning_publish(suspect_id=suspect.pk, user=regulator.user,
                                     text_zh="假冒官方售后的号码", at=timezone.now())


def test_dismissing_without_a_reason_names_the_field(client, fake_suspect, county_regulator):
    login(client, county_regulator)
    response = client.post(f"/fraud/suspects/{fake_suspect.pk}/dismiss/", {"reason": " "})
    assert response.status_code == 422
    assert 'data-field="reason"' in response.content.decode()
    fake_suspect.refresh_from_db()
    assert fake_suspect.state == Suspect.State.OPEN


def test_dismissal_is_on_the_record_with_who_and_why(client, fake_suspect, county_regulator):
    login(client, county_regulator)
    client.post(f"/fraud/suspects/{fake_suspect.pk}/dismiss/", {"reason": "品牌方已核实为新网点"})
    event = fake_suspect.events.get(action="service_net.suspect.dismiss")
    assert (event.from_state, event.to_state, event.note) == ("open", "dismissed",
                                                             "品牌方已核实为新网点")
    assert county_regulator.user.username in event.actor


def test_a_warned_suspect_cannot_be_dismissed_before_the_warning_is_withdrawn(fake_suspect,
                                                                           county_regulator):
    from config.errors import Conflict

    _warn(fake_suspect, county_regulator)
    with pytest.raises(Conflict):
        decisions.suspect_dismiss(suspect_id=fake_suspect.pk, user=county_regulator.user,
                                  reason="x", at=timezone.now())


def test_one_pending_request_per_brand(fake_suspect, county_regulator):
    from config.errors import Conflict

    _ask(fake_suspect, county_regulator)
    with pytest.raises(Conflict):
        _ask(fake_suspect, county_regulator)
    _ask(fake_suspect, county_regulator, brand="品牌乙")
    fake_suspect.refresh_from_db()
    assert fake_suspect.state == Suspect.State.CONFIRMATION_REQUESTED


def test_manufacturer_staff_answers_not_ours_in_the_console(client, fake_suspect, county_regulator,
                                                            manufacturer_staff):
    confirmation = _ask(fake_suspect, county_regulator)
    assert client.login(username=manufacturer_staff.user.username, password=STAFF_PASSWORD)
    page = client.get("/manufacturer/confirmations/").content.decode()
    assert f'data-confirmation-id="{confirmation.pk}"' in page
    assert "400-888-1234" in page and CONSUMER_NAME not in page
    response = client.post(f"/manufacturer/confirmations/{confirmation.pk}/answer/",
                           {"answer": "not_ours", "note": "非我司网点"})
    assert response.status_code == 302
    confirmation.refresh_from_db()
    assert (confirmation.answer, confirmation.note) == ("not_ours", "非我司网点")
    assert manufacturer_staff.user.username in confirmation.answered_by
    suspect_recompute_job(FAKE_KEY)  # what the answer enqueued
    fake_suspect.refresh_from_db()
    assert "manufacturer_not_ours" in {r["code"] for r in fake_suspect.reasons}


def test_another_manufacturers_staff_cannot_answer(client, fake_suspect, county_regulator,
                                                  other_manufacturer_staff):
    confirmation = _ask(fake_suspect, county_regulator)
    assert client.login(username=other_manufacturer_staff.user.username, password=STAFF_PASSWORD)
    assert f'data-confirmation-id="{confirmation.pk}"' not in client.get(
        "/manufacturer/confirmations/").content.decode()
    response = client.post(f"/manufacturer/confirmations/{confirmation.pk}/answer/",
                           {"answer": "ours_stale"})
    assert response.status_code == 404
    assert ManufacturerConfirmation.objects.get().answer == ""


def test_the_console_is_for_manufacturer_staff_only(client, fake_suspect, outsider):
    assert client.get("/manufacturer/confirmations/").status_code == 302
    client.force_login(outsider)
    assert client.get("/manufacturer/confirmations/").status_code == 403


def test_appeal_withdrawn_lifts_the_warning_and_verify_stops_saying_warned(
        client, api, fake_suspect, county_regulator):
    warning = _warn(fake_suspect, county_regulator)
    form = f"/fraud/warnings/{warning.pk}/appeal/"
    missing = client.post(form, {"appellant": "", "contact": "abc", "grounds": ""})
    assert missing.status_code == 422
    for field in ("appellant", "contact", "grounds"):
        assert f'data-field="{field}"' in missing.content.decode()
    filed = client.post(form, {"appellant": "凉州区某某家电维修部", "contact": "139 3512 0000",
                               "grounds": "我们是品牌乙的新授权网点，名单未更新。"})
    assert filed.status_code == 200
    appeal = WarningAppeal.objects.get()
    assert appeal.contact == "13935120000"
    login(client, county_regulator)
    assert "13935120000" in client.get(f"/fraud/suspects/{fake_suspect.pk}/").content.decode()
    client.post(f"/fraud/appeals/{appeal.pk}/decide/", {"decision": "withdrawn",
                                                        "reason": "品牌乙确认授权"})
    warning.refresh_from_db()
    assert warning.withdrawn_at is not None and warning.withdrawn_reason == "品牌乙确认授权"
    fake_suspect.refresh_from_db()
    assert fake_suspect.state == Suspect.State.DISMISSED
    assert api.get("/api/v1/outlets/verify", {"phone": FAKE_NUMBER}).json()["verdict"] == "unknown"
    actions = list(fake_suspect.events.values_list("action", flat=True))
    assert actions[-3:] == ["service_net.warning.appeal", "service_net.appeal.withdrawn",
                            "service_net.suspect.withdraw_warning"]


def test_appeal_upheld_keeps_the_warning(fake_suspect, county_regulator):
    warning = _warn(fake_suspect, county_regulator)
    appeal = decisions.appeal_file(warning_id=warning.pk, appellant="某维修部", contact="13935120000",
                                   grounds="不是我们", at=timezone.now())
    decisions.appeal_decide(appeal_id=appeal.pk, user=county_regulator.user, decision="upheld",
                            reason="三个品牌均否认", at=timezone.now())
    assert FraudWarning.objects.get().withdrawn_at is None
    fake_suspect.refresh_from_db()
    assert fake_suspect.state == Suspect.State.WARNED


def test_evidence_export_json_and_csv_hold_the_case_without_consumer_data(client, fake_suspect,
                                                                          county_regulator):
    from complaints.models import Complaint

    _ask(fake_suspect, county_regulator)
    login(client, county_regulator)
    response = client.get(f"/fraud/suspects/{fake_suspect.pk}/export.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    bundle = json.loads(response.content)
    tracking = set(Complaint.objects.values_list("tracking_number", flat=True))
    assert {o["ref"] for o in bundle["observations"]} == tracking
    assert "phone_many_brands" in {r["code"] for r in bundle["reasons"]}
    assert [c["brand"] for c in bundle["confirmations"]] == ["品牌甲"]
    assert bundle["events"][0]["action"] == "service_net.suspect.open"
    text = client.get(f"/fraud/suspects/{fake_suspect.pk}/export.csv").content.decode("utf-8")
    assert text.startswith("\ufeffkind,at,ref,actor,summary,data")
    assert text.count("\nobservation,") == 3
    for content in (response.content.decode(), text):
        assert CONSUMER_NAME not in content and "文庙路" not in content


def test_a_warning_for_an_area_the_suspect_is_not_seen_in_names_the_field(client, fake_suspect,
                                                                          county_regulator):
    login(client, county_regulator)
    response = client.post(f"/fraud/suspects/{fake_suspect.pk}/publish_warning/", {
        "text_zh": "假冒官方售后", "area_code": "620621000000"})
    assert response.status_code == 422
    assert 'data-field="area_code"' in response.content.decode()
    assert not FraudWarning.objects.exists()


def test_another_countys_regulator_cannot_decide_an_appeal(client, fake_suspect, county_regulator,
                                                           other_regulator):
    warning = _warn(fake_suspect, county_regulator)
    appeal = decisions.appeal_file(warning_id=warning.pk, appellant="某维修部",
                                   contact="13935120000", grounds="不是我们", at=timezone.now())
    login(client, other_regulator)
    response = client.post(f"/fraud/appeals/{appeal.pk}/decide/",
                           {"decision": "withdrawn", "reason": "x"})
    assert response.status_code == 404
    appeal.refresh_from_db()
    assert appeal.decision == ""


def test_the_export_masks_the_appellants_phone(client, fake_suspect, county_regulator):
    warning = _warn(fake_suspect, county_regulator)
    decisions.appeal_file(warning_id=warning.pk, appellant="某维修部", contact="139 3512 0000",
                          grounds="不是我们", at=timezone.now())
    login(client, county_regulator)
    for fmt in ("json", "csv"):
        content = client.get(f"/fraud/suspects/{fake_suspect.pk}/export.{fmt}").content.decode()
        assert "13935120000" not in content and "139****0000" in content
