"""Official holiday schedules entered by hand: load_holidays, the admin form, and the recompute
of provisional deadlines that follows."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command

from complaints.models import Complaint, HolidayDate, HolidayYear
from complaints.rules.deadlines import ScheduleDay
from complaints.services.deadlines import (
    complaint_due_set,
    deadlines_from,
    holiday_year_enter,
)
from complaints.tasks import deadlines_recompute_job
from config.errors import InvalidInput
from config.models import OutboxJob
from tests.integration.filing_support import draft, entitlement_tables, evidence_root  # noqa: F401

pytestmark = pytest.mark.django_db

# A made-up 2027 schedule for the tests (not the real notice): 01-04 is off too.
SCHEDULE_2027 = """year,date,kind,name,source
2027,2027-01-01,holiday,元旦,国办发明电（测试）
2027,2027-01-02,holiday,元旦,
2027,2027-01-03,holiday,元旦,
2027,2027-01-04,休,元旦,
2027,2027-02-20,班,春节调休,
"""


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "holidays.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_load_holidays_enters_a_year_and_its_days(tmp_path, capsys):
    call_command("load_holidays", str(write(tmp_path, SCHEDULE_2027, "gbk")), actor="ops")
    year = HolidayYear.objects.get(year=2027)
    assert (year.source, year.entered_by) == ("国办发明电（测试）", "ops")
    assert list(HolidayDate.objects.filter(year=year).values_list("date", "kind")) == [
        (date(2027, 1, 1), "holiday"), (date(2027, 1, 2), "holiday"), (date(2027, 1, 3), "holiday"),
        (date(2027, 1, 4), "holiday"), (date(2027, 2, 20), "workday")]
    assert "2027: 4 days off, 1 working days" in capsys.readouterr().out
    assert deadlines_from(date(2026, 12, 31))["odr_settlement"] == date(2027, 1, 18)


def test_load_holidays_again_replaces_the_years_days(tmp_path):
    call_command("load_holidays", str(write(tmp_path, SCHEDULE_2027)))
    call_command("load_holidays", str(write(tmp_path, "year,date,kind\n2027,2027-01-01,holiday\n")),
                 source="第二版")
    assert list(HolidayDate.objects.values_list("date", flat=True)) == [date(2027, 1, 1)]
    assert HolidayYear.objects.get(year=2027).source == "第二版"


def test_load_holidays_lists_every_fault_by_line_and_writes_nothing(tmp_path):
    bad = ("year,date,kind,name\n"
           "2027,2027-01-01,holiday,元旦\n"
           "2027,2027-02-31,holiday,春节\n"       # line 3: no such day
           "2027,2027-02-10,workday,\n"           # line 4: a Wednesday cannot be 调休
           "20x7,2027-03-01,holiday,\n"           # line 5: year
           "2027,2027-05-01,off,\n")              # line 6: kind
    with pytest.raises(CommandError) as raised:
        call_command("load_holidays", str(write(tmp_path, bad)), source="测试")
    message = str(raised.value)
    for expected in ("line 3: date", "line 4: kind", "line 5: year", "line 6: kind"):
        assert expected in message
    assert not HolidayYear.objects.exists() and not HolidayDate.objects.exists()


def test_load_holidays_without_a_source_writes_nothing(tmp_path):
    with pytest.raises(CommandError, match="source"):
        call_command("load_holidays", str(write(tmp_path, "year,date,kind\n2027,2027-01-01,休\n")))
    assert not HolidayYear.objects.exists()


def test_load_holidays_dry_run_checks_and_writes_nothing(tmp_path, capsys):
    call_command("load_holidays", str(write(tmp_path, SCHEDULE_2027)), dry_run=True)
    assert "dry run" in capsys.readouterr().out
    assert not HolidayYear.objects.exists()


def test_a_date_already_in_another_years_schedule_is_refused():
    at = datetime(2026, 12, 1, tzinfo=UTC)
    holiday_year_enter(year=2027, source="a", entered_by="ops", at=at,
                       days=[ScheduleDay(date(2027, 1, 1), "holiday")])
    with pytest.raises(InvalidInput) as raised:
        holiday_year_enter(year=2028, source="b", entered_by="ops", at=at,
                           days=[ScheduleDay(date(2027, 1, 1), "holiday"),
                                 ScheduleDay(date(2028, 1, 1), "holiday")])
    assert raised.value.data["errors"] == [
        {"row": 1, "field": "date", "reason": "2027-01-01 is already in another year's schedule"}]


def test_the_admin_enters_a_year_from_the_textarea_recording_who(admin_client, admin_user):
    response = admin_client.post("/admin/complaints/holidayyear/add/", {
        "year": 2027, "source": "国办发明电（测试）", "note": "",
        "schedule": "2027-01-01 holiday 元旦\n\n2027-02-20 workday 春节调休\n"})
    assert response.status_code == 302, response.content.decode()[:2000]
    year = HolidayYear.objects.get(year=2027)
    assert year.entered_by == admin_user.username
    assert year.dates.count() == 2
    page = admin_client.get(f"/admin/complaints/holidayyear/{year.pk}/change/")
    assert "2027-02-20 workday 春节调休" in page.content.decode()


def test_the_admin_shows_faults_with_their_line_and_saves_nothing(admin_client):
    response = admin_client.post("/admin/complaints/holidayyear/add/", {
        "year": 2027, "source": "测试", "note": "",
        "schedule": "2027-01-01 holiday 元旦\n2027-02-10 workday\n"})
    assert response.status_code == 200
    assert "line 2: kind" in response.content.decode()
    assert not HolidayYear.objects.exists()


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_entering_the_year_recomputes_provisional_deadlines(
        redis_conn, django_capture_on_commit_callbacks, tmp_path):
    import django_rq

    from complaints.services import complaint_file

    complaint = complaint_file(draft=draft(), at=datetime(2026, 12, 28, 2, tzinfo=UTC))
    Complaint.objects.filter(pk=complaint.pk).update(
        status="WITH_REGULATOR", regulator_received_at=datetime(2026, 12, 28, 2, tzinfo=UTC))
    complaint.refresh_from_db()
    complaint_due_set(complaint)
    complaint.save()
    assert (complaint.due_date, complaint.due_provisional) == (date(2027, 1, 7), True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_holidays", str(write(tmp_path, SCHEDULE_2027)))
    recompute = OutboxJob.objects.get(func="complaints.tasks.deadlines_recompute_job")
    assert recompute.args == [2027]
    assert f"outbox-{recompute.pk}" in django_rq.get_queue("default").job_ids
    assert deadlines_recompute_job(2027) == 1
    assert deadlines_recompute_job(2027) == 0
    complaint.refresh_from_db()
    assert (complaint.due_date, complaint.due_provisional) == (date(2027, 1, 8), False)


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_correcting_a_year_already_known_recomputes_the_deadlines_counted_through_it():
    from complaints.services import complaint_file

    received = datetime(2026, 12, 1, 2, tzinfo=UTC)  # 10:00 in China
    complaint = complaint_file(draft=draft(purchase_date=date(2026, 11, 20),
                                           fault_date=date(2026, 11, 27)), at=received)
    Complaint.objects.filter(pk=complaint.pk).update(status="WITH_REGULATOR",
                                                     regulator_received_at=received)
    complaint.refresh_from_db()
    complaint_due_set(complaint)
    complaint.save()
    assert (complaint.due_date, complaint.due_provisional) == (date(2026, 12, 10), False)
    holiday_year_enter(year=2026, source="更正（测试）", entered_by="ops", at=received,
                       days=[ScheduleDay(date(2026, 12, 2), "holiday", "测试")])
    assert deadlines_recompute_job(2026) == 1
    complaint.refresh_from_db()
    assert (complaint.due_date, complaint.due_provisional) == (date(2026, 12, 11), False)
