"""The complaint's transition table (暂行办法 2022, ODR): every allowed and every refused move.

The cases are generated from TRANSITIONS and REPORT_TRANSITIONS, so a row added to a table is
tested at once; the expectations that do not come from the table (refusal codes, routing, the
deliberate-delay boundary) are written out by hand.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from complaints.rules import workflow as wf
from complaints.rules.workflow import TransitionRefused, allowed_actions, check, check_report

ALL_ACTORS = (*wf.ACTORS, wf.ADMIN)


def _case_id(status: str, action: str, actor: str, basis: str = "") -> str:
    return f"{status}-{action}-{actor}" + (f"-{basis}" if basis else "")


ALLOWED = [pytest.param(status, action, actor, move,
                        id=_case_id(status, action, actor, move.basis.replace(" ", "")))
           for (status, action), move in wf.TRANSITIONS.items() for actor in sorted(move.actors)]
WRONG_ACTOR = [pytest.param(status, action, actor, id=_case_id(status, action, actor))
               for (status, action), move in wf.TRANSITIONS.items()
               for actor in ALL_ACTORS if actor not in move.actors]
NO_ROW = [pytest.param(status, action, id=f"{status}-{action}")
          for status in wf.STATUSES for action in wf.ACTIONS
          if (status, action) not in wf.TRANSITIONS]


@pytest.mark.parametrize("status,action,actor,move", ALLOWED)
def test_every_move_of_the_table_is_allowed_to_its_actors(status, action, actor, move):
    assert check(status, action, actor, reason="a reason") is move
    assert action in allowed_actions(status, actor)


@pytest.mark.parametrize("status,action,actor,move", [
    p for p in ALLOWED if p.values[3].needs_reason])
def test_every_move_that_needs_a_reason_is_refused_without_one(status, action, actor, move):
    with pytest.raises(TransitionRefused) as refused:
        check(status, action, actor, reason="  ")
    assert refused.value.refusal.code == "reason_required"


@pytest.mark.parametrize("status,action,actor", WRONG_ACTOR)
def test_every_move_is_refused_to_everyone_else(status, action, actor):
    with pytest.raises(TransitionRefused) as refused:
        check(status, action, actor, reason="a reason")
    assert refused.value.refusal.code == "actor_not_allowed"
    assert action not in allowed_actions(status, actor)


def _expected_code(status: str, action: str) -> str:
    if status == wf.WITHDRAWN:
        return "complaint_closed"
    after_the_end = {wf.NOTIFY_TERMINATION, wf.MARK_PERFORMED, wf.FLAG_DELAY}
    if status in (wf.SETTLED, wf.CLOSED) and action not in after_the_end:
        return "complaint_closed"
    return wf._NOT_NOW[action][0]


@pytest.mark.parametrize("status,action", NO_ROW)
def test_every_action_without_a_row_is_refused_with_its_reason(status, action):
    for actor in ALL_ACTORS:
        with pytest.raises(TransitionRefused) as refused:
            check(status, action, actor, reason="a reason")
        assert refused.value.refusal.code == _expected_code(status, action), actor


def test_every_action_has_a_refusal_reason_and_filing_happens_once():
    assert set(wf._NOT_NOW) == set(wf.ACTIONS)
    assert wf._NOT_NOW[wf.SUBMIT][0] == "already_submitted"


def test_every_open_state_takes_information_evidence_and_withdrawal_and_no_end_state_does():
    for status in wf.STATUSES:
        consumer = set(allowed_actions(status, wf.CONSUMER))
        adds = {wf.ADD_INFORMATION, wf.ADD_EVIDENCE, wf.WITHDRAW}
        assert (adds <= consumer) == (status in wf.OPEN_STATUSES), status
        assert not adds & consumer or status in wf.OPEN_STATUSES


def test_withdrawal_from_any_open_state_ends_in_withdrawn_art22():
    for status in wf.OPEN_STATUSES:
        assert check(status, wf.WITHDRAW, wf.CONSUMER, reason="协商解决").target == wf.WITHDRAWN


def test_a_withdrawn_complaint_is_closed_to_every_action():
    assert all(allowed_actions(wf.WITHDRAWN, actor) == [] for actor in ALL_ACTORS)


def test_a_settled_or_closed_case_only_takes_performance_delay_and_closure_notice():
    assert allowed_actions(wf.SETTLED, wf.BUSINESS) == [wf.MARK_PERFORMED]
    assert allowed_actions(wf.SETTLED, wf.SYSTEM) == [wf.FLAG_DELAY]
    assert allowed_actions(wf.CLOSED, wf.REGULATOR) == [wf.NOTIFY_TERMINATION]
    assert allowed_actions(wf.CLOSED, wf.CONSUMER) == []


def test_the_consumer_on_the_business_answer_may_accept_decline_escalate_add_or_withdraw():
    assert allowed_actions(wf.BUSINESS_PROPOSED, wf.CONSUMER) == [
        wf.CONFIRM_OUTCOME, wf.DECLINE_OUTCOME, wf.ESCALATE, wf.ADD_INFORMATION,
        wf.ADD_EVIDENCE, wf.WITHDRAW]


def test_every_target_is_a_known_state_and_every_state_is_reachable_from_submitted():
    targets = {move.target for move in wf.TRANSITIONS.values()}
    assert targets <= set(wf.STATUSES)
    reached, frontier = {wf.SUBMITTED}, [wf.SUBMITTED]
    while frontier:
        status = frontier.pop()
        for (source, _action), move in wf.TRANSITIONS.items():
            if source == status and move.target not in reached:
                reached.add(move.target)
                frontier.append(move.target)
    assert reached == set(wf.STATUSES)


def test_every_status_is_upper_snake_and_a_new_complaint_starts_submitted():
    assert wf.INITIAL == wf.SUBMITTED
    assert all(s.isupper() and " " not in s for s in wf.STATUSES)
    assert wf.OPEN_STATUSES | wf.TERMINAL_STATUSES == set(wf.STATUSES)
    assert not wf.OPEN_STATUSES & wf.TERMINAL_STATUSES


@pytest.mark.parametrize("status,action,code", [
    pytest.param("LOST", wf.WITHDRAW, "unknown_status", id="unknown-status"),
    pytest.param(wf.SUBMITTED, "delete", "unknown_action", id="unknown-action"),
])
def test_unknown_states_and_actions_are_refused(status, action, code):
    with pytest.raises(TransitionRefused) as refused:
        check(status, action, wf.CONSUMER, reason="x")
    assert refused.value.refusal.code == code


def test_a_second_regulator_accepting_an_accepted_complaint_is_told_it_is_decided():
    with pytest.raises(TransitionRefused) as refused:
        check(wf.IN_MEDIATION, wf.ACCEPT, wf.REGULATOR)
    assert refused.value.refusal.code == "not_awaiting_acceptance"


# --- the report part (举报) ---

REPORT_ALLOWED = [pytest.param(status, action, actor, move, id=_case_id(status, action, actor))
                  for (status, action), move in wf.REPORT_TRANSITIONS.items()
                  for actor in sorted(move.actors)]
REPORT_NO_ROW = [pytest.param(status, action, id=f"{status}-{action}")
                 for status in wf.REPORT_STATUSES for action in wf.REPORT_ACTIONS
                 if (status, action) not in wf.REPORT_TRANSITIONS]


@pytest.mark.parametrize("status,action,actor,move", REPORT_ALLOWED)
def test_every_report_move_is_allowed_to_its_actors_and_refused_to_others(
        status, action, actor, move):
    assert check_report(status, action, actor, reason="核查完毕") is move
    for other in set(ALL_ACTORS) - move.actors:
        with pytest.raises(TransitionRefused) as refused:
            check_report(status, action, other, reason="x")
        assert refused.value.refusal.code == "actor_not_allowed"


@pytest.mark.parametrize("status,action", REPORT_NO_ROW)
def test_every_report_action_without_a_row_is_refused(status, action):
    expected = "report_not_decided" if action == wf.REPORTER_NOTIFIED else "report_decided"
    with pytest.raises(TransitionRefused) as refused:
        check_report(status, action, wf.REGULATOR, reason="x")
    assert refused.value.refusal.code == expected


def test_a_report_decision_and_an_extension_need_a_reason_art31():
    for action in (wf.EXTEND, wf.DECIDE_OPEN, wf.DECIDE_NOT_OPEN):
        with pytest.raises(TransitionRefused) as refused:
            check_report(wf.REPORT_RECEIVED, action, wf.REGULATOR)
        assert refused.value.refusal.code == "reason_required"


# --- reasons ---


def test_refusal_reasons_are_the_grounds_of_art15_each_with_label_and_basis():
    assert set(wf.REFUSAL_REASONS) == {"outside_duties", "outside_area", "already_handled",
                                       "not_household_consumption", "time_barred",
                                       "content_missing"}
    assert all(label and basis.startswith("暂行办法 art. 15")
               for label, basis in wf.REFUSAL_REASONS.values())


def test_mediation_end_reasons_are_those_of_art22():
    assert set(wf.MEDIATION_END_REASONS) == {"party_refused", "party_absent", "time_limit",
                                             "withdrawn"}
    assert all(basis.startswith("暂行办法 art. 22")
               for _label, basis in wf.MEDIATION_END_REASONS.values())
    assert wf.reason_code_refusal("time_limit", wf.MEDIATION_END_REASONS) is None
    assert wf.reason_code_refusal("bored", wf.MEDIATION_END_REASONS).code == "unknown_reason"


# --- routing at filing ---


@pytest.mark.parametrize("has,enrolled,skip,expected", [
    pytest.param(True, True, False, wf.Route(wf.ROUTE_TO_BUSINESS, ""), id="odr-enrolled"),
    pytest.param(True, True, True, wf.Route(wf.ROUTE_TO_REGULATOR, "skipped"),
                 id="consumer-skips-the-business"),
    pytest.param(True, False, False, wf.Route(wf.ROUTE_TO_REGULATOR, "not_enrolled"),
                 id="business-not-enrolled"),
    pytest.param(True, False, True, wf.Route(wf.ROUTE_TO_REGULATOR, "not_enrolled"),
                 id="not-enrolled-and-skipped"),
    pytest.param(False, False, False, wf.Route(wf.ROUTE_TO_REGULATOR, "not_enrolled"),
                 id="no-answering-business"),
])
def test_a_new_complaint_goes_to_an_enrolled_business_unless_skipped(has, enrolled, skip,
                                                                      expected):
    assert wf.route(has_business=has, business_enrolled=enrolled, skip_business=skip) == expected


# --- deliberate delay (处罚办法 art. 9: more than 15 days) ---


@pytest.mark.parametrize("today,flagged", [
    pytest.param(date(2026, 3, 16), False, id="day-15-after-due-still-in-time"),
    pytest.param(date(2026, 3, 17), True, id="day-16-after-due-is-delay"),
])
def test_deliberate_delay_starts_the_16th_day_after_the_due_date(today, flagged):
    assert wf.is_deliberate_delay(status=wf.SETTLED, outcome="odr_settled",
                                  performance_due_date=date(2026, 3, 1), performed=False,
                                  today=today) is flagged


@pytest.mark.parametrize("days_after_due", range(0, 20))
def test_the_sweeps_line_and_the_rows_check_agree_on_every_day(days_after_due):
    due = date(2026, 12, 25)  # across the year's end
    today = due + timedelta(days=days_after_due)
    assert (due <= wf.delayed_if_due_by(today)) is (today >= wf.deliberate_delay_from(due)) \
        is (days_after_due >= 16)


@pytest.mark.parametrize("status,held_by", [
    (wf.WITH_BUSINESS, wf.BUSINESS), (wf.BUSINESS_PROPOSED, wf.BUSINESS),
    (wf.WITH_REGULATOR, wf.REGULATOR), (wf.IN_MEDIATION, wf.REGULATOR),
    (wf.SUBMITTED, ""), (wf.SETTLED, ""), (wf.WITHDRAWN, ""),
])
def test_a_withdrawal_is_told_to_whoever_held_the_complaint(status, held_by):
    assert wf.holder(status) == held_by


def test_the_business_never_sees_the_report_parts_steps_but_the_consumer_does():
    assert set(wf.REPORT_ACTIONS) <= wf.BUSINESS_HIDDEN_ACTIONS
    assert not set(wf.REPORT_ACTIONS) & wf.PARTY_HIDDEN_ACTIONS
    assert wf.PARTY_HIDDEN_ACTIONS <= wf.BUSINESS_HIDDEN_ACTIONS


@pytest.mark.parametrize("status,outcome,due,performed", [
    pytest.param(wf.SETTLED, "odr_settled", date(2026, 1, 1), True, id="performed"),
    pytest.param(wf.CLOSED, "refused", date(2026, 1, 1), False, id="nothing-agreed"),
    pytest.param(wf.CLOSED, "agreement", None, False, id="no-due-date"),
])
def test_no_delay_without_something_agreed_due_and_not_done(status, outcome, due, performed):
    assert not wf.is_deliberate_delay(status=status, outcome=outcome, performance_due_date=due,
                                      performed=performed, today=date(2026, 6, 1))


def test_pausing_a_paused_clock_or_resuming_a_running_one_is_refused_art23():
    assert wf.clock_refusal(wf.PAUSE_CLOCK, paused=True).code == "clock_already_paused"
    assert wf.clock_refusal(wf.RESUME_CLOCK, paused=False).code == "clock_not_paused"
    assert wf.clock_refusal(wf.PAUSE_CLOCK, paused=False) is None
    assert wf.clock_refusal(wf.RESUME_CLOCK, paused=True) is None
