"""When a staff login is locked after repeated failures (names and addresses alike).

A name is locked once `limit` failures fall within `window` of each other, until `duration` after
the failure that completed them; the same rule with a larger limit locks a client address that
tries many names. Locked attempts are refused without checking the password and are not counted
(so a lock ends on time instead of being extended by the attacker it stops).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    limit: int  # failures …
    window: timedelta  # … within this span lock …
    duration: timedelta  # … for this long after the last of them

    @property
    def lookback(self) -> timedelta:
        """How far back failures can still matter."""
        return self.window + self.duration


def locked_until(failures: list[datetime], *, policy: LockoutPolicy,
                 now: datetime) -> datetime | None:
    """The end of the lock in force at `now`, or None. `failures`: times of recorded failures."""
    times = sorted(failures)
    until = None
    for i in range(policy.limit - 1, len(times)):
        if times[i] - times[i - policy.limit + 1] <= policy.window:
            until = times[i] + policy.duration
    return until if until is not None and until > now else None
