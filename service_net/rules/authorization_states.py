"""Which state changes an authorization allows. Expiry is not a state: it follows valid_to."""

from __future__ import annotations

ACTIVE, SUSPENDED, REVOKED = "ACTIVE", "SUSPENDED", "REVOKED"

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "suspend": (frozenset({ACTIVE}), SUSPENDED),
    "revoke": (frozenset({ACTIVE, SUSPENDED}), REVOKED),
    "reinstate": (frozenset({SUSPENDED, REVOKED}), ACTIVE),
}


class TransitionRefused(ValueError):
    pass


def next_state(current: str, action: str) -> str:
    """The state after `action`, or TransitionRefused saying why not."""
    if action not in TRANSITIONS:
        raise TransitionRefused(f"unknown action '{action}'")
    sources, target = TRANSITIONS[action]
    if current not in sources:
        raise TransitionRefused(f"cannot {action} an authorization that is {current.lower()}")
    return target
