"""Optimistic versions: act only on the complaint the regulator actually looked at.

Every change of a complaint writes an event (_core.record, the report's services, evidence), and
event ids only grow, so the id of a complaint's latest event names the state a page showed: its
version (the console reads it with its rows: selectors_console.version_subquery). The console's
forms carry it; `complaint_unchanged_since` locks the row and compares it
before the action runs, inside the same transaction. Under the lock, of two regulators acting at
once the second sees the first's committed event (READ COMMITTED reads the row and the events
afresh after the wait) and gets ComplaintChanged, even when the table would still allow its
action (assigning after an acceptance, refusing for missing content after the consumer added it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from config.errors import Conflict

from ...models import Complaint, ComplaintEvent
from ._core import locked


class ComplaintChanged(Conflict):
    """409: the complaint changed since the version the actor saw. data: status (now), version
    (now), refusal (the code again, as for the table's refusals)."""

    code = "complaint_changed"
    default_message = _("Someone else acted on this complaint first.")

    def __init__(self, *, status: str, version: int):
        super().__init__(None, refusal=self.code, status=status, version=version)


def complaint_version(complaint: Complaint | int) -> int:
    """The id of the complaint's latest event (0 before the first)."""
    pk = complaint if isinstance(complaint, int) else complaint.pk
    return ComplaintEvent.objects.filter(complaint_id=pk).aggregate(v=Max("id"))["v"] or 0


@contextmanager
def complaint_unchanged_since(complaint: Complaint | int, *,
                              version: int | None) -> Iterator[Complaint]:
    """A transaction holding the complaint's row lock, entered only if the complaint is still
    at `version` (None: no check, the caller did not say what it saw). Run the workflow service
    inside it: its own lock is the one already held, and whatever it raises undoes all.
    Raises ComplaintChanged when another action came first."""
    with transaction.atomic():
        row = locked(complaint)
        if version is not None:
            current = complaint_version(row)
            if current != version:
                raise ComplaintChanged(status=row.status, version=current)
        yield row
