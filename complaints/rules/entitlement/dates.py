"""Counting periods the way the Civil Code does (民法典 art. 201 and 202).

- N days "from" a date: the date itself does not count, the period runs from the next day, so its
  last day is date + N (art. 201). Bought 2026-03-01: the 7-day window's last day is 2026-03-08.
- Months and years: the last day is the same day-of-month in the final month, or that month's last
  day where the day does not exist (art. 202). One year from 2024-02-29 ends on 2025-02-28.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def last_day_after_days(start: date, days: int) -> date:
    """The last day of a period of `days` days counted from `start` (art. 201)."""
    return start + timedelta(days=days)


def last_day_after_months(start: date, months: int) -> date:
    """The last day of a period of `months` months counted from `start` (art. 202)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def days_between(earlier: date, later: date) -> int:
    """Whole days from `earlier` to `later`, not counting `earlier` itself (art. 201)."""
    return (later - earlier).days
