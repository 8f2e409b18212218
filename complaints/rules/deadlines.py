"""Working days (工作日) and the statutory clocks of a complaint (domain.md §1, §4).

Pure: no Django, no clock, no `chinese_calendar`. The caller passes a `WorkCalendar` built from
the official holiday schedules it knows (the package's years, overridden by years an
administrator entered). For a year without an official schedule the calendar falls back to
weekdays minus the statutory days off that the law itself fixes (《全国年节及纪念日放假办法》
as amended 2024: New Year's Day; Spring Festival eve and lunar days 1–3; the Qingming solar-term
day; May 1–2; Dragon Boat 5/5 and Mid-Autumn 8/15 of the lunar calendar; October 1–3), without
swapped days (调休); a due date counted through such a year is **provisional**.

Counting: "within N working days of receipt" — day 1 is the first working day after the day of
receipt, the due date is the N-th working day (domain.md §1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from lunardate import LunarDate

from . import workflow

HOLIDAY = "holiday"
WORKDAY = "workday"
KINDS = (HOLIDAY, WORKDAY)

# The years lunardate converts (and the Qingming formula below holds for).
FIRST_YEAR, LAST_YEAR = 2000, 2098


@dataclass(frozen=True)
class Clock:
    name: str
    working_days: int
    basis: str


ODR_SETTLEMENT = "odr_settlement"
REGULATOR_ACCEPTANCE = "regulator_acceptance"
MEDIATION = "mediation"
TERMINATION_NOTICE = "termination_notice"
REPORT_VERIFICATION = "report_verification"
REPORTER_NOTICE = "reporter_notice"

CLOCKS: dict[str, Clock] = {c.name: c for c in (
    Clock(ODR_SETTLEMENT, 10, "在线消费纠纷解决 (ODR): settle within 10 working days"),
    Clock(REGULATOR_ACCEPTANCE, 7, "暂行办法 art. 15: accept or refuse within 7 working days"),
    Clock(MEDIATION, 45, "暂行办法 art. 28: mediation ends after 45 working days"),
    Clock(TERMINATION_NOTICE, 7, "暂行办法 art. 28: notify the end within 7 working days"),
    Clock(REPORT_VERIFICATION, 15, "暂行办法 art. 31: decide on a report within 15 working days"),
    Clock(REPORTER_NOTICE, 5, "暂行办法 art. 32: tell a real-name reporter within 5 working days"),
)}
REPORT_EXTENSION_DAYS = 15  # 暂行办法 art. 31: +15 working days with a recorded approval


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off and weekend days worked (调休)."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days. `years` holds the years with an official schedule."""

    years: Mapping[int, YearSchedule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        overrides: dict[date, bool] = {}
        for schedule in self.years.values():
            overrides.update(dict.fromkeys(schedule.holidays, False))
            overrides.update(dict.fromkeys(schedule.workdays, True))
        object.__setattr__(self, "_overrides", overrides)

    def is_official(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: date) -> bool:
        known = self._overrides.get(day)  # type: ignore[attr-defined]
        if known is not None:
            return known
        if day.weekday() >= 5:
            return False
        return self.is_official(day.year) or day not in statutory_days_off(day.year)


@dataclass(frozen=True)
class Due:
    clock: str
    date: date
    provisional: bool


def add_working_days(start: date, days: int, calendar: WorkCalendar) -> tuple[date, bool]:
    """The `days`-th working day after `start`, and whether a day counted lies in a year
    without an official schedule (provisional). `days` 0 answers `start` itself."""
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if calendar.is_workday(current):
            counted += 1
    first = start + timedelta(days=1)
    provisional = days > 0 and any(not calendar.is_official(year)
                                   for year in range(first.year, current.year + 1))
    return current, provisional


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days d with start < d <= end (0 when end <= start): e.g. days a clock was paused."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += calendar.is_workday(current)
    return count


def clock_due(clock: str, start: date, calendar: WorkCalendar, extra_days: int = 0) -> Due:
    due, provisional = add_working_days(start, CLOCKS[clock].working_days + extra_days, calendar)
    return Due(clock, due, provisional)


@lru_cache(maxsize=256)
def statutory_days_off(year: int) -> frozenset[date]:
    """The days off fixed by law itself for `year` (no swapped days): the provisional calendar."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"no lunar calendar for {year}")
    spring = LunarDate(year, 1, 1).to_solar_date()
    return frozenset((
        date(year, 1, 1),
        spring - timedelta(days=1), spring, spring + timedelta(days=1), spring + timedelta(days=2),
        qingming(year),
        date(year, 5, 1), date(year, 5, 2),
        LunarDate(year, 5, 5).to_solar_date(),
        LunarDate(year, 8, 15).to_solar_date(),
        date(year, 10, 1), date(year, 10, 2), date(year, 10, 3),
    ))


def qingming(year: int) -> date:
    """The Qingming (清明) solar-term day, 2000–2099: [Y·0.2422 + 4.81] − [Y/4], Y = year − 2000."""
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


# ---- which clock runs, from a row's state ------------------------------------------------------

# Mediation ended with or without agreement: the parties are owed a closure notice (暂行办法 art. 22).
TERMINATION_NOTICE_OUTCOMES = ("agreement", "mediation_ended")


@dataclass(frozen=True)
class ComplaintClockState:
    """What decides a complaint's current clock; datetimes already turned into local dates."""

    status: str
    outcome: str = ""
    odr_started_on: date | None = None
    regulator_received_on: date | None = None
    accepted_on: date | None = None
    clock_paused: bool = False
    paused_working_days: int = 0
    closed_on: date | None = None
    termination_notified: bool = False


def complaint_clock(state: ComplaintClockState) -> tuple[str, date, int] | None:
    """(clock, start date, extra working days) running for a complaint, or None."""
    status = state.status
    if status in workflow.WITH_THE_BUSINESS and state.odr_started_on:
        return ODR_SETTLEMENT, state.odr_started_on, 0
    if status == workflow.WITH_REGULATOR and state.regulator_received_on:
        return REGULATOR_ACCEPTANCE, state.regulator_received_on, 0
    if status == workflow.IN_MEDIATION and state.accepted_on and not state.clock_paused:
        return MEDIATION, state.accepted_on, state.paused_working_days
    if (status == workflow.CLOSED and state.outcome in TERMINATION_NOTICE_OUTCOMES
            and state.closed_on and not state.termination_notified):
        return TERMINATION_NOTICE, state.closed_on, 0
    return None


@dataclass(frozen=True)
class ReportClockState:
    status: str
    received_on: date
    extended: bool = False
    real_name: bool = False
    decided_on: date | None = None
    reporter_notified: bool = False


def report_clock(state: ReportClockState) -> tuple[str, date, int] | None:
    """(clock, start date, extra working days) running for a report part (举报), or None."""
    if state.status == workflow.REPORT_RECEIVED:
        return REPORT_VERIFICATION, state.received_on, REPORT_EXTENSION_DAYS if state.extended else 0
    if state.real_name and state.decided_on and not state.reporter_notified:
        return REPORTER_NOTICE, state.decided_on, 0
    return None


# ---- a year's schedule as entered --------------------------------------------------------------

@dataclass(frozen=True)
class ScheduleDay:
    date: date
    kind: str
    name: str = ""


@dataclass(frozen=True)
class Fault:
    row: int  # 1-based position of the day in what was entered
    field: str
    reason: str


def schedule_faults(year: int, days: Iterable[ScheduleDay]) -> list[Fault]:
    """Every reason the entered schedule of `year` cannot be right (empty list: it is fine)."""
    days = list(days)
    faults: list[Fault] = []
    if not FIRST_YEAR <= year <= LAST_YEAR:
        faults.append(Fault(0, "year", f"must be between {FIRST_YEAR} and {LAST_YEAR}"))
    seen: set[date] = set()
    for row, day in enumerate(days, start=1):
        faults.extend(_day_faults(year, row, day, seen))
        seen.add(day.date)
    if not any(d.kind == HOLIDAY and d.date.year == year for d in days):
        faults.append(Fault(0, "days", "a schedule lists at least one day off in its year"))
    return faults


def _day_faults(year: int, row: int, day: ScheduleDay, seen: set[date]) -> list[Fault]:
    faults = []
    if abs(day.date.year - year) > 1:
        faults.append(Fault(row, "date", f"{day.date} is not in or next to {year}"))
    if day.date in seen:
        faults.append(Fault(row, "date", f"{day.date} is listed twice"))
    if day.kind not in KINDS:
        faults.append(Fault(row, "kind", "must be holiday or workday"))
    elif day.kind == WORKDAY and day.date.weekday() < 5:
        faults.append(Fault(row, "kind", f"{day.date} is a weekday: only a weekend day can be "
                                         "made a working day (调休)"))
    if len(day.name) > 32:
        faults.append(Fault(row, "name", "at most 32 characters"))
    return faults


KIND_ALIASES = {"holiday": HOLIDAY, "休": HOLIDAY, "workday": WORKDAY, "班": WORKDAY}


def schedule_day_parse(row: int, date_text: str, kind_text: str,
                       name: str = "") -> tuple[ScheduleDay | None, list[Fault]]:
    """One typed day (date YYYY-MM-DD; kind holiday/休 or workday/班), or the faults in it."""
    faults = []
    try:
        day = date.fromisoformat((date_text or "").strip())
    except ValueError:
        faults.append(Fault(row, "date", f"{date_text!r} is not a date YYYY-MM-DD"))
    kind = KIND_ALIASES.get((kind_text or "").strip().lower())
    if kind is None:
        faults.append(Fault(row, "kind", f"{kind_text!r}: must be holiday (休) or workday (班)"))
    if faults:
        return None, faults
    return ScheduleDay(day, kind, (name or "").strip()), []
