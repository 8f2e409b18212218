"""The business console (/business/): a manufacturer's staff list and answer complaints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.rules import workflow
from complaints.services.workflow import Actor, report_decide
from tests.conftest import REGULATOR_PASSWORD, STAFF_PASSWORD
from tests.integration.business_support import accept_and_settle, file_against, odr_enroll
from tests.integration.filing_support import CONSUMER_NAME, CONSUMER_PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, manufacturer_staff):
    odr_enroll(manufacturer_staff.manufacturer)
    assert client.login(username=manufacturer_staff.user.username, password=STAFF_PASSWORD)
    return client


def _case_url(complaint, name="case"):
    return reverse(f"business:{name}", kwargs={"tracking": complaint.tracking_number})


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("business:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_accounts_without_a_manufacturer_are_forbidden(client, outsider, county_regulator):
    for user in (outsider, county_regulator.user):
        client.force_login(user)
        assert client.get(reverse("business:list")).status_code == 403


def test_staff_see_their_complaints_and_not_another_manufacturers(
        staff_client, other_manufacturer):
    odr_enroll(other_manufacturer[0])
    ours, theirs = file_against("品牌甲"), file_against("品牌乙")
    page = staff_client.get(reverse("business:list")).content.decode()
    assert ours.tracking_number in page and theirs.tracking_number not in page
    assert 'id="nav-business"' in page
    assert staff_client.get(_case_url(theirs)).status_code == 404
    response = staff_client.post(_case_url(theirs, "respond"), {"kind": "reject", "reason": "x"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == workflow.WITH_BUSINESS


def test_the_nav_link_is_only_for_manufacturer_staff(client, county_regulator):
    assert client.login(username=county_regulator.user.username, password=REGULATOR_PASSWORD)
    assert 'id="nav-business"' not in client.get("/").content.decode()


def test_staff_find_their_complaints_and_the_confirmation_requests_in_the_header(staff_client):
    page = staff_client.get("/").content.decode()
    strip = page.split('<nav class="staff"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/business/"' in strip and 'href="/manufacturer/confirmations/"' in strip
    assert 'href="/console/"' not in strip


def test_the_list_masks_the_consumer_the_case_page_shows_the_contact(staff_client):
    complaint = file_against()
    page = staff_client.get(reverse("business:list")).content.decode()
    assert complaint.tracking_number in page
    assert CONSUMER_NAME not in page and CONSUMER_PHONE not in page and "张*三" in page


def test_the_history_names_each_step_and_who_took_it_but_not_a_report(staff_client):
    complaint = file_against(report_kind="fake_outlet", report_facts="冒充品牌售后，收费很高",
                             report_real_name=True)
    report = complaint.report_part
    report_decide(report, open_case=False, reason="证据不足", actor=Actor("regulator", "x"),
                  at=timezone.now())
    page = staff_client.get(_case_url(complaint), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    history = page.split('id="history"', 1)[1].split("</section>", 1)[0]
    assert 'data-action="route_to_business"' in history
    assert "Sent to the business (online dispute resolution)</strong> · Sanbao" in history
    assert "not_open_case" not in history and "Report" not in history


def test_the_case_page_shows_the_contact_and_the_answer_form_while_with_the_business(
        staff_client):
    complaint = file_against()
    page = staff_client.get(_case_url(complaint)).content.decode()
    assert CONSUMER_NAME in page and CONSUMER_PHONE in page
    assert 'id="respond"' in page and 'id="performed"' not in page


def test_answering_through_the_form_proposes_to_the_consumer(staff_client):
    complaint = file_against()
    perform_by = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = staff_client.post(_case_url(complaint, "respond"), {
        "kind": "accept", "remedy": "repair", "terms": "三日内上门维修", "perform_by": perform_by})
    assert response.status_code == 302 and response.url == _case_url(complaint)
    complaint.refresh_from_db()
    assert complaint.status == workflow.BUSINESS_PROPOSED
    response = complaint.business_responses.get()
    assert (response.kind, response.remedy, response.perform_by.isoformat()) == (
        "accept", "repair", perform_by)
    page = staff_client.get(_case_url(complaint)).content.decode()
    assert "三日内上门维修" in page and 'id="respond"' not in page


def test_rejecting_without_a_reason_shows_the_error_and_changes_nothing(staff_client):
    complaint = file_against()
    response = staff_client.post(_case_url(complaint, "respond"),
                                 {"kind": "reject", "terms": "kept"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-field="reason"' in page and ">kept</textarea>" in page
    complaint.refresh_from_db()
    assert complaint.status == workflow.WITH_BUSINESS


def test_after_rejecting_the_contact_is_masked(staff_client):
    complaint = file_against()
    staff_client.post(_case_url(complaint, "respond"), {"kind": "reject", "reason": "非本公司产品"})
    page = staff_client.get(_case_url(complaint)).content.decode()
    assert CONSUMER_PHONE not in page and "138****2345" in page and "张*三" in page


def test_staff_record_performance_of_a_settlement(staff_client, manufacturer_staff):
    complaint = accept_and_settle(file_against(), manufacturer_staff.manufacturer)
    assert 'id="performed"' in staff_client.get(_case_url(complaint)).content.decode()
    response = staff_client.post(_case_url(complaint, "performed"))
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.performed_at is not None
    page = staff_client.get(_case_url(complaint)).content.decode()
    assert 'id="performed"' not in page and CONSUMER_PHONE not in page


def test_the_list_filters_by_status(staff_client):
    waiting, rejected = file_against(), file_against()
    staff_client.post(_case_url(rejected, "respond"), {"kind": "reject", "reason": "非本公司产品"})
    default = staff_client.get(reverse("business:list")).content.decode()
    assert waiting.tracking_number in default and rejected.tracking_number not in default
    everything = staff_client.get(reverse("business:list"), {"status": ""}).content.decode()
    assert waiting.tracking_number in everything and rejected.tracking_number in everything


@pytest.fixture
def admin_client_(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root-admin", password=STAFF_PASSWORD)
    client.force_login(admin)
    return client


def test_enrolling_a_manufacturer_in_odr_in_the_admin_dates_it(admin_client_, manufacturer_admin,
                                                                manufacturer_staff):
    manufacturer = manufacturer_admin[0]
    url = reverse("admin:service_net_manufacturer_change", args=[manufacturer.pk])
    page = admin_client_.get(url).content.decode()
    assert manufacturer_staff.user.username in page  # the console accounts inline
    response = admin_client_.post(url, {
        "name": manufacturer.name, "odr_enrolled": "on", "odr_enrolled_at_0": "",
        "odr_enrolled_at_1": "", "staff-TOTAL_FORMS": "1", "staff-INITIAL_FORMS": "1",
        "staff-0-id": manufacturer_staff.pk, "staff-0-manufacturer": manufacturer.pk,
        "staff-0-user": manufacturer_staff.user_id})
    assert response.status_code == 302
    manufacturer.refresh_from_db()
    assert manufacturer.odr_enrolled and manufacturer.odr_enrolled_at is not None


def test_the_admin_lists_notifications_and_queues_a_failed_one_again(admin_client_,
                                                                     manufacturer_admin):
    from complaints.models import Notification

    complaint = file_against()
    row = Notification.objects.get(complaint=complaint, recipient_kind="consumer")
    Notification.objects.filter(pk=row.pk).update(status="failed", attempts=4,
                                                  last_error="TransientSendError")
    url = reverse("admin:complaints_notification_changelist")
    assert complaint.tracking_number in admin_client_.get(url).content.decode()
    admin_client_.post(url, {"action": "send_again", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("pending", 0, "")
