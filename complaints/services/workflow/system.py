"""Moves made by Sanbao itself: routing a new complaint, flagging deliberate delay.

(The sweep's other moves — escalating when the business's 10 working days ran out, ending
mediation after 45 — are complaint_escalate and complaint_end_mediation with the SYSTEM actor.)
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ...models import Complaint
from ...rules import workflow
from ._core import SYSTEM, checked, locked, notify, record


@transaction.atomic
def complaint_route(complaint: Complaint, *, at: datetime) -> Complaint:
    """Send a just-filed complaint on (called by complaint_file, in its transaction): to its
    answering business when that business is enrolled in ODR and the consumer did not choose to
    go straight to the regulator (10 working days to settle), else to the regulator (odr_outcome
    skipped or not_enrolled; 7 working days to decide on acceptance)."""
    row = locked(complaint)
    business = row.respondent_manufacturer
    route = workflow.route(has_business=business is not None,
                           business_enrolled=bool(business and business.odr_enrolled),
                           skip_business=row.skip_business)
    move = checked(row, route.action, SYSTEM)
    if route.action == workflow.ROUTE_TO_BUSINESS:
        row.odr_started_at = at
        fields: tuple[str, ...] = ("odr_started_at",)
    else:
        row.regulator_received_at, row.odr_outcome = at, route.odr_outcome
        fields = ("regulator_received_at", "odr_outcome")
    record(row, move, route.action, SYSTEM, at, fields=fields, reason_code=route.odr_outcome)
    notify("complaint_received", row, at)
    return row


@transaction.atomic
def complaint_flag_delay(complaint: Complaint | int, *, at: datetime) -> bool:
    """Flag deliberate delay (拖延, 《侵害消费者权益行为处罚办法》art. 9): what was settled or
    agreed is still not performed more than 15 days after it was due. Idempotent: True only for
    the call that set delay_flagged_at; a row not (or no longer) delayed is left alone."""
    row = locked(complaint)
    if row.delay_flagged_at is not None or not workflow.is_deliberate_delay(
            status=row.status, outcome=row.outcome, performance_due_date=row.performance_due_date,
            performed=row.performed_at is not None, today=timezone.localdate(at)):
        return False
    move = checked(row, workflow.FLAG_DELAY, SYSTEM)
    row.delay_flagged_at = at
    record(row, move, workflow.FLAG_DELAY, SYSTEM, at, fields=("delay_flagged_at",),
           note=row.performance_due_date.isoformat())
    notify("deliberate_delay", row, at)
    return True



