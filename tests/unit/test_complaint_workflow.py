"""The complaint's transition table (暂行办法 2022): what the consumer may do in each state."""

from __future__ import annotations

import pytest

from complaints.rules import workflow
from complaints.rules.workflow import (
    ADD_EVIDENCE,
    ADD_INFORMATION,
    CONFIRM_OUTCOME,
    CONSUMER,
    REGULATOR,
    SUBMITTED,
    WITHDRAW,
    WITHDRAWN,
    TransitionRefused,
    allowed_actions,
    check,
)


@pytest.mark.parametrize("action,target", [
    pytest.param(ADD_INFORMATION, SUBMITTED, id="art9-complete-the-content-stays-submitted"),
    pytest.param(ADD_EVIDENCE, SUBMITTED, id="art9-add-evidence-stays-submitted"),
    pytest.param(WITHDRAW, WITHDRAWN, id="art28-withdrawal-ends-it"),
])
def test_consumer_moves_from_submitted(action, target):
    assert check(SUBMITTED, action, CONSUMER, reason="settled").target == target


def test_a_new_complaint_starts_submitted_and_every_status_is_upper_snake():
    assert workflow.INITIAL == SUBMITTED
    assert all(s.isupper() and " " not in s for s in workflow.STATUSES)


def test_withdrawing_needs_a_reason():
    with pytest.raises(TransitionRefused) as refused:
        check(SUBMITTED, WITHDRAW, CONSUMER, reason="   ")
    assert refused.value.refusal.code == "reason_required"


@pytest.mark.parametrize("action", [ADD_INFORMATION, ADD_EVIDENCE, WITHDRAW, CONFIRM_OUTCOME])
def test_a_withdrawn_complaint_is_closed_to_every_action(action):
    with pytest.raises(TransitionRefused) as refused:
        check(WITHDRAWN, action, CONSUMER, reason="again")
    assert refused.value.refusal.code == "complaint_closed"


def test_confirming_an_outcome_before_one_was_proposed_is_refused_clearly():
    with pytest.raises(TransitionRefused) as refused:
        check(SUBMITTED, CONFIRM_OUTCOME, CONSUMER)
    assert refused.value.refusal.code == "no_outcome_proposed"
    assert "no proposed outcome" in str(refused.value)


def test_only_the_consumer_withdraws_their_complaint():
    with pytest.raises(TransitionRefused) as refused:
        check(SUBMITTED, WITHDRAW, REGULATOR, reason="tidy up")
    assert refused.value.refusal.code == "actor_not_allowed"


@pytest.mark.parametrize("status,action,code", [
    pytest.param("LOST", WITHDRAW, "unknown_status", id="unknown-status"),
    pytest.param(SUBMITTED, "delete", "unknown_action", id="unknown-action"),
])
def test_unknown_states_and_actions_are_refused(status, action, code):
    with pytest.raises(TransitionRefused) as refused:
        check(status, action, CONSUMER, reason="x")
    assert refused.value.refusal.code == code


def test_allowed_actions_list_what_the_case_page_offers():
    assert allowed_actions(SUBMITTED, CONSUMER) == [ADD_INFORMATION, ADD_EVIDENCE, WITHDRAW]
    assert allowed_actions(WITHDRAWN, CONSUMER) == []
    assert allowed_actions(SUBMITTED, REGULATOR) == []


def test_the_next_issue_extends_the_table_with_one_entry(monkeypatch):
    proposed = "OUTCOME_PROPOSED"
    monkeypatch.setattr(workflow, "STATUSES", (*workflow.STATUSES, proposed))
    monkeypatch.setitem(workflow.TRANSITIONS, (proposed, CONFIRM_OUTCOME),
                        workflow.Move("RESOLVED", frozenset({CONSUMER})))
    assert check(proposed, CONFIRM_OUTCOME, CONSUMER).target == "RESOLVED"
    assert CONFIRM_OUTCOME in allowed_actions(proposed, CONSUMER)


def test_every_table_target_is_a_known_status_and_every_source_too():
    for (source, action), move in workflow.TRANSITIONS.items():
        assert source in workflow.STATUSES and move.target in workflow.STATUSES
        assert action in workflow.ACTIONS
