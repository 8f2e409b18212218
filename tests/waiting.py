"""Waiting on a condition in tests: poll until it holds, fail at a deadline (never a fixed sleep)."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(check: Callable[[], object], *, timeout: float, what: str, every: float = 0.05):
    """Poll `check` until it returns something truthy (returned); AssertionError at the deadline.
    An OSError from `check` (a server not listening yet) counts as not yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(every)
