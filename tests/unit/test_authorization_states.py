"""Which state changes an authorization allows (expiry is not a state: it follows valid_to)."""

from __future__ import annotations

import itertools

import pytest

from service_net.rules.authorization_states import (
    ACTIVE,
    REVOKED,
    SUSPENDED,
    TRANSITIONS,
    TransitionRefused,
    next_state,
)

STATES = (ACTIVE, SUSPENDED, REVOKED)
ACTIONS = ("suspend", "revoke", "reinstate")
ALLOWED = {
    (ACTIVE, "suspend"): SUSPENDED,
    (ACTIVE, "revoke"): REVOKED,
    (SUSPENDED, "revoke"): REVOKED,
    (SUSPENDED, "reinstate"): ACTIVE,
    (REVOKED, "reinstate"): ACTIVE,
}
REFUSED = [pair for pair in itertools.product(STATES, ACTIONS) if pair not in ALLOWED]


@pytest.mark.parametrize(("current", "action"), list(ALLOWED), ids=[f"{s}-{a}" for s, a in ALLOWED])
def test_allowed_transition_leads_to_its_state(current, action):
    assert next_state(current, action) == ALLOWED[(current, action)]


@pytest.mark.parametrize(("current", "action"), REFUSED, ids=[f"{s}-{a}" for s, a in REFUSED])
def test_fault_refused_transition_says_why(current, action):
    with pytest.raises(
        TransitionRefused, match=f"cannot {action} an authorization that is {current.lower()}"
    ):
        next_state(current, action)


def test_refused_pairs_are_exactly_the_four_expected():
    assert set(REFUSED) == {
        (ACTIVE, "reinstate"),
        (SUSPENDED, "suspend"),
        (REVOKED, "suspend"),
        (REVOKED, "revoke"),
    }


@pytest.mark.parametrize("action", ["expire", "SUSPEND", "", "delete"])
def test_fault_unknown_action_is_refused(action):
    with pytest.raises(TransitionRefused, match=f"unknown action '{action}'"):
        next_state(ACTIVE, action)


@pytest.mark.parametrize("action", ACTIONS)
def test_fault_expiry_is_not_a_state_any_action_can_start_from(action):
    with pytest.raises(TransitionRefused):
        next_state("EXPIRED", action)


def test_transition_table_covers_exactly_the_tested_actions():
    assert set(TRANSITIONS) == set(ACTIONS)
    assert issubclass(TransitionRefused, ValueError)
