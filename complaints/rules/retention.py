"""When a complaint's personal data may be erased on request (《个人信息保护法》art. 47).

The consumer may ask for deletion once the purpose is achieved. A complaint's purpose lasts
until it has ended (a terminal state: settled, closed or withdrawn) and its record must then be
kept for a retention period: complaints are time-barred three years after the consumer knew of
the harm (暂行办法 art. 15(4), domain.md §4), so three years after closure is the anchor we use
for how long a closed case may still be reopened, disputed or needed as evidence. domain.md
gives no retention figure of its own: the period is the setting COMPLAINT_RETENTION_DAYS.

Pure Python: no Django, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from . import workflow

# Three years counted in days, leap day included: never shorter than three calendar years.
DEFAULT_RETENTION_DAYS = 3 * 365 + 1

NOT_CLOSED = "complaint_not_closed"
RETENTION_RUNNING = "retention_period_running"


@dataclass(frozen=True)
class ErasureRefusal:
    code: str  # NOT_CLOSED or RETENTION_RUNNING
    possible_from: date | None  # the first day erasure is allowed; None while the case is open


def erasure_possible_from(*, status: str, closed_on: date | None,
                          retention_days: int) -> date | None:
    """The first day the personal data of a complaint in `status`, closed on `closed_on`
    (local date), may be erased; None while it has not ended."""
    if status not in workflow.TERMINAL_STATUSES or closed_on is None:
        return None
    return closed_on + timedelta(days=retention_days)


def erasure_refusal(*, status: str, closed_on: date | None, retention_days: int,
                    today: date) -> ErasureRefusal | None:
    """None when erasure is allowed on `today`, else why not and from when."""
    possible_from = erasure_possible_from(status=status, closed_on=closed_on,
                                          retention_days=retention_days)
    if possible_from is None:
        return ErasureRefusal(NOT_CLOSED, None)
    if today < possible_from:
        return ErasureRefusal(RETENTION_RUNNING, possible_from)
    return None
