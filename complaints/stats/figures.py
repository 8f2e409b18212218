"""What each published figure means, over one complaint's facts (pure: no Django, no clock).

Definitions (shown on the disclosure page's notes, domain.md §4 disclosure, 2023 rules):

- **Complaints**: complaints received in the period, whatever became of them.
- **Answered in time** (按时答复): each complaint's first answer is owed by one party —
  the business, when the complaint went to it through ODR (在线消费纠纷解决): its answer (accept,
  offer or reject) is due within 10 working days of the day it was sent to the business; else
  the regulator: its decision to accept or refuse is due within 7 working days of receipt.
  When the consumer took an ODR complaint to the regulator before the business's due date and
  before any answer, the regulator's decision is the answer that counts.
  A complaint counts once its answer is given or its due date has passed; it does not count
  while the answer is not yet due, nor when the consumer withdrew it before the due date and
  before any answer. Share = answered on or before the due date / complaints counted.
- **Mediation success rate** (调解成功率): mediation agreements / mediations closed
  (agreement or mediation ended without agreement).
- **ODR settlement rate** (和解率): settled with the business / ODR cases closed (settled, not
  settled, or the business let the 10 working days pass).
- **Response rate** (dashboard only): answered in time, counting only the answers the business
  owed in ODR.
- **Resolution rate** (dashboard only): settled in ODR or by a mediation agreement / cases ended
  with an outcome other than withdrawal (settled, agreement, mediation ended, refused).
A rate with nothing to count is None (shown as "—"), never 0.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

IN_TIME = "in_time"
LATE = "late"
MISSED = "missed"        # due date passed with no answer
PENDING = "pending"      # no answer yet, not yet due
NOT_OWED = "not_owed"    # withdrawn before the due date with no answer
NO_CLOCK = "no_clock"    # neither ODR nor regulator receipt recorded (not routed yet)

BUSINESS = "business"
REGULATOR = "regulator"

ODR_CLOSED = frozenset({"settled", "not_settled", "timed_out"})
MEDIATION_CLOSED = frozenset({"agreement", "mediation_ended"})
RESOLVED = frozenset({"odr_settled", "agreement"})
ENDED = frozenset({"odr_settled", "agreement", "mediation_ended", "refused"})


@dataclass(frozen=True)
class CaseFacts:
    """One complaint as the figures see it: dates are local (Asia/Shanghai) calendar dates."""

    received_on: date
    category: str = ""
    answer_by: str = ""                 # "business" (ODR) or "regulator": who owes the answer
    answer_due: date | None = None      # the first answer's statutory due date
    answered_on: date | None = None     # the first answer (business response or decision)
    withdrawn_on: date | None = None
    odr_outcome: str = ""
    outcome: str = ""


def answer_state(case: CaseFacts, today: date) -> str:
    """in_time / late / missed count towards "answered in time"; the others do not."""
    if case.answer_due is None:
        return NO_CLOCK
    if case.answered_on is not None:
        return IN_TIME if case.answered_on <= case.answer_due else LATE
    if case.withdrawn_on is not None and case.withdrawn_on <= case.answer_due:
        return NOT_OWED
    return MISSED if today > case.answer_due else PENDING


OVERDUE = "overdue"
DUE_TODAY = "due_today"
WITHIN_3_WD = "within_3_wd"
LATER = "later"
PROVISIONAL = "provisional"
DEADLINE_BUCKETS = (OVERDUE, DUE_TODAY, WITHIN_3_WD, LATER, PROVISIONAL, NO_CLOCK)


def deadline_bucket(due: date | None, provisional: bool, *, today: date,
                    third_working_day: date) -> str:
    """Where an open case's current due date falls. Overdue and due today are certain; a later
    date on a provisional calendar (a year without an official schedule) is its own bucket, as
    the date may still move; a case without a running clock (paused, not routed) is no_clock."""
    if due is None:
        return NO_CLOCK
    if due < today:
        return OVERDUE
    if due == today:
        return DUE_TODAY
    if provisional:
        return PROVISIONAL
    return WITHIN_3_WD if due <= third_working_day else LATER


def rate(numerator: int, denominator: int) -> float | None:
    """A share between 0 and 1, four decimals; None when there is nothing to count."""
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class Tally:
    """The figures of one business, brand or category, added one complaint at a time."""

    complaints: int = 0
    answer_counted: int = 0
    answered_in_time: int = 0
    business_answer_counted: int = 0
    business_answered_in_time: int = 0
    mediation_closed: int = 0
    mediation_agreements: int = 0
    odr_closed: int = 0
    odr_settled: int = 0
    ended: int = 0
    resolved: int = 0
    categories: Counter = field(default_factory=Counter)

    def add(self, case: CaseFacts, today: date) -> None:
        self.complaints += 1
        self.categories[case.category] += 1
        state = answer_state(case, today)
        if state in (IN_TIME, LATE, MISSED):
            self.answer_counted += 1
            self.answered_in_time += state == IN_TIME
            if case.answer_by == BUSINESS:
                self.business_answer_counted += 1
                self.business_answered_in_time += state == IN_TIME
        if case.outcome in MEDIATION_CLOSED:
            self.mediation_closed += 1
            self.mediation_agreements += case.outcome == "agreement"
        if case.odr_outcome in ODR_CLOSED:
            self.odr_closed += 1
            self.odr_settled += case.odr_outcome == "settled"
        if case.outcome in ENDED:
            self.ended += 1
            self.resolved += case.outcome in RESOLVED

    @property
    def answered_in_time_share(self) -> float | None:
        return rate(self.answered_in_time, self.answer_counted)

    @property
    def response_rate(self) -> float | None:
        return rate(self.business_answered_in_time, self.business_answer_counted)

    @property
    def mediation_success_rate(self) -> float | None:
        return rate(self.mediation_agreements, self.mediation_closed)

    @property
    def odr_settlement_rate(self) -> float | None:
        return rate(self.odr_settled, self.odr_closed)

    @property
    def resolution_rate(self) -> float | None:
        return rate(self.resolved, self.ended)


def tally(cases, today: date) -> Tally:
    total = Tally()
    for case in cases:
        total.add(case, today)
    return total
