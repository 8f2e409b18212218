"""GET /api/v1/deadlines?start=YYYY-MM-DD: the due date of each statutory clock from that day.

Counted in Chinese working days (domain.md §1): day 1 is the first working day after `start`.
`provisional` is true when a day counted lies in a year without an official holiday schedule.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from ninja import Router, Schema

from config.errors import InvalidInput

from ..rules.deadlines import FIRST_YEAR, LAST_YEAR
from ..services.deadlines import deadlines_from

router = Router(tags=["deadlines"])


class DeadlinesOut(Schema):
    start: date
    odr_settlement: date
    regulator_acceptance: date
    mediation: date
    termination_notice: date
    report_verification: date
    provisional: bool


@router.get("", response=DeadlinesOut,
            summary="Due dates of the statutory clocks (working days) counted from a date")
def deadlines(request, start: date):
    if not FIRST_YEAR <= start.year <= LAST_YEAR - 1:
        raise InvalidInput([{"field": "start", "reason": _(
            "Dates from %(first)s to %(last)s only.") % {"first": FIRST_YEAR,
                                                        "last": LAST_YEAR - 1}}])
    return deadlines_from(start)
