"""How long a staff session lives: an absolute lifetime from login and an idle timeout that each
request pushes back (times are Unix seconds, as the session stores them)."""

from __future__ import annotations

from dataclasses import dataclass

# The idle clock is written back at most this often, so a busy page does not save the session on
# every request; the idle timeout is therefore exact to within this many seconds.
TOUCH_EVERY_SECONDS = 60


@dataclass(frozen=True)
class StaffSessionPolicy:
    max_age: int  # seconds from login, whatever the activity
    idle: int  # seconds without a request


def staff_session_expired(*, started: float, last_seen: float, now: float,
                          policy: StaffSessionPolicy) -> bool:
    return now - started >= policy.max_age or now - last_seen >= policy.idle


def staff_session_touch_due(*, last_seen: float, now: float) -> bool:
    return now - last_seen >= TOUCH_EVERY_SECONDS


def staff_session_remaining(*, started: float, now: float, policy: StaffSessionPolicy) -> int:
    """Seconds the session cookie should live from now: the idle timeout, cut at the lifetime."""
    return max(0, int(min(policy.idle, policy.max_age - (now - started))))
