"""Masking audit (issue 8): every list, export and feed that touches a complaint shows the
consumer masked (138****2345, 张*三, the address cut to the county) or not at all; full values only
on the one-record views of those who need them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Notification
from complaints.services.notifications import notification_send
from complaints.services.workflow import (
    Actor,
    complaint_accept,
    complaint_business_respond,
    complaint_decline_outcome,
    complaint_end_mediation,
    report_decide,
)
from tests.conftest import STAFF_PASSWORD
from tests.factories import make_manufacturer
from tests.integration.business_support import business_actor, file_against, odr_enroll
from tests.integration.console_support import login
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_PHONE,
    entitlement_tables,
    evidence_root,
)
from tests.integration.fraud_support import fake_suspect, fraud_registry  # noqa: F401
from tests.integration.privacy_support import CONSUMER_ADDRESS, REPORT_FACTS, personal_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
MASKED_PHONE, MASKED_NAME = "138****2345", "张*三"


def leaks(text: str) -> list[str]:
    return [value for value in personal_values() if value in text]


@pytest.fixture
def brand_a(manufacturer_admin, manufacturer_staff):
    manufacturer, key = manufacturer_admin
    odr_enroll(manufacturer)
    manufacturer_staff.user.email = "service@brand-a.example"
    manufacturer_staff.user.save(update_fields=["email"])
    return manufacturer, key


@pytest.fixture
def with_business(brand_a):
    """A complaint the business must settle now: its one-record view shows the contact."""
    return file_against(consumer_address=CONSUMER_ADDRESS)


def test_the_business_api_list_masks_the_consumer_even_while_the_business_must_act(
        api, brand_a, with_business):
    listed = api.get("/api/v1/business/complaints", key=brand_a[1]).json()["items"]
    assert [row["consumer"] for row in listed] == [
        {"name": MASKED_NAME, "phone": MASKED_PHONE, "address": "甘肃省武威市凉州区***",
         "masked": True}]
    assert leaks(json.dumps(listed, ensure_ascii=False)) == []
    one = api.get(f"/api/v1/business/complaints/{with_business.tracking_number}",
                  key=brand_a[1]).json()["consumer"]
    assert (one["name"], one["phone"], one["masked"]) == ("张小三", CONSUMER_PHONE, False)
    assert one["address"] == "甘肃省武威市凉州区***", "the business never gets the street"


def test_the_business_pages_mask_the_list_and_the_address_on_the_case(
        client, manufacturer_staff, brand_a, with_business):
    assert client.login(username=manufacturer_staff.user.username, password=STAFF_PASSWORD)
    listing = client.get("/business/?status=").content.decode()
    assert with_business.tracking_number in listing and MASKED_NAME in listing
    assert leaks(listing) == []
    case = client.get(f"/business/complaints/{with_business.tracking_number}/").content.decode()
    assert "张小三" in case and "文庙路12号" not in case, "contact yes, street no"


def test_the_console_queue_and_dashboard_mask_or_leave_out_the_consumer(
        client, county_regulator, brand_a):
    file_against(consumer_address=CONSUMER_ADDRESS, skip_business=True)
    login(client, county_regulator)
    queue = client.get("/console/?status=all").content.decode()
    assert f"{MASKED_NAME} {MASKED_PHONE}" in queue
    assert leaks(queue) == []
    dashboard = client.get("/console/dashboard/")
    assert dashboard.status_code == 200 and leaks(dashboard.content.decode()) == []


def test_the_back_office_lists_show_no_consumer_data(admin_client, brand_a, with_business,
                                                     fake_suspect):  # noqa: F811
    pages = ["/admin/complaints/complaint/", "/admin/complaints/notification/",
             "/admin/service_net/fraudobservation/", "/admin/service_net/suspect/",
             "/admin/service_net/warningappeal/", "/admin/platform/outboxjob/"]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content.decode()) == [], url
    complaints = admin_client.get(pages[0]).content.decode()
    assert MASKED_NAME in complaints and MASKED_PHONE in complaints


def test_the_fraud_evidence_export_holds_the_outlets_side_only(client, fake_suspect,  # noqa: F811
                                                               county_regulator):
    login(client, county_regulator)
    for url in (f"/fraud/suspects/{fake_suspect.pk}/export.json",
                f"/fraud/suspects/{fake_suspect.pk}/export.csv",
                f"/fraud/suspects/{fake_suspect.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "400-888-1234" in text or "4008881234" in text, url
        assert leaks(text) == [], url


def test_the_disclosure_shows_no_consumer_data(client, brand_a, with_business):
    for url in ("/api/v1/disclosure", "/api/v1/disclosure?format=csv", "/disclosure/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content.decode()) == [], url


@pytest.fixture
def sent(settings, mailoutbox, brand_a, county_regulator):
    """Every message of a case that went from the business to mediation and ended, with a
    real-name report: the SMS and e-mails as the gateways received them."""
    from complaints.notify import sms

    settings.SMS_BACKEND = "complaints.notify.sms.LocmemSmsBackend"
    sms.outbox.clear()
    county_regulator.user.email = "amr@liangzhou.example"
    county_regulator.user.save(update_fields=["email"])
    manufacturer, now = brand_a[0], timezone.now()
    complaint = file_against(consumer_address=CONSUMER_ADDRESS, report_kind="fake_outlet",
                             report_facts=REPORT_FACTS, report_real_name=True)
    complaint_business_respond(complaint, manufacturer=manufacturer, kind="offer", remedy="repair",
                               terms="上门维修", perform_by=timezone.localdate() + timedelta(days=3),
                               actor=business_actor(manufacturer), at=now)
    complaint_decline_outcome(complaint, reason="我要换货", at=now)
    regulator = Actor("regulator", county_regulator.user.username)
    complaint_accept(complaint, actor=regulator, at=now)
    complaint_end_mediation(complaint, reason_code="party_refused", note="企业拒绝调解",
                            actor=regulator, at=now)
    complaint.refresh_from_db()
    report_decide(complaint.report_part, open_case=True, reason="立案", actor=regulator, at=now)
    for pk in Notification.objects.filter(complaint=complaint).values_list("pk", flat=True):
        assert notification_send(notification_id=pk, at=now) == "sent"
    yield list(sms.outbox), list(mailoutbox)
    sms.outbox.clear()


def test_no_message_repeats_the_consumers_data(sent):
    texts, mails = sent
    assert len(texts) >= 5 and len(mails) >= 5
    assert {m.phone for m in texts} == {CONSUMER_PHONE}, "the number is the gateway's, not the text's"
    for message in texts:
        assert leaks(message.text) == [] and "凉州区" not in message.text, message.text
    for mail in mails:
        assert leaks(f"{mail.subject}\n{mail.body}") == [], mail.subject


def test_another_manufacturers_staff_list_does_not_show_the_complaint(api, brand_a, with_business):
    _maker, other_key = make_manufacturer("测试电器D", ["品牌丁"])
    listed = api.get("/api/v1/business/complaints", key=other_key).json()
    assert listed["count"] == 0 and leaks(json.dumps(listed, ensure_ascii=False)) == []
