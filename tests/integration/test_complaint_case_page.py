"""The consumer's case page through the workflow: plain status, the next deadline (provisional
when the year's schedule is unknown), the business's answer with accept/decline, escalation."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import polib
import pytest
from django.utils import timezone, translation

from complaints.models import Complaint
from complaints.rules import workflow
from complaints.services import complaint_file
from complaints.services.workflow import Actor, complaint_business_respond
from complaints.views.presenters import action_label
from tests.integration.business_support import odr_enroll
from tests.integration.filing_support import CONSUMER_PHONE, draft, entitlement_tables  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.fixture
def business(manufacturer_admin):
    odr_enroll(manufacturer_admin[0])
    return manufacturer_admin[0]


def file_against_brand(at=None) -> Complaint:
    return complaint_file(draft=draft(respondent_name="测试电器A售后服务中心",
                                      respondent_address="甘肃省武威市凉州区东大街街道文庙路1号"),
                          at=at or timezone.now())


def opened(client, complaint) -> str:
    client.post("/complaints/track/", {"tracking": complaint.tracking_number,
                                       "phone": CONSUMER_PHONE})
    return f"/complaints/case/{complaint.tracking_number}/"


def answer(complaint, business, **fields):
    complaint_business_respond(complaint, manufacturer=business, kind=fields.pop("kind", "offer"),
                               actor=Actor("business", str(business.pk)), at=timezone.now(),
                               **fields)


def test_the_case_with_the_business_says_so_and_offers_escalation(client, business):
    complaint = file_against_brand()
    page = client.get(opened(client, complaint), **EN).content.decode()
    assert 'data-status="WITH_BUSINESS"' in page
    assert "sent to the business first" in page
    assert 'id="next-deadline"' in page and complaint.due_date.isoformat() in page
    assert 'id="escalate"' in page and 'id="business-answer"' not in page


def test_the_consumer_accepts_the_answer_with_one_big_button(client, business):
    complaint = file_against_brand()
    answer(complaint, business, remedy="repair", terms="免费上门维修",
           perform_by=timezone.localdate() + timedelta(days=2))
    url = opened(client, complaint)
    page = client.get(url, **EN).content.decode()
    assert 'id="business-answer"' in page and "免费上门维修" in page and "a free repair" in page
    assert "I accept this answer" in page and "I do not accept this answer" in page
    response = client.post(url + "confirm/")
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("SETTLED", "odr_settled")
    page = client.get(url, **EN).content.decode()
    assert "You accepted this answer." in page and "I accept this answer" not in page


def test_the_consumer_declines_with_a_reason_and_the_regulator_takes_over(client, business):
    complaint = file_against_brand()
    answer(complaint, business, kind="accept", remedy="exchange")
    url = opened(client, complaint)
    client.post(url + "decline/", {"reason": ""})
    assert Complaint.objects.get(pk=complaint.pk).status == "BUSINESS_PROPOSED"
    client.post(url + "decline/", {"reason": "要求退货而非换货"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.odr_outcome) == ("WITH_REGULATOR", "not_settled")
    page = client.get(url, **EN).content.decode()
    assert "decides whether to accept it" in page and "You did not accept this answer." in page


def test_the_escalate_button_sends_it_to_the_regulator(client, business):
    complaint = file_against_brand()
    url = opened(client, complaint)
    client.post(url + "escalate/")
    assert Complaint.objects.get(pk=complaint.pk).status == "WITH_REGULATOR"
    assert 'id="escalate"' not in client.get(url).content.decode()


def test_a_deadline_in_a_year_without_an_official_schedule_is_marked_provisional(client, business):
    at = timezone.make_aware(datetime(2031, 3, 10, 10, 0))
    complaint = file_against_brand(at=at)
    assert complaint.due_provisional, "2031's holiday schedule is unknown"
    page = client.get(opened(client, complaint), **EN).content.decode()
    assert 'data-provisional="true"' in page and "badge-provisional" in page
    zh = client.get(opened(client, complaint), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-provisional="true"' in zh


def test_another_browser_cannot_accept_for_the_consumer(client, business):
    complaint = file_against_brand()
    answer(complaint, business, kind="accept")
    response = client.post(f"/complaints/case/{complaint.tracking_number}/confirm/")
    assert response.status_code == 302 and "/complaints/track/" in response["Location"]
    assert Complaint.objects.get(pk=complaint.pk).status == "BUSINESS_PROPOSED"


def chinese_texts() -> dict[str, str]:
    """Every Chinese text the catalogue will have: the compiled one and the fragments waiting to
    be merged into it (locale/fragments, `make messages`)."""
    catalogue = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    texts = {entry.msgid: entry.msgstr for entry in catalogue if entry.msgstr}
    for path in sorted((LOCALE / "fragments").glob("*.json")):
        texts.update(json.loads(path.read_text(encoding="utf-8")))
    return texts


@pytest.mark.parametrize("action", [*workflow.ACTIONS, *workflow.REPORT_ACTIONS])
def test_every_step_of_the_history_has_words_not_a_code_in_english_and_chinese(action):
    with translation.override("en"):
        label = action_label(f"complaints.complaint.{action}")
    assert label and label != action
    assert re.search(r"[\u4e00-\u9fff]", chinese_texts().get(label, "")), f"{label!r}: no Chinese"


def test_the_case_names_the_business_that_answers_it(client, business):
    complaint = file_against_brand()
    page = client.get(opened(client, complaint), **EN).content.decode()
    assert f"Business answering your complaint: {business.name}" in page
