"""The complaint's states and who may move it from one to the next (one transition table).

Only the services in complaints/services/workflow/ write `status`: each locks the row, asks this
table (`check`), writes an event and sets the next deadline. Status values are stable
UPPER_SNAKE strings that other systems read; their labels are translated elsewhere.

Legal basis: 《市场监督管理投诉举报处理暂行办法》(2019, amended 2022; "暂行办法") — content
(art. 9), refusal grounds (art. 15), acceptance within 7 working days (art. 16), mediation and its
end (art. 17–24: 45 working days, testing time not counted, termination notified within 7 working
days), reports (art. 31–32); online dispute resolution (ODR, 在线消费纠纷解决: the enrolled business
settles within 10 working days) [B]; deliberate delay (《侵害消费者权益行为处罚办法》art. 9) [A].
Article numbers are those of the 2019 text as summarised in domain.md §4.

Pure Python: no Django, no clock. The English labels are marked with `gettext_noop` (a local
no-op that Django's makemessages still extracts) and translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


def gettext_noop(text: str) -> str:
    """Marks a msgid for extraction; the caller translates it when showing it."""
    return text


# --- states ---
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
OPEN_STATUSES = frozenset({SUBMITTED, WITH_BUSINESS, BUSINESS_PROPOSED, WITH_REGULATOR,
                           IN_MEDIATION})
TERMINAL_STATUSES = frozenset({SETTLED, CLOSED, WITHDRAWN})
WITH_THE_BUSINESS = frozenset({WITH_BUSINESS, BUSINESS_PROPOSED})

# The report part's (举报) own states.
REPORT_RECEIVED = "RECEIVED"
REPORT_CASE_OPENED = "CASE_OPENED"
REPORT_NOT_OPENED = "NOT_OPENED"
REPORT_STATUSES = (REPORT_RECEIVED, REPORT_CASE_OPENED, REPORT_NOT_OPENED)

# --- who acts ---
CONSUMER = "consumer"
BUSINESS = "business"
REGULATOR = "regulator"
SYSTEM = "system"
ADMIN = "admin"  # may appear in old events; acts through the regulator's moves
ACTORS = (CONSUMER, BUSINESS, REGULATOR, SYSTEM)

# --- what they do: the last part of the event's dotted action complaints.complaint.<action> ---
SUBMIT = "submit"  # the filing event ("" → SUBMITTED), written by complaint_file
ROUTE_TO_BUSINESS = "route_to_business"
ROUTE_TO_REGULATOR = "route_to_regulator"
ADD_INFORMATION = "add_information"
ADD_EVIDENCE = "add_evidence"
WITHDRAW = "withdraw"
BUSINESS_PROPOSE = "business_propose"  # kind accept | offer
BUSINESS_REJECT = "business_reject"
CONFIRM_OUTCOME = "confirm_outcome"
DECLINE_OUTCOME = "decline_outcome"
ESCALATE = "escalate"
ACCEPT = "accept"
REFUSE = "refuse"
ASSIGN = "assign"
PAUSE_CLOCK = "pause_clock"
RESUME_CLOCK = "resume_clock"
RECORD_AGREEMENT = "record_agreement"
END_MEDIATION = "end_mediation"
NOTIFY_TERMINATION = "notify_termination"
MARK_PERFORMED = "mark_performed"
FLAG_DELAY = "flag_delay"
ACTIONS = (SUBMIT, ROUTE_TO_BUSINESS, ROUTE_TO_REGULATOR, ADD_INFORMATION, ADD_EVIDENCE, WITHDRAW,
           BUSINESS_PROPOSE, BUSINESS_REJECT, CONFIRM_OUTCOME, DECLINE_OUTCOME, ESCALATE, ACCEPT,
           REFUSE, ASSIGN, PAUSE_CLOCK, RESUME_CLOCK, RECORD_AGREEMENT, END_MEDIATION,
           NOTIFY_TERMINATION, MARK_PERFORMED, FLAG_DELAY)
# Internal to the regulator: not in the history the consumer and the business see.
PARTY_HIDDEN_ACTIONS = frozenset({ASSIGN, FLAG_DELAY})


@dataclass(frozen=True)
class Move:
    target: str
    actors: frozenset[str]
    needs_reason: bool = False
    basis: str = ""


_C, _B, _R, _S = (frozenset({a}) for a in (CONSUMER, BUSINESS, REGULATOR, SYSTEM))
_RS = _R | _S
ODR = "ODR (在线消费纠纷解决) [B]"


def _consumer_adds(status: str) -> dict[tuple[str, str], Move]:
    return {(status, ADD_INFORMATION): Move(status, _C, basis="暂行办法 art. 9"),
            (status, ADD_EVIDENCE): Move(status, _C, basis="暂行办法 art. 9"),
            (status, WITHDRAW): Move(WITHDRAWN, _C, needs_reason=True,
                                     basis="暂行办法 art. 22(1)")}


# (status, action) -> the move. A move whose target equals its status records an event only.
TRANSITIONS: dict[tuple[str, str], Move] = {
    # Filing routes at once (same transaction): to an ODR-enrolled business, else the regulator.
    (SUBMITTED, ROUTE_TO_BUSINESS): Move(WITH_BUSINESS, _S, basis=ODR),
    (SUBMITTED, ROUTE_TO_REGULATOR): Move(WITH_REGULATOR, _S, basis="暂行办法 art. 10"),
    **_consumer_adds(SUBMITTED),
    # With the business: 10 working days to settle (ODR).
    (WITH_BUSINESS, BUSINESS_PROPOSE): Move(BUSINESS_PROPOSED, _B, basis=ODR),
    (WITH_BUSINESS, BUSINESS_REJECT): Move(WITH_REGULATOR, _B, needs_reason=True, basis=ODR),
    (WITH_BUSINESS, ESCALATE): Move(WITH_REGULATOR, _C | _S, basis=ODR),
    **_consumer_adds(WITH_BUSINESS),
    (BUSINESS_PROPOSED, CONFIRM_OUTCOME): Move(SETTLED, _C, basis=ODR),
    (BUSINESS_PROPOSED, DECLINE_OUTCOME): Move(WITH_REGULATOR, _C, needs_reason=True, basis=ODR),
    (BUSINESS_PROPOSED, ESCALATE): Move(WITH_REGULATOR, _C | _S, basis=ODR),
    **_consumer_adds(BUSINESS_PROPOSED),
    # With the regulator: accept or refuse within 7 working days of receipt.
    (WITH_REGULATOR, ACCEPT): Move(IN_MEDIATION, _R, basis="暂行办法 art. 16"),
    (WITH_REGULATOR, REFUSE): Move(CLOSED, _R, needs_reason=True, basis="暂行办法 art. 15–16"),
    (WITH_REGULATOR, ASSIGN): Move(WITH_REGULATOR, _R),
    **_consumer_adds(WITH_REGULATOR),
    # Mediation: 45 working days from acceptance; testing and appraisal time not counted.
    (IN_MEDIATION, ASSIGN): Move(IN_MEDIATION, _R),
    (IN_MEDIATION, PAUSE_CLOCK): Move(IN_MEDIATION, _R, needs_reason=True,
                                      basis="暂行办法 art. 23"),
    (IN_MEDIATION, RESUME_CLOCK): Move(IN_MEDIATION, _R, basis="暂行办法 art. 23"),
    (IN_MEDIATION, RECORD_AGREEMENT): Move(CLOSED, _R, needs_reason=True,
                                           basis="暂行办法 art. 24"),
    (IN_MEDIATION, END_MEDIATION): Move(CLOSED, _RS, needs_reason=True, basis="暂行办法 art. 22"),
    **_consumer_adds(IN_MEDIATION),
    # After the end: the termination notice, performance of what was agreed, deliberate delay.
    (CLOSED, NOTIFY_TERMINATION): Move(CLOSED, _RS, basis="暂行办法 art. 22"),
    (SETTLED, MARK_PERFORMED): Move(SETTLED, _B),
    (CLOSED, MARK_PERFORMED): Move(CLOSED, _B),
    (SETTLED, FLAG_DELAY): Move(SETTLED, _S, basis="侵害消费者权益行为处罚办法 art. 9"),
    (CLOSED, FLAG_DELAY): Move(CLOSED, _S, basis="侵害消费者权益行为处罚办法 art. 9"),
}

# Why an action is refused in a status where the table has no row for it (by action).
_NOT_NOW: dict[str, tuple[str, str]] = {
    SUBMIT: ("already_submitted", "the complaint has already been filed"),
    ADD_INFORMATION: ("complaint_closed", "the complaint has ended"),
    ADD_EVIDENCE: ("complaint_closed", "the complaint has ended"),
    WITHDRAW: ("complaint_closed", "the complaint has ended"),
    ROUTE_TO_BUSINESS: ("already_routed", "the complaint has already been routed"),
    ROUTE_TO_REGULATOR: ("already_routed", "the complaint has already been routed"),
    BUSINESS_PROPOSE: ("not_with_business", "the complaint is not awaiting the business's answer"),
    BUSINESS_REJECT: ("not_with_business", "the complaint is not awaiting the business's answer"),
    CONFIRM_OUTCOME: ("no_outcome_proposed", "there is no proposed outcome to confirm"),
    DECLINE_OUTCOME: ("no_outcome_proposed", "there is no proposed outcome to decline"),
    ESCALATE: ("not_with_business", "only a complaint still with the business can be escalated"),
    ACCEPT: ("not_awaiting_acceptance", "the complaint is not awaiting the regulator's decision"),
    REFUSE: ("not_awaiting_acceptance", "the complaint is not awaiting the regulator's decision"),
    ASSIGN: ("not_with_regulator", "the complaint is not with the regulator"),
    PAUSE_CLOCK: ("not_in_mediation", "the complaint is not in mediation"),
    RESUME_CLOCK: ("not_in_mediation", "the complaint is not in mediation"),
    RECORD_AGREEMENT: ("not_in_mediation", "the complaint is not in mediation"),
    END_MEDIATION: ("not_in_mediation", "the complaint is not in mediation"),
    NOTIFY_TERMINATION: ("not_closed", "the complaint has not been closed"),
    MARK_PERFORMED: ("nothing_to_perform", "nothing has been agreed to perform"),
    FLAG_DELAY: ("nothing_to_perform", "nothing has been agreed to perform"),
}

# --- the report part (举报): its own clock ---
EXTEND = "extend"
DECIDE_OPEN = "open_case"
DECIDE_NOT_OPEN = "not_open_case"
REPORTER_NOTIFIED = "reporter_notified"
REPORT_ACTIONS = (EXTEND, DECIDE_OPEN, DECIDE_NOT_OPEN, REPORTER_NOTIFIED)
_REPORT_BASIS = "暂行办法 art. 31; 市场监督管理行政处罚程序规定 art. 18"
REPORT_TRANSITIONS: dict[tuple[str, str], Move] = {
    (REPORT_RECEIVED, EXTEND): Move(REPORT_RECEIVED, _R, needs_reason=True, basis=_REPORT_BASIS),
    (REPORT_RECEIVED, DECIDE_OPEN): Move(REPORT_CASE_OPENED, _R, needs_reason=True,
                                         basis=_REPORT_BASIS),
    (REPORT_RECEIVED, DECIDE_NOT_OPEN): Move(REPORT_NOT_OPENED, _R, needs_reason=True,
                                             basis=_REPORT_BASIS),
    (REPORT_CASE_OPENED, REPORTER_NOTIFIED): Move(REPORT_CASE_OPENED, _RS,
                                                  basis="暂行办法 art. 32"),
    (REPORT_NOT_OPENED, REPORTER_NOTIFIED): Move(REPORT_NOT_OPENED, _RS,
                                                 basis="暂行办法 art. 32"),
}
_REPORT_NOT_NOW = {
    EXTEND: ("report_decided", "the report has already been decided"),
    DECIDE_OPEN: ("report_decided", "the report has already been decided"),
    DECIDE_NOT_OPEN: ("report_decided", "the report has already been decided"),
    REPORTER_NOTIFIED: ("report_not_decided", "the report has not been decided yet"),
}

# The reporter's identity stays confidential (暂行办法 art. 31; domain.md §4): the business, the
# reported party, must not learn from the history that its complaint also carries a report.
BUSINESS_HIDDEN_ACTIONS = PARTY_HIDDEN_ACTIONS | frozenset(REPORT_ACTIONS)

# --- reasons: code → (English label, legal basis) ---
REFUSAL_REASONS: dict[str, tuple[str, str]] = {
    "outside_duties": (gettext_noop("Outside the market regulator's duties or area of authority"),
                       "暂行办法 art. 15(1)"),
    "outside_area": (gettext_noop("The respondent is outside this regulator's area"),
                     "暂行办法 art. 15(1)"),
    "already_handled": (gettext_noop(
        "Already accepted or handled by a court, arbitration, another authority, a consumer "
        "association or a mediator"), "暂行办法 art. 15(2)"),
    "not_household_consumption": (gettext_noop(
        "Not a purchase for household consumption, or no consumer dispute with the respondent "
        "shown"), "暂行办法 art. 15(3)"),
    "time_barred": (gettext_noop(
        "More than 3 years since the consumer knew or should have known of the harm"),
        "暂行办法 art. 15(4)"),
    "content_missing": (gettext_noop("Required content or materials missing"),
                        "暂行办法 art. 15(5), art. 9"),
}
MEDIATION_END_REASONS: dict[str, tuple[str, str]] = {
    "party_refused": (gettext_noop("A party refused mediation or said no agreement is possible"),
                      "暂行办法 art. 22(3)–(4)"),
    "party_absent": (gettext_noop("A party did not attend without good reason"),
                     "暂行办法 art. 22(3)"),
    "time_limit": (gettext_noop("No agreement within 45 working days of acceptance"),
                   "暂行办法 art. 22(5)"),
    "withdrawn": (gettext_noop("The consumer withdrew or the parties settled themselves"),
                  "暂行办法 art. 22(1)"),
}
BUSINESS_RESPONSE_KINDS = ("accept", "offer", "reject")


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
    _known(status, STATUSES, action, ACTIONS)
    move = TRANSITIONS.get((status, action))
    if move is None:
        raise TransitionRefused(_refusal_without_move(status, action))
    return _checked_move(move, action, actor, reason)


def check_report(status: str, action: str, actor: str, reason: str = "") -> Move:
    """The same for the report part's table (REPORT_TRANSITIONS)."""
    _known(status, REPORT_STATUSES, action, REPORT_ACTIONS)
    move = REPORT_TRANSITIONS.get((status, action))
    if move is None:
        raise TransitionRefused(Refusal(*_REPORT_NOT_NOW[action]))
    return _checked_move(move, action, actor, reason)


def _known(status: str, statuses: tuple[str, ...], action: str, actions: tuple[str, ...]) -> None:
    if status not in statuses:
        raise TransitionRefused(Refusal("unknown_status", f"unknown status {status}"))
    if action not in actions:
        raise TransitionRefused(Refusal("unknown_action", f"unknown action {action}"))


def _checked_move(move: Move, action: str, actor: str, reason: str) -> Move:
    if actor not in move.actors:
        raise TransitionRefused(Refusal("actor_not_allowed", f"a {actor} may not {action} now"))
    if move.needs_reason and not (reason or "").strip():
        raise TransitionRefused(Refusal("reason_required", f"{action} needs a reason"))
    return move


def _refusal_without_move(status: str, action: str) -> Refusal:
    if status == WITHDRAWN or (status in TERMINAL_STATUSES and action not in _AFTER_THE_END):
        return Refusal("complaint_closed", f"the complaint is {status.lower()}")
    return Refusal(*_NOT_NOW.get(action, ("not_allowed_now", f"{action} is not possible now")))


# Actions that still make sense once a case has ended (performance, delay, closure notice).
_AFTER_THE_END = frozenset({NOTIFY_TERMINATION, MARK_PERFORMED, FLAG_DELAY})


def allowed_actions(status: str, actor: str) -> list[str]:
    """What `actor` may do in `status`, in table order (the case page shows these)."""
    return [action for (source, action), move in TRANSITIONS.items()
            if source == status and actor in move.actors]


# --- guards beyond the table: pure decisions the services apply after `check` ---


@dataclass(frozen=True)
class Route:
    action: str  # ROUTE_TO_BUSINESS or ROUTE_TO_REGULATOR
    odr_outcome: str  # "" (ODR runs), "skipped" or "not_enrolled"


def route(*, has_business: bool, business_enrolled: bool, skip_business: bool) -> Route:
    """Where a new complaint goes: an ODR-enrolled answering business first, unless the
    consumer chose to go straight to the regulator; else the regulator at once."""
    if has_business and business_enrolled:
        if skip_business:
            return Route(ROUTE_TO_REGULATOR, "skipped")
        return Route(ROUTE_TO_BUSINESS, "")
    return Route(ROUTE_TO_REGULATOR, "not_enrolled")


def holder(status: str) -> str:
    """Who holds a complaint in `status` and must be told when it ends early: BUSINESS while the
    business has it (ODR), REGULATOR while the regulator has it, "" otherwise."""
    if status in WITH_THE_BUSINESS:
        return BUSINESS
    if status in (WITH_REGULATOR, IN_MEDIATION):
        return REGULATOR
    return ""


def reason_code_refusal(code: str, reasons: dict[str, tuple[str, str]]) -> Refusal | None:
    """None when `code` is one of `reasons` (REFUSAL_REASONS, MEDIATION_END_REASONS)."""
    if code in reasons:
        return None
    return Refusal("unknown_reason", f"unknown reason code {code!r}")


# 处罚办法 art. 9: "more than 15 days" after it was due — the period's last day is due + 15
# (民法典 art. 201), so the delay starts the day after: the 16th day. The service (one row) and the
# sweep (one query) both use the two functions below, so they cannot disagree on the boundary.
DELIBERATE_DELAY_DAYS = 15
PERFORMABLE_OUTCOMES = ((SETTLED, "odr_settled"), (CLOSED, "agreement"))


def outcome_performable(status: str, outcome: str) -> bool:
    """Something agreed remains to be performed: an ODR settlement or a mediation agreement."""
    return (status, outcome) in PERFORMABLE_OUTCOMES


def deliberate_delay_from(performance_due_date: date) -> date:
    """The first day a performance not yet done counts as deliberate delay (拖延)."""
    return performance_due_date + timedelta(days=DELIBERATE_DELAY_DAYS + 1)


def delayed_if_due_by(today: date) -> date:
    """The latest performance due date that is deliberate delay on `today` (the sweep's line):
    performance_due_date <= this  ⇔  today >= deliberate_delay_from(performance_due_date)."""
    return today - timedelta(days=DELIBERATE_DELAY_DAYS + 1)


def is_deliberate_delay(*, status: str, outcome: str, performance_due_date: date | None,
                        performed: bool, today: date) -> bool:
    return (outcome_performable(status, outcome) and performance_due_date is not None
            and not performed and performance_due_date <= delayed_if_due_by(today))


def clock_refusal(action: str, *, paused: bool) -> Refusal | None:
    """Pausing a paused clock or resuming a running one is refused (暂行办法 art. 23)."""
    if action == PAUSE_CLOCK and paused:
        return Refusal("clock_already_paused", "the mediation clock is already paused")
    if action == RESUME_CLOCK and not paused:
        return Refusal("clock_not_paused", "the mediation clock is not paused")
    return None
