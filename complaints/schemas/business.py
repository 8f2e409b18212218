"""What the answering business (a manufacturer, through its API key or console account) sees of
a complaint against it, and how it answers.

Personal data (《个人信息保护法》art. 6, the minimum needed): the business sees the consumer's
name and phone while the complaint is with it (it must contact the consumer to settle) and while
something it agreed is still to be performed; masked otherwise. The address is always masked to
the county, the evidence and the consumer's free-text notes are not shown; the regulator's
internal steps (assignment, delay flags) are left out of the history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from ..rules import workflow
from ..rules.privacy import mask_address, mask_name, mask_phone
from ..rules.tracking import tracking_number_display


def contact_visible(status: str, outcome: str, performed: bool) -> bool:
    """The business may see the consumer's name and phone now (pure)."""
    if status in (workflow.WITH_BUSINESS, workflow.BUSINESS_PROPOSED):
        return True
    return workflow.outcome_performable(status, outcome) and not performed


class ConsumerOut(Schema):
    name: str
    phone: str
    address: str = Field(..., description="masked to the county")
    masked: bool = Field(..., description="name and phone are masked: always in the list, and on "
                         "one complaint when it is not the business's turn")


class BusinessComplaintOut(Schema):
    tracking_number: str
    tracking_display: str
    status: str
    received_at: datetime
    status_changed_at: datetime
    brand: str
    category: str | None
    product_model: str
    respondent_name: str
    respondent_outlet_id: int | None
    request: str
    due_clock: str
    due_date: date | None
    due_provisional: bool
    odr_outcome: str
    outcome: str
    performance_due_date: date | None
    performed_at: datetime | None
    consumer: ConsumerOut
    actions: list[str] = Field(..., description="what the business may do now: respond, performed")


class BusinessComplaintPage(Schema):
    count: int
    items: list[BusinessComplaintOut]


class ResponseOut(Schema):
    kind: str
    remedy: str
    terms: str
    reason: str
    perform_by: date | None
    responded_at: datetime
    consumer_decision: str
    decided_at: datetime | None


class EventOut(Schema):
    at: datetime
    action: str
    from_status: str
    to_status: str
    actor_kind: str
    reason_code: str


class BusinessComplaintDetail(BusinessComplaintOut):
    facts: str
    channel: str
    purchase_date: date | None
    fault_date: date | None
    fault_part: str
    respondent_address: str
    responses: list[ResponseOut]
    history: list[EventOut]


class RespondIn(Schema):
    kind: Literal["accept", "offer", "reject"]
    remedy: Literal["", "repair", "exchange", "return", "refund", "other"] = ""
    terms: str = Field("", max_length=4000)
    reason: str = Field("", max_length=4000, description="required to reject")
    perform_by: date | None = Field(None, description="when the remedy will be carried out")


def business_actions(complaint) -> list[str]:
    actions = []
    if complaint.status == workflow.WITH_BUSINESS:
        actions.append("respond")
    if workflow.outcome_performable(complaint.status, complaint.outcome) \
            and complaint.performed_at is None:
        actions.append("performed")
    return actions


def consumer_for_business(complaint, *, in_list: bool = False) -> dict:
    """The consumer as the business sees them. A list row is always masked: the contact is
    shown on the one-record view only, while the business must act (contact_visible)."""
    visible = not in_list and contact_visible(complaint.status, complaint.outcome,
                                              complaint.performed_at is not None)
    county = complaint.consumer_county.name if complaint.consumer_county_id else ""
    return {"name": complaint.consumer_name if visible else mask_name(complaint.consumer_name),
            "phone": complaint.consumer_phone if visible else mask_phone(complaint.consumer_phone),
            "address": mask_address(complaint.consumer_address, (county,) if county else ()),
            "masked": not visible}


def complaint_for_business(complaint, *, in_list: bool = False) -> dict:
    """One complaint (select_related brand, category, consumer_county); `in_list`: as a row of
    a list, the consumer masked."""
    return {
        "tracking_number": complaint.tracking_number,
        "tracking_display": tracking_number_display(complaint.tracking_number),
        "status": complaint.status, "received_at": complaint.received_at,
        "status_changed_at": complaint.status_changed_at,
        "brand": complaint.brand.name if complaint.brand_id else complaint.brand_text,
        "category": complaint.category_id, "product_model": complaint.product_model,
        "respondent_name": complaint.respondent_name,
        "respondent_outlet_id": complaint.respondent_outlet_id, "request": complaint.request,
        "due_clock": complaint.due_clock, "due_date": complaint.due_date,
        "due_provisional": complaint.due_provisional, "odr_outcome": complaint.odr_outcome,
        "outcome": complaint.outcome, "performance_due_date": complaint.performance_due_date,
        "performed_at": complaint.performed_at,
        "consumer": consumer_for_business(complaint, in_list=in_list),
        "actions": business_actions(complaint),
    }


def complaint_detail_for_business(complaint, responses, events) -> dict:
    return {
        **complaint_for_business(complaint),
        "facts": complaint.facts, "channel": complaint.channel,
        "purchase_date": complaint.purchase_date, "fault_date": complaint.fault_date,
        "fault_part": complaint.fault_part, "respondent_address": complaint.respondent_address,
        "responses": [{"kind": r.kind, "remedy": r.remedy, "terms": r.terms, "reason": r.reason,
                       "perform_by": r.perform_by, "responded_at": r.responded_at,
                       "consumer_decision": r.consumer_decision, "decided_at": r.decided_at}
                      for r in responses],
        "history": [{"at": e.at, "action": e.action.rsplit(".", 1)[-1],
                     "from_status": e.from_status, "to_status": e.to_status,
                     "actor_kind": e.actor_kind, "reason_code": e.reason_code}
                    for e in events
                    if e.action.rsplit(".", 1)[-1] not in workflow.BUSINESS_HIDDEN_ACTIONS],
    }
