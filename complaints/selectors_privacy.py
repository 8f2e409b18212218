"""Everything held about a consumer for one complaint, for the consumer to download
(《个人信息保护法》art. 45: the right to a copy).

Only for the consumer who opened the case (tracking number + phone): the complaint as filed and
as it stands, its history with each actor shown by role (never a staff member's name or a
business's account), the evidence files' list, the business's answers addressed to them, the
notifications sent to them and the report part they filed. Not the regulator's internal steps
(assignment, delay flags), not who at the business or the regulator acted, not other people's
data. The JSON is the consumer's own data in full: it is never logged.
"""

from __future__ import annotations

from datetime import datetime

from .models import Complaint, Notification
from .notify.recipients import CONSUMER, REPORTER
from .rules import workflow
from .schemas.filing import (
    answer_dict,
    deadline_dict,
    jurisdiction_dict,
    outcome_dict,
    party_events,
    product_dict,
    respondent_dict,
)
from .selectors import complaint_evidence, complaint_history

FORMAT = "sanbao.consumer-data/1"


def consumer_data_export(complaint: Complaint, *, at: datetime) -> dict:
    """The export as a JSON-ready dict (dates and datetimes left for the JSON encoder)."""
    c = complaint
    report = getattr(c, "report_part", None)  # the reverse one-to-one raises when absent
    return {
        "format": FORMAT, "exported_at": at,
        "tracking_number": c.tracking_number, "status": c.status, "received_at": c.received_at,
        "status_changed_at": c.status_changed_at, "closed_at": c.closed_at,
        "personal_data_erased_at": c.personal_data_erased_at,
        "consumer": {"name": c.consumer_name, "phone": c.consumer_phone,
                     "address": c.consumer_address,
                     "county": _division(c.consumer_county),
                     "vulnerable": c.vulnerable},
        "product": product_dict(c), "respondent": respondent_dict(c),
        "repair_outlet": {"name": c.repair_outlet_name, "phone": c.repair_outlet_phone,
                          "address": c.repair_outlet_address,
                          "listing": c.repair_outlet_listing, "charges": c.repair_charges},
        "facts": c.facts, "request": c.request,
        "assessment": c.assessment, "assessment_rule_set": c.assessment_rule_set,
        "jurisdiction": jurisdiction_dict(c),
        "answering_business": (c.respondent_manufacturer.name
                               if c.respondent_manufacturer_id else None),
        "skip_business": c.skip_business, "odr_outcome": c.odr_outcome,
        "next_deadline": deadline_dict(c), "outcome": outcome_dict(c),
        "business_answers": [answer_dict(a) for a in
                             c.business_responses.order_by("responded_at", "id")],
        "events": [_event(e) for e in party_events(complaint_history(c))],
        "evidence": [_evidence(f) for f in complaint_evidence(c)],
        "report": _report(report) if report is not None else None,
        "notifications": [_notification(n) for n in _notifications_to_consumer(c)],
    }


def _division(division) -> dict | None:
    return {"code": division.code, "name": division.name} if division is not None else None


def _event(e) -> dict:
    return {"at": e.at, "action": e.action.rsplit(".", 1)[-1], "actor": _role(e.actor_kind),
            "from_status": e.from_status, "to_status": e.to_status, "note": e.note,
            "reason_code": e.reason_code}


def _role(kind: str) -> str:
    """consumer, business, regulator or system: the role only, never who."""
    return workflow.REGULATOR if kind == workflow.ADMIN else kind


def _evidence(f) -> dict:
    return {"kind": f.kind, "file_name": f.original_name, "content_type": f.content_type,
            "size_bytes": f.size_bytes, "sha256": f.sha256, "uploaded_at": f.uploaded_at,
            "uploaded_by": _role(f.uploaded_by.partition(":")[0])}


def _report(report) -> dict:
    return {"kind": report.kind, "facts": report.facts, "real_name": report.real_name,
            "received_at": report.created_at, "status": report.status,
            "decided_at": report.decided_at, "reporter_notified_at": report.reporter_notified_at}


def _notifications_to_consumer(complaint: Complaint):
    return Notification.objects.filter(complaint=complaint,
                                       recipient_kind__in=(CONSUMER, REPORTER)).order_by(
        "created_at", "id")


def _notification(n: Notification) -> dict:
    return {"event": n.event, "to": n.recipient_kind, "channel": n.channel, "status": n.status,
            "created_at": n.created_at, "sent_at": n.sent_at}
