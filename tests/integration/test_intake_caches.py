"""What complaint intake keeps in memory or reads cheaply, and that an edit is seen by the next
filing: the 三包 rule tables, the working-day calendar, divisions (the gazetteer memory), the
answering manufacturer's ODR enrolment, regulators to notify; and the filing's writes (routed in
its INSERT, events and notifications in bulk)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import (
    Complaint,
    ComplaintEvent,
    EntitlementCategory,
    HolidayDate,
    HolidayYear,
    Notification,
)
from complaints.services import complaint_file
from complaints.services.deadlines import work_calendar
from complaints.services.entitlements import rule_set_load
from geo.models import Division
from geo.selectors import county_of, division_for_address
from geo.services import gazetteer_changed
from tests.integration.filing_support import LIANGZHOU, MINQIN, draft, entitlement_tables  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables")]

CONSUMER_ADDRESS = "甘肃省武威市凉州区东大街街道文庙路12号"  # a 街道 of 凉州区


@pytest.fixture
def gazetteer_reloaded_after():
    """The test edits divisions in its transaction: drop the memory once it is rolled back."""
    yield
    gazetteer_changed()


def file(**overrides) -> Complaint:
    return complaint_file(draft=draft(**overrides), at=timezone.now())


def whole_unit_end(complaint: Complaint) -> str:
    return complaint.assessment["period"]["whole_unit_end"]


# --- the 三包 rule tables ---

def test_a_rule_table_edited_without_the_admin_is_seen_by_the_next_filing():
    before = whole_unit_end(file())
    EntitlementCategory.objects.filter(rule_set="national", category="refrigerator").update(
        whole_unit_months=24)
    after = whole_unit_end(file())
    assert after > before


def test_a_rolled_back_rule_table_edit_is_forgotten_by_the_next_filing():
    before = whole_unit_end(file())
    with pytest.raises(RuntimeError), transaction.atomic():
        EntitlementCategory.objects.filter(rule_set="national", category="refrigerator").update(
            whole_unit_months=36)
        assert whole_unit_end(file()) > before  # seen inside the transaction
        raise RuntimeError("roll back")
    assert whole_unit_end(file()) == before


def test_the_rule_set_is_read_from_memory_until_a_table_changes():
    first = rule_set_load("national", category="refrigerator")
    assert rule_set_load("national", category="refrigerator") is first
    EntitlementCategory.objects.filter(rule_set="national", category="refrigerator").update(
        whole_unit_months=13)
    again = rule_set_load("national", category="refrigerator")
    assert again is not first and again.terms("refrigerator").whole_unit_months == 13


def test_an_unknown_rule_set_or_category_is_not_kept_in_memory():
    assert rule_set_load("no-such-set") is None
    found = rule_set_load("national", category="no-such-category")
    assert found is not None and found.terms("no-such-category") is None
    from complaints.services import entitlements

    assert ("no-such-set", None) not in entitlements._memo["sets"]
    assert ("national", "no-such-category") not in entitlements._memo["sets"]


# --- the working-day calendar ---

def _weekday_after(days: int):
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_a_holiday_entered_without_the_service_is_seen_by_the_next_deadline():
    day = _weekday_after(3)
    assert work_calendar().is_workday(day)
    year = HolidayYear.objects.filter(year=day.year).first() or HolidayYear.objects.create(
        year=day.year, source="国务院办公厅通知（测试）", entered_by="test", entered_at=timezone.now())
    HolidayDate.objects.filter(date=day).delete()
    HolidayDate.objects.create(year=year, date=day, kind=HolidayDate.Kind.HOLIDAY, name="测试")
    assert not work_calendar().is_workday(day)


def test_a_filing_counts_its_deadline_with_holidays_entered_just_before():
    first = file()
    days = [timezone.localdate() + timedelta(days=n)
            for n in range(1, (first.due_date - timezone.localdate()).days + 1)]
    for year in sorted({d.year for d in days}):  # every day up to the first due date: off
        HolidayYear.objects.filter(year=year).delete()
        entered = HolidayYear.objects.create(year=year, source="测试", entered_by="test",
                                             entered_at=timezone.now())
        HolidayDate.objects.bulk_create(HolidayDate(year=entered, date=d, kind="holiday")
                                        for d in days if d.year == year)
    assert file().due_date > first.due_date


# --- divisions from the gazetteer memory ---

def test_an_address_gives_its_division_and_county_without_a_query():
    division_for_address(CONSUMER_ADDRESS)  # the gazetteer loaded
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        township = division_for_address(CONSUMER_ADDRESS)
        county = county_of(township)
    assert (township.level, township.parent_id) == ("township", LIANGZHOU)
    assert (county.code, county.name, county.level) == (LIANGZHOU, "凉州区", "county")
    assert [q["sql"] for q in queries.captured_queries if "geo_division" in q["sql"]] == []


def test_a_division_column_not_held_in_memory_is_read_from_the_database():
    Division.objects.filter(code=MINQIN).update(population=241_251)
    county = county_of(division_for_address("甘肃省武威市民勤县城关镇东街8号"))
    assert county.population == 241_251


@pytest.mark.usefixtures("gazetteer_reloaded_after")
def test_a_division_renamed_through_the_geo_services_is_named_so_by_the_next_filing():
    Division.objects.filter(code=MINQIN).update(name="民勤新县")
    gazetteer_changed()  # what the geo app's writers do
    complaint = file(respondent_address="甘肃省武威市民勤新县城关镇东街8号")
    assert (complaint.jurisdiction_id, complaint.jurisdiction.name) == (MINQIN, "民勤新县")


# --- the answering business and the regulators, read fresh ---

def test_odr_enrolment_is_read_by_the_next_filing(manufacturer_admin):
    maker, _key = manufacturer_admin
    to_business = dict(brand="品牌甲", respondent_name="品牌甲售后服务部")
    assert file(**to_business).status == "WITH_REGULATOR"
    type(maker).objects.filter(pk=maker.pk).update(odr_enrolled=True, odr_enrolled_at=timezone.now())
    assert file(**to_business).status == "WITH_BUSINESS"


def test_a_regulator_with_an_email_added_just_before_is_notified_of_the_next_filing(
        other_regulator):
    before = file()
    assert not before.notifications.filter(recipient_kind="regulator").exists()
    other_regulator.user.email = "minqin@example.org"
    other_regulator.user.save()
    after = file()
    assert list(after.notifications.filter(recipient_kind="regulator").values_list(
        "recipient_ref", flat=True)) == [f"user:{other_regulator.user.pk}"]
    other_regulator.user.is_active = False
    other_regulator.user.save()
    assert not file().notifications.filter(recipient_kind="regulator").exists()


# --- the filing's writes ---

def test_a_filing_inserts_the_complaint_already_routed_with_both_events_in_order():
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        complaint = file()
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([s for s in sql if s.startswith('INSERT INTO "complaints_complaint" ')]) == 1
    assert not [s for s in sql if s.startswith('UPDATE "complaints_complaint" ')]
    assert not [s for s in sql if "FOR UPDATE" in s]
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.status, stored.odr_outcome, stored.due_clock) == (
        "WITH_REGULATOR", "not_enrolled", "regulator_acceptance")
    assert stored.regulator_received_at == complaint.received_at
    events = list(ComplaintEvent.objects.filter(complaint=complaint).order_by("id").values_list(
        "action", "from_status", "to_status", "actor_kind"))
    assert events == [("complaints.complaint.submit", "", "SUBMITTED", "consumer"),
                      ("complaints.complaint.route_to_regulator", "SUBMITTED", "WITH_REGULATOR",
                       "system")]


def test_a_filing_writes_its_notifications_without_savepoints():
    with CaptureQueriesContext(transaction.get_connection()) as queries:
        complaint = file()
    inserts = [q["sql"] for q in queries.captured_queries
               if q["sql"].startswith('INSERT INTO "complaints_notification"')]
    assert len(inserts) == 1 and "ON CONFLICT" in inserts[0]
    savepoints = [q for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]
    assert len(savepoints) <= 1  # the test's own transaction makes complaint_file's atomic one
    assert complaint.notifications.filter(recipient_kind="consumer").count() == 1


def test_notifying_the_same_occurrence_again_adds_no_row(redis_conn):
    from complaints.services.notifications import notify

    complaint = file()
    rows = Notification.objects.filter(complaint=complaint).count()
    with transaction.atomic():
        notify(event="complaint_received", complaint=complaint, at=timezone.now())
    assert Notification.objects.filter(complaint=complaint).count() == rows
