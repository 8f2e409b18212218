"""Going without Redis for a moment after it failed, per process: the one back-off that the
cache (config.softcache), the rate limiter (config.ratelimit) and the outbox's push
(config.outbox) share, so that a Redis that does not answer costs one request its socket
timeout, not every request."""

from __future__ import annotations

import time

from django.conf import settings


class Breaker:
    """Per key (a Redis address): after `failed(key)`, `paused(key)` is True for the seconds
    named by the setting `pause_setting` (default 5)."""

    def __init__(self, pause_setting: str):
        self.pause_setting = pause_setting
        self._failed_at: dict[str, float] = {}

    def paused(self, key: str) -> bool:
        failed = self._failed_at.get(key)
        pause = float(getattr(settings, self.pause_setting, 5))
        return failed is not None and time.monotonic() - failed < pause

    def failed(self, key: str) -> None:
        self._failed_at[key] = time.monotonic()

    def succeeded(self, key: str) -> None:
        self._failed_at.pop(key, None)
