"""Statutory due dates for the statistics, counted in working days (domain.md §1).

The figures need the due date of a clock that no longer runs on the row (the ODR answer of a
case now in mediation), so it is recounted from its start with complaints.rules.deadlines on
the calendar in force. The calendar is read once per report and each (clock, start) counted
once: a report costs the calendar's queries, not one per row.
"""

from __future__ import annotations

from datetime import date

from ..rules import deadlines as rules
from ..services.deadlines import work_calendar


class DueDates:
    def __init__(self) -> None:
        self.calendar = work_calendar()
        self._memo: dict[tuple[str, date], date] = {}

    def due(self, clock: str, start: date) -> date:
        """The due date of `clock` (a name in rules.deadlines.CLOCKS) started on `start`."""
        key = (clock, start)
        if key not in self._memo:
            self._memo[key] = rules.clock_due(clock, start, self.calendar).date
        return self._memo[key]

    def add_working_days(self, start: date, days: int) -> date:
        return rules.add_working_days(start, days, self.calendar)[0]
