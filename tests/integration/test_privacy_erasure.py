"""Erasure of a complaint's personal data on request (complaints.services.privacy): only once the
case has ended and its retention period has passed; names, phones, addresses, the consumer's
words and files go, the case and every published figure stay; recorded with who and when."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from complaints.demo_complaints import DemoCase
from complaints.models import Complaint, ComplaintEvent, Notification
from complaints.rules import retention
from complaints.rules.privacy import ERASED
from complaints.services.filing_evidence import evidence_path
from complaints.services.privacy import ErasureRefused, complaint_personal_data_erase
from complaints.services.workflow import CONSUMER, Actor
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_PHONE,
    entitlement_tables,
    evidence_root,
    stored_files,
)
from tests.integration.privacy_support import closed_case, personal_values
from tests.integration.stats_support import load_cases

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
DAYS = retention.DEFAULT_RETENTION_DAYS
ERASE_ACTION = "complaints.complaint.erase_personal_data"


def erase(complaint, *, actor=CONSUMER, at=None):
    with transaction.atomic():  # the files go when the erasure commits
        return complaint_personal_data_erase(complaint=complaint, actor=actor,
                                             at=at or timezone.now())


def run_on_commit(django_capture_on_commit_callbacks, complaint, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return erase(complaint, **kwargs)


def test_the_default_retention_is_three_years_after_closure_never_less():
    assert DAYS == 1096  # 3 × 365 + a leap day: at least three calendar years in any case


def test_an_open_complaint_is_refused_without_a_date(gazetteer):
    from complaints.services import complaint_file
    from tests.integration.filing_support import draft

    complaint = complaint_file(draft=draft(), at=timezone.now())
    with pytest.raises(ErasureRefused) as caught:
        erase(complaint)
    assert caught.value.code == "complaint_not_closed" and caught.value.http_status == 409
    assert caught.value.data == {"possible_from": None}
    complaint.refresh_from_db()
    assert complaint.personal_data_erased_at is None and complaint.consumer_phone == CONSUMER_PHONE


def test_a_closed_complaint_is_refused_until_the_retention_day_then_allowed(gazetteer):
    complaint = closed_case(closed_days_ago=DAYS - 1)
    closed_on = timezone.localdate(complaint.closed_at)
    with pytest.raises(ErasureRefused) as caught:
        erase(complaint)
    assert caught.value.code == "retention_period_running"
    possible_from = closed_on + timedelta(days=DAYS)
    assert caught.value.data == {"possible_from": possible_from.isoformat()}
    assert possible_from.isoformat() in str(caught.value.message)
    erased = erase(complaint, at=timezone.now() + timedelta(days=1))  # the first allowed day
    assert erased.personal_data_erased_at is not None


def test_the_retention_period_is_a_setting(gazetteer, settings):
    settings.COMPLAINT_RETENTION_DAYS = 30
    assert erase(closed_case(closed_days_ago=30)).personal_data_erased_at is not None
    with pytest.raises(ErasureRefused):
        erase(closed_case(closed_days_ago=29))


def test_erasure_replaces_every_personal_value_and_removes_the_files(
        gazetteer, django_capture_on_commit_callbacks):
    complaint = closed_case(closed_days_ago=DAYS + 10)
    files = stored_files()
    assert len(files) == 1 and files[0] == evidence_path(complaint.evidence.get().stored_name)
    run_on_commit(django_capture_on_commit_callbacks, complaint)
    complaint.refresh_from_db()
    assert (complaint.consumer_name, complaint.consumer_phone, complaint.consumer_address) == (
        ERASED, "", ERASED)
    assert (complaint.facts, complaint.request) == (ERASED, ERASED)
    assert complaint.report_part.facts == ERASED
    assert complaint.report_part.real_name is True, "how the report was made is the record's"
    assert list(complaint.evidence.values_list("original_name", flat=True)) == [ERASED]
    assert stored_files() == [], "the invoice left the disk"
    consumer_notes = complaint.events.filter(actor_kind="consumer").values_list("action", "note")
    assert ("complaints.complaint.withdraw", ERASED) in consumer_notes
    assert ("complaints.complaint.add_information", ERASED) in consumer_notes
    assert ("complaints.complaint.add_evidence", "invoice") in consumer_notes, "a code stays"
    everything = json.dumps([list(Complaint.objects.filter(pk=complaint.pk).values()),
                             list(complaint.events.values()), list(complaint.evidence.values()),
                             list(Notification.objects.filter(complaint=complaint).values())],
                            default=str, ensure_ascii=False)
    leaks = [value for value in personal_values() if value in everything]
    assert leaks == []


def test_the_case_record_stays(gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    kept = ("tracking_number", "status", "received_at", "closed_at", "outcome", "brand_id",
            "category_id", "respondent_name", "respondent_address", "jurisdiction_id",
            "consumer_county_id", "repair_outlet_phone")
    before = Complaint.objects.filter(pk=complaint.pk).values(*kept).get()
    events_before = complaint.events.count()
    erase(complaint)
    assert Complaint.objects.filter(pk=complaint.pk).values(*kept).get() == before
    assert complaint.events.count() == events_before + 1
    assert complaint.evidence.count() == 1, "the row stays (kind, size, checksum), not the file"


def test_erasure_is_recorded_with_who_and_when_and_a_second_call_changes_nothing(gazetteer):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    at = timezone.now()
    erase(complaint, actor=Actor("regulator", "liangzhou-amr"), at=at)
    again = erase(complaint, at=at + timedelta(days=3))
    event = ComplaintEvent.objects.get(complaint=complaint, action=ERASE_ACTION)
    assert (event.actor_kind, event.actor_id, event.at) == ("regulator", "liangzhou-amr", at)
    assert (event.from_status, event.to_status) == ("WITHDRAWN", "WITHDRAWN")
    assert again.personal_data_erased_at == at
    assert ComplaintEvent.objects.filter(complaint=complaint, action=ERASE_ACTION).count() == 1


def test_a_repeated_erasure_removes_a_file_a_crash_left_behind(
        gazetteer, django_capture_on_commit_callbacks):
    complaint = closed_case(closed_days_ago=DAYS + 1)
    erase(complaint)  # committed without its on-commit file removal: the process "died"
    assert len(stored_files()) == 1
    run_on_commit(django_capture_on_commit_callbacks, complaint)
    assert stored_files() == []


def test_a_refused_erasure_leaves_the_files(gazetteer, django_capture_on_commit_callbacks):
    complaint = closed_case(closed_days_ago=5)
    with pytest.raises(ErasureRefused), django_capture_on_commit_callbacks(execute=True):
        erase(complaint)
    assert len(stored_files()) == 1


# --- the published figures do not move ---

CASES = {
    0: DemoCase(40, "settled_performed", "美的"),
    1: DemoCase(80, "timed_out_ended", "美的", 1),
    2: DemoCase(50, "agreement", "格力"),
    3: DemoCase(20, "withdrawn_in_odr", "美的"),
    4: DemoCase(2, "with_regulator", "海信", 0, shop=True),
}


def figures(client) -> tuple[dict, str, str]:
    cache.clear()
    body = client.get("/api/v1/disclosure").json()
    csv_text = client.get("/api/v1/disclosure", {"format": "csv"}).content.decode()
    page = client.get("/disclosure/").content.decode()
    return ({k: body[k] for k in ("totals", "businesses", "brands", "period")}, csv_text,
            page.split('id="period"', 1)[1])


def test_the_disclosure_figures_are_the_same_before_and_after_erasure(client, gazetteer, settings):
    complaints = load_cases(CASES)
    for complaint in complaints.values():
        complaint.refresh_from_db()
    before = figures(client)
    assert before[0]["totals"]["complaints"] == 5, "the erased cases are counted"
    settings.COMPLAINT_RETENTION_DAYS = 0
    ended = [c for c in complaints.values() if c.status in ("SETTLED", "CLOSED", "WITHDRAWN")]
    assert len(ended) == 4
    for complaint in ended:
        erase(complaint)
    assert Complaint.objects.filter(personal_data_erased_at__isnull=False).count() == 4
    after = figures(client)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
