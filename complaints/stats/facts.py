"""Complaints read as figure facts: one query for every complaint of a period, whatever its size.

Dates are local calendar dates (Asia/Shanghai), as the statutory clocks count them. Only ids,
dates, codes and business names are read: never the consumer's data, facts or request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Complaint
from ..rules import workflow
from .due import DueDates
from .figures import BUSINESS, REGULATOR, CaseFacts

OPEN_STATUSES = (workflow.SUBMITTED, workflow.WITH_BUSINESS, workflow.BUSINESS_PROPOSED,
                 workflow.WITH_REGULATOR, workflow.IN_MEDIATION)

FACT_FIELDS = ("id", "status", "category_id", "odr_outcome", "outcome")
# Local calendar dates computed by the database (the current time zone): a year of complaints
# is read without converting a datetime per row in Python.
DATE_FIELDS = {
    "received_on": TruncDate("received_at"), "changed_on": TruncDate("status_changed_at"),
    "odr_started_on": TruncDate("odr_started_at"),
    "regulator_received_on": TruncDate("regulator_received_at"),
    "accepted_on": TruncDate("accepted_at"), "closed_on": TruncDate("closed_at"),
}


@dataclass(frozen=True)
class Row:
    """A complaint's facts with who it is about (ids and names of businesses and brands)."""

    facts: CaseFacts
    keys: dict


def rows_of(complaints: QuerySet[Complaint], *, since: date, until: date,
            key_fields: tuple[str, ...], due: DueDates) -> list[Row]:
    """Complaints received from `since` to `until` (local dates, both included)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()), tz)
    end = timezone.make_aware(datetime.combine(until, datetime.max.time()), tz)
    values = (complaints.filter(received_at__range=(start, end)).order_by()
              .values(*FACT_FIELDS, *key_fields).annotate(
                  **DATE_FIELDS,
                  first_response_on=Min(TruncDate("business_responses__responded_at"))))
    return [Row(case_facts(v, due), {k: v[k] for k in key_fields}) for v in values]


def case_facts(v: dict, due: DueDates) -> CaseFacts:
    """The first answer is the business's in ODR, else the regulator's acceptance decision. When
    the consumer took the complaint to the regulator before the business's due date and before
    any answer, the business owed none: the regulator's decision counts instead."""
    answer_by, answer_due, answered = "", None, None
    if v["odr_started_on"] is not None:
        answer_by = BUSINESS
        answer_due = due.due("odr_settlement", v["odr_started_on"])
        answered = v["first_response_on"]
    left_early = (answer_by == BUSINESS and answered is None
                  and v["regulator_received_on"] is not None
                  and v["regulator_received_on"] <= answer_due)
    if (not answer_by or left_early) and v["regulator_received_on"] is not None:
        answer_by = REGULATOR
        answer_due = due.due("regulator_acceptance", v["regulator_received_on"])
        answered = v["accepted_on"] or (v["closed_on"] if v["outcome"] == "refused" else None)
    withdrawn = v["status"] == workflow.WITHDRAWN
    return CaseFacts(
        received_on=v["received_on"], category=v["category_id"] or "",
        answer_by=answer_by, answer_due=answer_due, answered_on=answered,
        withdrawn_on=(v["closed_on"] or v["changed_on"]) if withdrawn else None,
        odr_outcome=v["odr_outcome"] or "", outcome=v["outcome"] or "")
