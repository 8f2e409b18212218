"""The audit trail of the registry and the version stamp that in-memory indexes watch."""

from __future__ import annotations

import uuid
from datetime import datetime

from ..models import ChangeRecord, RegistryState


def change_record(
    *, entity: str, entity_id: int, action: str, actor: str, at: datetime,
    before: dict | None = None, after: dict | None = None, reason: str = "",
) -> ChangeRecord:
    return ChangeRecord(
        entity=entity, entity_id=entity_id, action=action, actor=actor, at=at,
        before=before, after=after, reason=reason,
    )


def registry_touch() -> None:
    """Give the registry a new version inside the caller's transaction (serialises writers)."""
    version = uuid.uuid4().hex
    if not RegistryState.objects.filter(pk=1).update(version=version):
        RegistryState.objects.update_or_create(pk=1, defaults={"version": version})
