"""Counting days, months and years (民法典 art. 201 and 202)."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.rules.entitlement.dates import days_between, last_day_after_days, last_day_after_months


@pytest.mark.parametrize("start, days, last_day", [
    pytest.param(date(2026, 3, 1), 7, date(2026, 3, 8), id="civil-code-art201:7-days-from-03-01"),
    pytest.param(date(2026, 3, 1), 15, date(2026, 3, 16), id="civil-code-art201:15-days"),
    pytest.param(date(2026, 2, 25), 7, date(2026, 3, 4), id="civil-code-art201:across-february"),
    pytest.param(date(2024, 2, 25), 7, date(2024, 3, 3), id="civil-code-art201:leap-february"),
    pytest.param(date(2026, 12, 28), 7, date(2027, 1, 4), id="civil-code-art201:across-new-year"),
    pytest.param(date(2026, 1, 1), 90, date(2026, 4, 1), id="civil-code-art201:90-days"),
])
def test_n_days_from_a_date_end_on_date_plus_n(start, days, last_day):
    assert last_day_after_days(start, days) == last_day


@pytest.mark.parametrize("start, months, last_day", [
    pytest.param(date(2026, 3, 1), 12, date(2027, 3, 1), id="civil-code-art202:one-year"),
    pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="civil-code-art202:29-feb-plus-1-year"),
    pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="civil-code-art202:29-feb-plus-4-years"),
    pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="civil-code-art202:31-jan-plus-1-month"),
    pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="civil-code-art202:31-jan-leap-year"),
    pytest.param(date(2026, 8, 31), 6, date(2027, 2, 28), id="civil-code-art202:6-months-month-end"),
    pytest.param(date(2026, 3, 31), 3, date(2026, 6, 30), id="civil-code-art202:no-31-june"),
    pytest.param(date(2026, 11, 15), 3, date(2027, 2, 15), id="civil-code-art202:across-year"),
    pytest.param(date(2026, 3, 1), 36, date(2029, 3, 1), id="civil-code-art202:three-years"),
])
def test_months_and_years_end_on_the_same_day_or_the_month_end(start, months, last_day):
    assert last_day_after_months(start, months) == last_day


def test_days_between_does_not_count_the_first_day():
    assert days_between(date(2026, 3, 1), date(2026, 3, 8)) == 7
    assert days_between(date(2026, 3, 1), date(2026, 3, 1)) == 0
