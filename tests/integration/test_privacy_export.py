"""The consumer's copy of their data (complaints.selectors_privacy): on the case page after
tracking number + phone, and in the API with X-Consumer-Phone. Everything about them for that
complaint; no staff names, no regulator-internal steps, no other party's data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.services.filing import Actor
from complaints.services.workflow import (
    complaint_accept,
    complaint_assign,
    complaint_business_respond,
    complaint_decline_outcome,
    report_decide,
)
from tests.integration.business_support import business_actor, file_against, odr_enroll
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_NAME,
    CONSUMER_PHONE,
    entitlement_tables,
    evidence_root,
    png_bytes,
    upload,
)
from tests.integration.privacy_support import (
    CONSUMER_ADDRESS,
    FILE_NAME,
    REPORT_FACTS,
    open_case_page,
    phone_header,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
BUSINESS_TERMS = "上门维修压缩机"
STAFF_EMAIL = "staff-a@brand-a.example"


@pytest.fixture
def moved_case(manufacturer_staff, county_regulator):
    """Filed against an ODR business (with an invoice and a real-name report), answered,
    declined, assigned and accepted by the regulator, the report decided."""
    from complaints.services.filing import Upload

    manufacturer = manufacturer_staff.manufacturer
    odr_enroll(manufacturer)
    manufacturer_staff.user.email = STAFF_EMAIL
    manufacturer_staff.user.save()
    complaint = file_against(consumer_address=CONSUMER_ADDRESS, report_kind="fake_outlet",
                             report_facts=REPORT_FACTS, report_real_name=True)
    from complaints.services import evidence_add

    evidence_add(complaint=complaint, upload=Upload(upload(FILE_NAME, png_bytes()), "invoice"),
                 at=timezone.now())
    now = timezone.now()
    complaint_business_respond(complaint, manufacturer=manufacturer, kind="offer",
                               remedy="repair", terms=BUSINESS_TERMS,
                               perform_by=timezone.localdate() + timedelta(days=5),
                               actor=business_actor(manufacturer), at=now)
    complaint_decline_outcome(complaint, reason="我要换货", at=now)
    regulator = Actor("regulator", county_regulator.user.username)
    complaint_assign(complaint, staff_user=county_regulator.user, actor=regulator, at=now)
    complaint_accept(complaint, actor=regulator, at=now)
    complaint.refresh_from_db()
    report_decide(complaint.report_part, open_case=True, reason="已立案调查", actor=regulator,
                  at=now)
    complaint.refresh_from_db()
    return complaint


def download(client, complaint):
    open_case_page(client, complaint, phone="138-9351-2345")
    return client.get(f"/complaints/case/{complaint.tracking_number}/my-data.json")


def test_the_case_page_offers_the_download_as_a_json_attachment(client, moved_case):
    response = download(client, moved_case)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        f'attachment; filename="sanbao-{moved_case.tracking_number}-my-data.json"')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["tracking_number"] == moved_case.tracking_number
    assert data["consumer"]["name"] == CONSUMER_NAME
    assert data["consumer"]["phone"] == CONSUMER_PHONE
    assert data["consumer"]["address"] == CONSUMER_ADDRESS
    assert data["consumer"]["county"]["name"] == "凉州区"


def test_the_export_holds_the_complaint_its_history_files_answers_report_and_messages(
        client, moved_case):
    data = json.loads(download(client, moved_case).content)
    assert data["facts"] == moved_case.facts and data["request"] == moved_case.request
    assert [f["file_name"] for f in data["evidence"]] == [FILE_NAME]
    assert data["evidence"][0]["uploaded_by"] == "consumer"
    assert [a["terms"] for a in data["business_answers"]] == [BUSINESS_TERMS]
    assert data["report"]["facts"] == REPORT_FACTS and data["report"]["status"] == "CASE_OPENED"
    actions = [e["action"] for e in data["events"]]
    assert {"submit", "business_propose", "decline_outcome", "accept", "open_case"} <= set(actions)
    assert {e["actor"] for e in data["events"]} <= {"consumer", "business", "regulator", "system"}
    sent_to = {(n["to"], n["channel"]) for n in data["notifications"]}
    assert ("consumer", "sms") in sent_to and ("reporter", "sms") in sent_to
    assert {to for to, _ in sent_to} <= {"consumer", "reporter"}


def test_the_export_names_no_staff_and_no_internal_step(client, moved_case, county_regulator,
                                                         manufacturer_staff):
    data = json.loads(download(client, moved_case).content)
    text = json.dumps(data, ensure_ascii=False)
    assert "assign" not in [e["action"] for e in data["events"]], "internal to the regulator"
    for private in (county_regulator.user.username, manufacturer_staff.user.username,
                    STAFF_EMAIL, f"business:{manufacturer_staff.manufacturer.pk}"):
        assert private not in text
    assert "actor_id" not in text and "assigned_to" not in text and "decided_by" not in text


def test_the_api_gives_the_same_export_with_the_phone_header(client, api, moved_case):
    url = f"/api/v1/complaints/{moved_case.tracking_number}/my-data"
    response = client.get(url, **phone_header("+86 138 9351 2345"))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page = json.loads(download(client, moved_case).content)
    body = response.json()
    assert {k: v for k, v in body.items() if k != "exported_at"} == {
        k: v for k, v in page.items() if k != "exported_at"}


def test_a_wrong_phone_or_no_session_gets_nothing(client, moved_case):
    url = f"/api/v1/complaints/{moved_case.tracking_number}/my-data"
    assert client.get(url, **phone_header("13912345678")).status_code == 404
    assert client.get(url).status_code == 404
    page = client.get(f"/complaints/case/{moved_case.tracking_number}/my-data.json")
    assert page.status_code == 302 and page["Location"].startswith("/complaints/track/")


def test_staff_with_jurisdiction_do_not_get_the_consumers_download(client, moved_case,
                                                                   county_regulator):
    from tests.integration.console_support import login

    login(client, county_regulator)
    page = client.get(f"/complaints/case/{moved_case.tracking_number}/my-data.json")
    assert page.status_code == 302
