"""The audit trail of the registry and the version stamp that in-memory indexes watch."""

from __future__ import annotations

import uuid
from datetime import datetime

from ..models import ChangeRecord, RegistryState
from .bulk import copy_rows

CHANGE_FIELDS = ["entity", "entity_id", "action", "actor", "at", "reason", "before", "after"]


def change_row(
    *, entity: str, entity_id: int, action: str, actor: str, at: datetime,
    before: dict | None = None, after: dict | None = None, reason: str = "",
) -> tuple:
    """One audit row, in CHANGE_FIELDS order (inserted in bulk by change_rows_insert)."""
    return (entity, entity_id, action, actor, at, reason, before, after)


def change_rows_insert(rows: list[tuple]) -> None:
    copy_rows(ChangeRecord, CHANGE_FIELDS, rows)


def registry_touch() -> None:
    """Give the registry a new version inside the caller's transaction (serialises writers)."""
    version = uuid.uuid4().hex
    if not RegistryState.objects.filter(pk=1).update(version=version):
        RegistryState.objects.update_or_create(pk=1, defaults={"version": version})
