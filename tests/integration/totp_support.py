"""Codes of an authenticator app, computed as the app would (config.rules.totp)."""

from __future__ import annotations

import time

from config.rules import totp


def code(secret: str, offset: int = 0) -> str:
    """The code for the current 30-second step (+ offset steps)."""
    return totp.hotp(totp.secret_key(secret), totp.time_step(time.time()) + offset)


def steady_step(margin: float = 3.0, deadline: float = 35.0) -> None:
    """Wait (a condition with a deadline) until at least `margin` seconds remain in the current
    step, so a code computed now is still 'now' when the server checks it."""
    stop = time.monotonic() + deadline
    while totp.PERIOD_SECONDS - time.time() % totp.PERIOD_SECONDS < margin:
        assert time.monotonic() < stop, "the clock did not move"
        time.sleep(0.05)
