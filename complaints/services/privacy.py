"""A complaint's personal data erased on request (《个人信息保护法》art. 47), the case kept.

Allowed once the complaint has ended (settled, closed or withdrawn) and its retention period
(settings.COMPLAINT_RETENTION_DAYS after closure, complaints.rules.retention) has passed; before
that, ErasureRefused (409) says from which day it becomes possible. The consumer asks through
their case page or the API; a regulator with jurisdiction or an administrator acts on a written
request (the admin action, `manage.py erase_personal_data`). Every erasure is an event with who
and when; logs carry the tracking number and the actor's kind only.

What goes: the complainant's name, phone and address; what the consumer wrote (facts, request,
their notes in the history, the report part's account — a reporter's identity stays
confidential, 暂行办法 art. 31); the evidence files on disk and their original names.
What stays: everything the statistics and the disclosure (公示) count — status, dates, brand,
category, respondent, outcome, the county — so their figures do not change. Notification rows
hold references, never an address (complaints.notify.recipients), so nothing there to clear.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import Conflict

from ..models import Complaint, ComplaintEvent, Evidence, ReportPart
from ..rules import retention, workflow
from ..rules.privacy import ERASED
from .filing_evidence import evidence_path
from .workflow._core import Actor, event, locked

log = logging.getLogger(__name__)
ERASE = "erase_personal_data"  # the event's action: complaints.complaint.erase_personal_data


class ErasureRefused(Conflict):
    """409 whose code is complaint_not_closed or retention_period_running; data.possible_from
    is the first day erasure is allowed (ISO date), null while the complaint is open."""

    def __init__(self, refusal: retention.ErasureRefusal):
        when = refusal.possible_from
        if when is None:
            message = _("Personal data can be erased only after the complaint has ended "
                        "(settled, closed or withdrawn) and its record has been kept for the "
                        "retention period.")
        else:
            message = _("The record of this complaint must be kept until %(date)s. Its personal "
                        "data can be erased from that day on.") % {"date": when.isoformat()}
        super().__init__(message, possible_from=when.isoformat() if when else None)
        self.code = refusal.code


def retention_days() -> int:
    return int(getattr(settings, "COMPLAINT_RETENTION_DAYS", retention.DEFAULT_RETENTION_DAYS))


def erasure_possible_from(complaint: Complaint) -> date | None:
    """The first day the complaint's personal data may be erased; None while it is open."""
    ended_at = complaint.closed_at or complaint.status_changed_at
    return retention.erasure_possible_from(
        status=complaint.status, closed_on=timezone.localdate(ended_at) if ended_at else None,
        retention_days=retention_days())


def erasure_refusal(complaint: Complaint, *, at: datetime) -> retention.ErasureRefusal | None:
    ended_at = complaint.closed_at or complaint.status_changed_at
    return retention.erasure_refusal(
        status=complaint.status, closed_on=timezone.localdate(ended_at) if ended_at else None,
        retention_days=retention_days(), today=timezone.localdate(at))


@transaction.atomic
def complaint_personal_data_erase(*, complaint: Complaint, actor: Actor, at: datetime,
                                  note: str = "") -> Complaint:
    """Erase the complaint's personal data, keep the case (see the module's docstring).

    ErasureRefused while the complaint is open or its retention period runs. Idempotent: a
    complaint already erased is returned as it is, without a second event; its evidence files
    are removed again if any were left on disk. `note`: a written request's reference (staff).
    Files are removed after the commit, so a rollback never loses a file still referenced.
    """
    row = locked(complaint)
    if row.personal_data_erased_at is None:
        refusal = erasure_refusal(row, at=at)
        if refusal is not None:
            raise ErasureRefused(refusal)
        _erase(row, at)
        event(row, ERASE, row.status, row.status, actor, at, note=(note or "").strip()[:2000])
        log.info("complaint %s: personal data erased (%s)", row.tracking_number, actor.kind)
    stored = list(row.evidence.values_list("stored_name", flat=True))
    transaction.on_commit(lambda: _files_remove(stored))
    return row


def _erase(row: Complaint, at: datetime) -> None:
    row.consumer_name, row.consumer_phone, row.consumer_address = ERASED, "", ERASED
    row.facts, row.request = ERASED, ERASED
    row.personal_data_erased_at = at
    row.save(update_fields=["consumer_name", "consumer_phone", "consumer_address", "facts",
                            "request", "personal_data_erased_at"])
    # The consumer's own words in the history (added information, reasons to withdraw or
    # decline); an evidence event's note is the kind of file, a code.
    ComplaintEvent.objects.filter(complaint=row, actor_kind=workflow.CONSUMER).exclude(
        note="").exclude(action__endswith=f".{workflow.ADD_EVIDENCE}").update(note=ERASED)
    Evidence.objects.filter(complaint=row).update(original_name=ERASED)
    ReportPart.objects.filter(complaint=row).update(facts=ERASED)


def _files_remove(stored_names: list[str]) -> None:
    for name in stored_names:
        evidence_path(name).unlink(missing_ok=True)


def staff_actor(user) -> Actor:
    """A regulator acts as the regulator, an administrator without a regulator's post as admin."""
    kind = workflow.REGULATOR if hasattr(user, "regulator") else workflow.ADMIN
    return Actor(kind, user.get_username())
