"""The complaint's states and who may move it from one to the next (one transition table).

Only the complaint services write `status`, and only through `transition()`: each service locks
the row, asks this table, and writes an event. Status values are stable UPPER_SNAKE strings that
other systems read; their labels are translated elsewhere.

This issue covers the consumer's side (《市场监督管理投诉举报处理暂行办法》2022): a complaint is
SUBMITTED, and the consumer may add information or withdraw it (art. 28: mediation ends when the
complainant withdraws). The regulator's acceptance decision (art. 15–16), mediation and the
proposed outcome come with the next issue: add their states to STATUSES and their moves to
TRANSITIONS, nothing else changes. Confirming an outcome is already an action here, with no row in
the table yet, so it is refused with a clear reason.
"""

from __future__ import annotations

from dataclasses import dataclass

SUBMITTED = "SUBMITTED"
WITH_BUSINESS = "WITH_BUSINESS"
BUSINESS_PROPOSED = "BUSINESS_PROPOSED"
SETTLED = "SETTLED"
WITH_REGULATOR = "WITH_REGULATOR"
IN_MEDIATION = "IN_MEDIATION"
CLOSED = "CLOSED"
WITHDRAWN = "WITHDRAWN"
STATUSES = (SUBMITTED, WITH_BUSINESS, BUSINESS_PROPOSED, SETTLED, WITH_REGULATOR, IN_MEDIATION,
            CLOSED, WITHDRAWN)
INITIAL = SUBMITTED

# The report part's (举报) own states.
REPORT_RECEIVED = "RECEIVED"
REPORT_CASE_OPENED = "CASE_OPENED"
REPORT_NOT_OPENED = "NOT_OPENED"
REPORT_STATUSES = (REPORT_RECEIVED, REPORT_CASE_OPENED, REPORT_NOT_OPENED)

# Who acts.
CONSUMER = "consumer"
REGULATOR = "regulator"
BUSINESS = "business"
ADMIN = "admin"
SYSTEM = "system"

# What they do (the last part of the event's dotted action: complaints.complaint.<action>).
SUBMIT = "submit"
ADD_INFORMATION = "add_information"
ADD_EVIDENCE = "add_evidence"
WITHDRAW = "withdraw"
CONFIRM_OUTCOME = "confirm_outcome"
ACTIONS = (SUBMIT, ADD_INFORMATION, ADD_EVIDENCE, WITHDRAW, CONFIRM_OUTCOME)


@dataclass(frozen=True)
class Move:
    target: str
    actors: frozenset[str]
    needs_reason: bool = False
    basis: str = ""


_CONSUMER = frozenset({CONSUMER})

# (status, action) -> the move. A move whose target equals its status records an event only.
TRANSITIONS: dict[tuple[str, str], Move] = {
    (SUBMITTED, ADD_INFORMATION): Move(SUBMITTED, _CONSUMER, basis="暂行办法 art. 9"),
    (SUBMITTED, ADD_EVIDENCE): Move(SUBMITTED, _CONSUMER, basis="暂行办法 art. 9"),
    (SUBMITTED, WITHDRAW): Move(WITHDRAWN, _CONSUMER, needs_reason=True, basis="暂行办法 art. 28"),
}

# Why an action is refused in a status where the table has no row for it.
_NOT_YET = {
    CONFIRM_OUTCOME: ("no_outcome_proposed",
                      "there is no proposed outcome to confirm yet"),
}
_CLOSED = frozenset({WITHDRAWN})


@dataclass(frozen=True)
class Refusal:
    code: str
    detail: str


class TransitionRefused(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.detail)
        self.refusal = refusal


def check(status: str, action: str, actor: str, reason: str = "") -> Move:
    """The move for `action` by `actor` in `status`, or TransitionRefused saying why not."""
    move = TRANSITIONS.get((status, action))
    if move is None:
        raise TransitionRefused(_refusal_without_move(status, action))
    if actor not in move.actors:
        raise TransitionRefused(Refusal("actor_not_allowed", f"a {actor} may not {action} now"))
    if move.needs_reason and not reason.strip():
        raise TransitionRefused(Refusal("reason_required", f"{action} needs a reason"))
    return move


def _refusal_without_move(status: str, action: str) -> Refusal:
    if status not in STATUSES:
        return Refusal("unknown_status", f"unknown status {status}")
    if action not in ACTIONS:
        return Refusal("unknown_action", f"unknown action {action}")
    if status in _CLOSED:
        return Refusal("complaint_closed", f"the complaint is {status.lower()}")
    code, detail = _NOT_YET.get(action, ("not_allowed_now", f"{action} is not possible now"))
    return Refusal(code, detail)


def allowed_actions(status: str, actor: str) -> list[str]:
    """What `actor` may do in `status`, in table order (the case page shows these)."""
    return [action for (source, action), move in TRANSITIONS.items()
            if source == status and actor in move.actors]
