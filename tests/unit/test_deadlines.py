"""Working days and statutory clocks (domain.md §1, §4), counted by the pure rules."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import chinese_calendar
import pytest

from complaints.rules import deadlines as rules
from complaints.rules.deadlines import (
    ComplaintClockState,
    ReportClockState,
    ScheduleDay,
    WorkCalendar,
    YearSchedule,
    add_working_days,
)


def _official() -> dict[int, YearSchedule]:
    off, on = defaultdict(set), defaultdict(set)
    for day in chinese_calendar.holidays:
        off[day.year].add(day)
    for day in chinese_calendar.workdays:
        on[day.year].add(day)
    return {y: YearSchedule(frozenset(off[y]), frozenset(on[y])) for y in off}


OFFICIAL = WorkCalendar(years=_official())
D = date.fromisoformat


@pytest.mark.parametrize(("start", "days", "due"), [
    pytest.param("2026-02-15", 1, "2026-02-24", id="holiday start: day 1 is the first working day after"),
    pytest.param("2026-02-13", 1, "2026-02-14", id="Spring Festival: 调休 Saturday 02-14 is worked"),
    pytest.param("2026-02-13", 2, "2026-02-24", id="Spring Festival: 02-15..02-23 are off"),
    pytest.param("2026-02-13", 7, "2026-03-02", id="Spring Festival: 调休 Saturday 02-28 counts"),
    pytest.param("2025-12-31", 1, "2026-01-04", id="New Year: 调休 Sunday 01-04 is worked"),
    pytest.param("2026-04-30", 1, "2026-05-06", id="Labour Day: 05-01..05-05 are off"),
    pytest.param("2026-04-30", 4, "2026-05-09", id="Labour Day: 调休 Saturday 05-09 counts"),
    pytest.param("2026-09-19", 1, "2026-09-20", id="National Day: 调休 Sunday 09-20 is worked"),
    pytest.param("2026-09-30", 1, "2026-10-08", id="National Day: 10-01..10-07 are off"),
    pytest.param("2026-09-30", 3, "2026-10-10", id="National Day: 调休 Saturday 10-10 counts"),
    pytest.param("2026-03-06", 1, "2026-03-09", id="an ordinary weekend is skipped"),
    pytest.param("2026-03-02", 7, "2026-03-11", id="regulator acceptance, 7 wd (暂行办法 art. 15)"),
    pytest.param("2026-03-02", 45, "2026-05-08", id="mediation, 45 wd over Qingming and Labour Day"),
])
def test_working_days_follow_the_official_2026_schedule(start, days, due):
    assert add_working_days(D(start), days, OFFICIAL) == (D(due), False)


def test_zero_working_days_is_the_start_day_and_not_provisional():
    assert add_working_days(D("2027-03-01"), 0, OFFICIAL) == (D("2027-03-01"), False)


@pytest.mark.parametrize(("start", "days", "due", "provisional"), [
    pytest.param("2026-12-01", 10, "2026-12-15", False, id="all in 2026: official"),
    pytest.param("2026-12-20", 10, "2027-01-04", True, id="counts through 2027: provisional"),
    pytest.param("2026-12-31", 1, "2027-01-04", True, id="New Year's Day 2027 fixed by law"),
    pytest.param("2027-02-04", 1, "2027-02-09", True, id="2027 Spring Festival eve + days 1-3 off"),
    pytest.param("2027-04-02", 1, "2027-04-06", True, id="2027 Qingming 04-05 off"),
    pytest.param("2027-04-30", 1, "2027-05-03", True, id="2027 May 1-2 off fall on a weekend"),
    pytest.param("2027-06-08", 1, "2027-06-10", True, id="2027 Dragon Boat 06-09 off"),
    pytest.param("2027-09-30", 1, "2027-10-04", True, id="2027 October 1-3 off, no 调休"),
])
def test_a_year_without_a_schedule_is_counted_provisionally(start, days, due, provisional):
    assert add_working_days(D(start), days, OFFICIAL) == (D(due), provisional)


def test_a_schedule_entered_later_changes_the_answer_and_clears_provisional():
    spring = frozenset(D("2027-02-05") + timedelta(days=i) for i in range(9))  # 02-05..02-13
    entered = WorkCalendar(years={**_official(), 2027: YearSchedule(
        holidays=spring | {D("2027-01-01")}, workdays=frozenset({D("2027-02-14")}))})
    assert add_working_days(D("2027-02-04"), 1, OFFICIAL) == (D("2027-02-09"), True)
    assert add_working_days(D("2027-02-04"), 1, entered) == (D("2027-02-14"), False)
    assert add_working_days(D("2026-12-20"), 10, entered) == (D("2027-01-04"), False)


def test_qingming_matches_the_solar_term_tables_for_the_whole_century():
    for year in range(2000, 2099):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
        assert rules.qingming(year) == terms[0][0], year


def test_the_provisional_year_has_the_thirteen_statutory_days_off():
    off = rules.statutory_days_off(2027)
    assert len(off) == 13
    assert {D("2027-02-05"), D("2027-09-15"), D("2027-05-02")} <= off


def test_working_days_between_counts_after_start_up_to_end():
    assert rules.working_days_between(D("2026-09-30"), D("2026-10-10"), OFFICIAL) == 3  # 10-08..10-10
    assert rules.working_days_between(D("2026-10-10"), D("2026-10-10"), OFFICIAL) == 0


@pytest.mark.parametrize(("state", "expected"), [
    (ComplaintClockState("WITH_BUSINESS", odr_started_on=D("2026-03-02")),
     ("odr_settlement", D("2026-03-02"), 0)),
    (ComplaintClockState("BUSINESS_PROPOSED", odr_started_on=D("2026-03-02")),
     ("odr_settlement", D("2026-03-02"), 0)),
    (ComplaintClockState("WITH_REGULATOR", regulator_received_on=D("2026-03-03")),
     ("regulator_acceptance", D("2026-03-03"), 0)),
    (ComplaintClockState("IN_MEDIATION", accepted_on=D("2026-03-04"), paused_working_days=3),
     ("mediation", D("2026-03-04"), 3)),
    (ComplaintClockState("IN_MEDIATION", accepted_on=D("2026-03-04"), clock_paused=True), None),
    (ComplaintClockState("CLOSED", outcome="agreement", closed_on=D("2026-03-05")),
     ("termination_notice", D("2026-03-05"), 0)),
    (ComplaintClockState("CLOSED", outcome="mediation_ended", closed_on=D("2026-03-05"),
                         termination_notified=True), None),
    (ComplaintClockState("CLOSED", outcome="refused", closed_on=D("2026-03-05")), None),
    (ComplaintClockState("SETTLED", outcome="odr_settled"), None),
    (ComplaintClockState("WITHDRAWN", outcome="withdrawn"), None),
], ids=lambda v: getattr(v, "status", "") + (":" + v.outcome if getattr(v, "outcome", "") else ""))
def test_the_running_clock_follows_the_complaints_state(state, expected):
    assert rules.complaint_clock(state) == expected


def test_report_clock_runs_15_days_then_30_once_extended_then_the_reporter_notice():
    received = D("2026-03-02")
    assert rules.report_clock(ReportClockState("RECEIVED", received)) == (
        "report_verification", received, 0)
    assert rules.report_clock(ReportClockState("RECEIVED", received, extended=True))[2] == 15
    decided = ReportClockState("CASE_OPENED", received, real_name=True, decided_on=D("2026-03-10"))
    assert rules.report_clock(decided) == ("reporter_notice", D("2026-03-10"), 0)
    anonymous = ReportClockState("NOT_OPENED", received, decided_on=D("2026-03-10"))
    assert rules.report_clock(anonymous) is None


def test_a_schedule_with_faults_lists_every_one_with_its_row():
    faults = rules.schedule_faults(2027, [
        ScheduleDay(D("2027-01-01"), "holiday", "元旦"),
        ScheduleDay(D("2027-02-10"), "workday"),          # a Wednesday cannot be a 调休 day
        ScheduleDay(D("2027-01-01"), "holiday"),          # twice
        ScheduleDay(D("2029-05-01"), "holiday"),          # not this year
        ScheduleDay(D("2027-05-01"), "day off"),          # unknown kind
    ])
    assert [(f.row, f.field) for f in faults] == [(2, "kind"), (3, "date"), (4, "date"), (5, "kind")]


def test_a_schedule_without_a_day_off_in_its_year_is_refused():
    faults = rules.schedule_faults(2027, [ScheduleDay(D("2027-02-14"), "workday")])
    assert [(f.row, f.field) for f in faults] == [(0, "days")]
