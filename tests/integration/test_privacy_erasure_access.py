"""Who asks for erasure, and how: the consumer on the case page or the API, a regulator with
jurisdiction or an administrator in the back office, the back office's command. Each is refused
the same way (with the day it becomes possible) and recorded with who."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from complaints.models import ComplaintEvent
from complaints.rules import retention
from complaints.rules.privacy import ERASED
from tests.integration.console_support import login
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_PHONE,
    entitlement_tables,
    evidence_root,
)
from tests.integration.privacy_support import closed_case, open_case_page, phone_header

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
DAYS = retention.DEFAULT_RETENTION_DAYS
ERASE_ACTION = "complaints.complaint.erase_personal_data"


def api_url(complaint) -> str:
    return f"/api/v1/complaints/{complaint.tracking_number}/erase-personal-data"


def erase_event(complaint):
    return ComplaintEvent.objects.filter(complaint=complaint, action=ERASE_ACTION).first()


# --- the API ---


def test_the_api_refuses_with_409_its_code_and_the_day_it_becomes_possible(client, gazetteer):
    complaint = closed_case(closed_days_ago=10)
    response = client.post(api_url(complaint), content_type="application/json",
                           **phone_header("138 9351 2345"))
    assert response.status_code == 409
    body = response.json()
    possible_from = retention.erasure_possible_from(
        status="WITHDRAWN", closed_on=timezone.localdate(complaint.closed_at), retention_days=DAYS)
    assert body["code"] == "retention_period_running"
    assert body["data"] == {"possible_from": possible_from.isoformat()}
    assert erase_event(complaint) is None


def test_the_api_erases_for_the_consumer_after_which_their_phone_opens_nothing(client, gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    response = client.post(api_url(complaint), {"phone": "+86 138 9351 2345"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["tracking_number"] == complaint.tracking_number
    event = erase_event(complaint)
    assert (event.actor_kind, event.actor_id) == ("consumer", "")
    again = client.get(f"/api/v1/complaints/{complaint.tracking_number}", **phone_header())
    assert again.status_code == 404


def test_the_api_is_404_alike_for_a_wrong_phone_or_number(client, gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    wrong_phone = client.post(api_url(complaint), content_type="application/json",
                              **phone_header("13912345678"))
    wrong_number = client.post("/api/v1/complaints/WW0000000000/erase-personal-data",
                               content_type="application/json", **phone_header())
    assert (wrong_phone.status_code, wrong_number.status_code) == (404, 404)
    assert wrong_phone.json()["code"] == wrong_number.json()["code"] == "not_found"
    assert erase_event(complaint) is None


# --- the case page ---


def test_the_case_page_says_from_when_erasure_is_possible(client, gazetteer):
    complaint = closed_case(closed_days_ago=10)
    html = client.get(open_case_page(client, complaint)).content.decode()
    possible_from = timezone.localdate(complaint.closed_at) + timezone.timedelta(days=DAYS)
    assert f'data-possible-from="{possible_from.isoformat()}"' in html
    assert 'id="erase"' not in html
    assert f"/complaints/case/{complaint.tracking_number}/my-data.json" in html


def test_the_consumer_erases_on_the_case_page_after_confirming(client, gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    case_url = open_case_page(client, complaint)
    assert 'id="erase"' in client.get(case_url).content.decode()
    url = f"/complaints/case/{complaint.tracking_number}/erase-personal-data/"
    unconfirmed = client.post(url, {}, follow=True)
    assert erase_event(complaint) is None and 'class="error"' in unconfirmed.content.decode()
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == case_url
    complaint.refresh_from_db()
    assert complaint.consumer_name == ERASED and complaint.consumer_phone == ""
    html = client.get(case_url).content.decode()
    assert 'id="erased"' in html and "张小三" not in html


def test_an_early_request_on_the_page_is_refused_with_the_date(client, gazetteer):
    complaint = closed_case(closed_days_ago=10)
    open_case_page(client, complaint)
    url = f"/complaints/case/{complaint.tracking_number}/erase-personal-data/"
    page = client.post(url, {"confirm": "yes"}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    possible_from = timezone.localdate(complaint.closed_at) + timezone.timedelta(days=DAYS)
    assert possible_from.isoformat() in page.content.decode()
    assert erase_event(complaint) is None


def test_without_the_consumers_session_the_pages_lead_to_the_tracking_page(client, gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    for response in (client.post(f"/complaints/case/{complaint.tracking_number}/"
                                 "erase-personal-data/", {"confirm": "yes"}),
                     client.get(f"/complaints/case/{complaint.tracking_number}/my-data.json")):
        assert response.status_code == 302 and response["Location"].startswith("/complaints/track/")
    assert erase_event(complaint) is None


# --- the back office ---

ADMIN_LIST = "/admin/complaints/complaint/"


def admin_erase(client, *complaints):
    return client.post(ADMIN_LIST, {"action": "erase_personal_data",
                                    "_selected_action": [c.pk for c in complaints]}, follow=True)


def test_a_regulator_erases_in_the_back_office_on_a_written_request(
        client, gazetteer, county_regulator):
    complaint = closed_case(closed_days_ago=DAYS + 1, respondent_address="甘肃省武威市凉州区西大街8号")
    early = closed_case(closed_days_ago=3, respondent_address="甘肃省武威市凉州区西大街8号")
    login(client, county_regulator)
    page = admin_erase(client, complaint, early).content.decode()
    event = erase_event(complaint)
    assert (event.actor_kind, event.actor_id) == ("regulator", county_regulator.user.username)
    assert erase_event(early) is None
    possible_from = timezone.localdate(early.closed_at) + timezone.timedelta(days=DAYS)
    assert f"{early.tracking_number}: " in page and possible_from.isoformat() in page


def test_another_countys_regulator_cannot_erase(client, gazetteer, other_regulator):
    complaint = closed_case(closed_days_ago=DAYS + 1, respondent_address="甘肃省武威市凉州区西大街8号")
    login(client, other_regulator)
    admin_erase(client, complaint)
    assert erase_event(complaint) is None


def test_an_administrator_erases_as_admin(admin_client, admin_user, gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    admin_erase(admin_client, complaint)
    event = erase_event(complaint)
    assert (event.actor_kind, event.actor_id) == ("admin", admin_user.username)


def test_the_command_refuses_early_then_erases_once(gazetteer):
    early = closed_case(closed_days_ago=3)
    with pytest.raises(CommandError) as caught:
        call_command("erase_personal_data", "--tracking", early.tracking_number)
    possible_from = timezone.localdate(early.closed_at) + timezone.timedelta(days=DAYS)
    assert "retention_period_running" in str(caught.value)
    assert possible_from.isoformat() in str(caught.value)
    complaint = closed_case(closed_days_ago=DAYS + 1)
    out = [io.StringIO(), io.StringIO()]
    for stream in out:
        call_command("erase_personal_data", "--tracking", complaint.tracking_number, "--by",
                     "clerk-wang", "--request", "书面申请 2026-118", stdout=stream)
    first, second = (stream.getvalue() for stream in out)
    assert "personal data erased at" in first and "already erased" in second
    event = erase_event(complaint)
    assert (event.actor_kind, event.actor_id, event.note) == ("admin", "clerk-wang",
                                                               "书面申请 2026-118")
    assert ComplaintEvent.objects.filter(complaint=complaint, action=ERASE_ACTION).count() == 1


def test_the_command_names_a_missing_complaint(gazetteer):
    with pytest.raises(CommandError, match="no complaint"):
        call_command("erase_personal_data", "--tracking", "WW0000000000")
