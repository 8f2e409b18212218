"""Telling each party what concerns them (an outbox of Notification rows, sent by RQ jobs).

STUB written by the lead; helper "business" replaces it with the real implementation.
"""

from __future__ import annotations


def notify(*, event: str, complaint, at, key: str = "", data: dict | None = None) -> None:
    """Queue the notifications of `event` for `complaint` (inside the caller's transaction)."""
