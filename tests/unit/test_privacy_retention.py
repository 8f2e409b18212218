"""When personal data may be erased on request (complaints.rules.retention): only after the case
ended and its retention period passed; the refusal names the first allowed day."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.rules import retention, workflow
from complaints.rules.privacy import ERASED, mask_address, mask_name

CLOSED_ON = date(2024, 2, 29)  # a leap day: three years later has no 29 February


@pytest.mark.parametrize("status", sorted(workflow.OPEN_STATUSES))
def test_an_open_complaint_is_refused_without_a_date(status):
    refusal = retention.erasure_refusal(status=status, closed_on=CLOSED_ON, retention_days=1096,
                                        today=date(2030, 1, 1))
    assert refusal == retention.ErasureRefusal(retention.NOT_CLOSED, None)


@pytest.mark.parametrize("status", sorted(workflow.TERMINAL_STATUSES))
@pytest.mark.parametrize("today, allowed", [
    (date(2027, 2, 28), False),  # three calendar years (民法典 art. 202), still one day short
    (date(2027, 3, 1), True),  # 1,096 days after 2024-02-29: the first allowed day
    (date(2027, 3, 2), True),
], ids=["3-calendar-years", "day-1096", "day-1097"])
def test_an_ended_complaint_waits_the_retention_period(status, today, allowed):
    refusal = retention.erasure_refusal(status=status, closed_on=CLOSED_ON, retention_days=1096,
                                        today=today)
    if allowed:
        assert refusal is None
    else:
        assert refusal == retention.ErasureRefusal(retention.RETENTION_RUNNING, date(2027, 3, 1))


def test_the_default_is_never_shorter_than_three_calendar_years():
    for closed_on in (date(2023, 3, 1), date(2024, 2, 29), date(2025, 1, 1)):
        possible = retention.erasure_possible_from(status=workflow.CLOSED, closed_on=closed_on,
                                                   retention_days=retention.DEFAULT_RETENTION_DAYS)
        three_years = date(closed_on.year + 3, closed_on.month,
                           28 if (closed_on.month, closed_on.day) == (2, 29) else closed_on.day)
        assert possible >= three_years


def test_a_terminal_status_without_a_closure_date_is_treated_as_open():
    assert retention.erasure_possible_from(status=workflow.SETTLED, closed_on=None,
                                           retention_days=0) is None


def test_masking_shows_the_erased_marker_as_it_is():
    assert mask_name(ERASED) == ERASED
    assert mask_address(ERASED, ("凉州区",)) == ERASED
