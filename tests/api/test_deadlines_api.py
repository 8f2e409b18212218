"""GET /api/v1/deadlines?start=YYYY-MM-DD: statutory due dates in Chinese working days."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/deadlines"


def test_deadlines_from_a_spring_festival_day_count_from_the_first_working_day_after(api):
    response = api.get(URL, {"start": "2026-02-15"})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-02-15", "odr_settlement": "2026-03-06",
        "regulator_acceptance": "2026-03-03", "mediation": "2026-04-27",
        "termination_notice": "2026-03-03", "report_verification": "2026-03-13",
        "provisional": False}


def test_deadlines_counted_into_a_year_without_a_schedule_are_provisional(api):
    body = api.get(URL, {"start": "2026-12-20"}).json()
    assert body["odr_settlement"] == "2027-01-04"
    assert body["provisional"] is True


def test_an_entered_schedule_makes_the_answer_official(api):
    from complaints.rules.deadlines import ScheduleDay
    from complaints.services.deadlines import holiday_year_enter

    holiday_year_enter(year=2027, source="国务院办公厅通知（测试）", entered_by="admin",
                       at=datetime(2026, 12, 1, tzinfo=UTC),
                       days=[ScheduleDay(datetime(2027, 1, 1).date(), "holiday", "元旦")])
    body = api.get(URL, {"start": "2026-12-20"}).json()
    assert (body["odr_settlement"], body["provisional"]) == ("2027-01-04", False)


@pytest.mark.parametrize("start", ["2026-02-30", "tomorrow", "", "1999-12-31", "2098-01-02"])
def test_a_bad_start_is_refused_naming_the_start_field(api, start):
    response = api.get(URL, {"start": start})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["data"]["errors"]] == ["start"]


def test_a_missing_start_is_refused_naming_the_start_field(api):
    response = api.get(URL)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["data"]["errors"]] == ["start"]
