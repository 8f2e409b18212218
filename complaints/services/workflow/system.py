"""Moves made by Sanbao itself: routing a new complaint, flagging deliberate delay.

(The sweep's other moves — escalating when the business's 10 working days ran out, ending
mediation after 45 — are complaint_escalate and complaint_end_mediation with the SYSTEM actor.)
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ...models import Complaint, ComplaintEvent
from ...rules import workflow
from ._core import SYSTEM, checked, event_row, locked, notify, record


@transaction.atomic
def complaint_route(complaint: Complaint, *, at: datetime) -> Complaint:
    """Send a filed complaint still SUBMITTED on: to its answering business when that business
    is enrolled in ODR and the consumer did not choose to go straight to the regulator (10
    working days to settle), else to the regulator (odr_outcome skipped or not_enrolled; 7
    working days to decide on acceptance). complaint_file routes a new complaint before its
    INSERT instead (complaint_route_new)."""
    row = locked(complaint)
    move, route, fields = _route_set(row, at)
    record(row, move, route.action, SYSTEM, at, fields=fields, reason_code=route.odr_outcome)
    notify("complaint_received", row, at)
    return row


def complaint_route_new(row: Complaint, *, at: datetime) -> ComplaintEvent:
    """Route a complaint not yet inserted, as complaint_route would right after its INSERT:
    the same table check, fields, status and deadline, set on the row so that one INSERT writes
    it routed. Returns the routing event for the caller to write after the submit event (and
    notify "complaint_received" once the row is in)."""
    if row.pk is not None or row.status != workflow.INITIAL:
        raise ValueError("complaint_route_new routes only a new, unsaved complaint")
    move, route, _fields = _route_set(row, at)
    row.status, row.status_changed_at = move.target, at
    from .. import deadlines  # the owner may replace it; looked up at call time

    deadlines.complaint_due_set(row)
    return event_row(row, route.action, workflow.INITIAL, move.target, SYSTEM, at,
                     reason_code=route.odr_outcome)


def _route_set(row: Complaint, at: datetime) -> tuple[workflow.Move, workflow.Route, tuple[str, ...]]:
    business = row.respondent_manufacturer
    route = workflow.route(has_business=business is not None,
                           business_enrolled=bool(business and business.odr_enrolled),
                           skip_business=row.skip_business)
    move = checked(row, route.action, SYSTEM)
    if route.action == workflow.ROUTE_TO_BUSINESS:
        row.odr_started_at = at
        return move, route, ("odr_started_at",)
    row.regulator_received_at, row.odr_outcome = at, route.odr_outcome
    return move, route, ("regulator_received_at", "odr_outcome")


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



