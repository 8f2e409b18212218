"""Pure rules of staff logins and API keys: lockout, session expiry, key refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config.rules.lockout import LockoutPolicy, locked_until
from config.rules.sessions import (
    StaffSessionPolicy,
    staff_session_expired,
    staff_session_remaining,
    staff_session_touch_due,
)
from service_net.rules.api_keys import key_refusal, last_used_due

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
POLICY = LockoutPolicy(limit=5, window=15 * MIN, duration=15 * MIN)


def at(*minutes: float) -> list[datetime]:
    return [T0 + m * MIN for m in minutes]


def test_four_failures_do_not_lock():
    assert locked_until(at(0, 1, 2, 3), policy=POLICY, now=T0 + 4 * MIN) is None


def test_the_fifth_failure_within_15_minutes_locks_for_15_minutes_from_it():
    assert locked_until(at(0, 1, 2, 3, 14), policy=POLICY, now=T0 + 14 * MIN) == T0 + 29 * MIN


def test_five_failures_spread_over_more_than_15_minutes_do_not_lock():
    assert locked_until(at(0, 1, 2, 3, 15.5), policy=POLICY, now=T0 + 16 * MIN) is None


@pytest.mark.parametrize("minute, locked", [(18.9, True), (19, False)])
def test_the_lock_ends_15_minutes_after_the_last_failure(minute, locked):
    until = locked_until(at(0, 1, 2, 3, 4), policy=POLICY, now=T0 + minute * MIN)
    assert (until is not None) is locked


def test_a_client_limit_of_20_counts_the_same_way():
    client = LockoutPolicy(limit=20, window=15 * MIN, duration=15 * MIN)
    nineteen = at(*[i * 0.5 for i in range(19)])
    assert locked_until(nineteen, policy=client, now=T0 + 10 * MIN) is None
    assert locked_until(nineteen + at(10), policy=client, now=T0 + 10 * MIN) == T0 + 25 * MIN


SESSION = StaffSessionPolicy(max_age=8 * 3600, idle=30 * 60)


@pytest.mark.parametrize("started, seen, now, expired", [
    (0, 0, 29 * 60, False),
    (0, 0, 30 * 60, True),  # idle: 30 minutes without a request
    (0, 8 * 3600 - 60, 8 * 3600 - 1, False),
    (0, 8 * 3600 - 60, 8 * 3600, True),  # absolute: 8 hours after login, however busy
])
def test_staff_session_expiry(started, seen, now, expired):
    assert staff_session_expired(started=started, last_seen=seen, now=now,
                                 policy=SESSION) is expired


def test_the_idle_clock_is_written_at_most_once_a_minute():
    assert not staff_session_touch_due(last_seen=100, now=159)
    assert staff_session_touch_due(last_seen=100, now=160)


def test_the_cookie_lives_the_idle_time_cut_at_the_lifetime():
    assert staff_session_remaining(started=0, now=60, policy=SESSION) == 30 * 60
    assert staff_session_remaining(started=0, now=8 * 3600 - 600, policy=SESSION) == 600


@pytest.mark.parametrize("revoked, expires, scopes, refusal", [
    (None, None, ["outlets:read"], None),
    (T0 - MIN, None, ["outlets:read"], "key_revoked"),
    (None, T0, ["outlets:read"], "key_expired"),  # expired at the instant it expires
    (None, T0 + MIN, ["outlets:read"], None),
    (None, None, ["outlets:write", "complaints"], "scope_missing"),
    (None, None, [], "scope_missing"),
])
def test_key_refusal(revoked, expires, scopes, refusal):
    assert key_refusal(revoked_at=revoked, expires_at=expires, scopes=scopes,
                       required="outlets:read", now=T0) == refusal


def test_last_use_is_written_back_once_a_minute():
    assert last_used_due(None, T0)
    assert not last_used_due(T0 - 59 * timedelta(seconds=1), T0)
    assert last_used_due(T0 - MIN, T0)
