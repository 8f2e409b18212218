"""The suspect's record: every change, who made it and when (SuspectEvent)."""

from __future__ import annotations

from datetime import datetime

from ..models import Suspect, SuspectEvent

SYSTEM = "system"
PUBLIC = "public"


def actor_label(user) -> str:
    """How a logged-in user appears on the record: 'user:12 liangzhou-amr'."""
    return f"user:{user.pk} {user.get_username()}"


def manufacturer_label(manufacturer, user=None) -> str:
    suffix = f" {actor_label(user)}" if user is not None else " api"
    return f"manufacturer:{manufacturer.pk}{suffix}"


def event_add(suspect: Suspect, action: str, actor: str, at: datetime, *, from_state: str = "",
              to_state: str = "", note: str = "", data: dict | None = None) -> SuspectEvent:
    return SuspectEvent.objects.create(
        suspect=suspect, action=action, actor=actor[:128], at=at, from_state=from_state,
        to_state=to_state, note=note, data=data or {})
