"""API shapes of complaint filing and tracking, and the one view of a complaint its consumer sees."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import model_validator

from ..rules import workflow
from ..rules.entitlement import Repair
from ..rules.tracking import tracking_number_display
from ..services.filing_draft import ComplaintDraft
from . import PERSONAL_INPUT


class ChargeIn(Schema):
    model_config = PERSONAL_INPUT

    item: str = Field(..., min_length=1, max_length=64, description="e.g. 上门费, 压缩机")
    amount_yuan: Decimal = Field(..., ge=0, le=1_000_000, max_digits=9, decimal_places=2)


class RepairIn(Schema):
    model_config = PERSONAL_INPUT

    handed_in: date
    returned: date | None = None
    part: str = "whole_unit"
    delay_cause: str | None = Field(None, description="parts | repairer | null")


class ReportIn(Schema):
    model_config = PERSONAL_INPUT

    kind: str = Field(..., description="fake_outlet | price_fraud | other")
    facts: str = ""
    real_name: bool = Field(False, description="the reporter agrees to be named to the regulator")


class ComplaintIn(Schema):
    model_config = PERSONAL_INPUT

    """The same content as the web form. Required (domain.md §4): consumer_name, consumer_phone,
    consumer_address; respondent_outlet_id or respondent_name + respondent_address; request; facts.
    The entitlement assessment runs when category, channel, purchase_date and proof are given."""

    consumer_name: str = ""
    consumer_phone: str = ""
    consumer_address: str = ""
    consumer_county: str = Field("", description="county division code, when the address is vague")
    brand: str = Field("", description="a registry brand name or alias, or the brand as written")
    category: str = ""
    product_model: str = ""
    channel: str = Field("", description="online | tv_phone_mail | in_store")
    purchase_date: date | None = None
    received_date: date | None = None
    installed_date: date | None = None
    manufacture_date: date | None = None
    proof: str = Field("", description="invoice | warranty_card | other | none")
    fault_date: date | None = None
    fault_part: str = Field("", description="whole_unit or a part code of the category")
    repairs: list[RepairIn] = []
    last_exchange_date: date | None = None
    goods_intact: bool = True
    excluded_goods: str = ""
    exclusion: str = ""
    store_promise_days: int | None = None
    rule_set: str = ""
    respondent_outlet_id: int | None = Field(None, description="an outlet id from the registry")
    respondent_name: str = ""
    respondent_address: str = ""
    respondent_phone: str = ""
    repair_outlet_name: str = Field("", description="the repair outlet dealt with, as given")
    repair_outlet_phone: str = ""
    repair_outlet_address: str = ""
    repair_outlet_listing: str = Field("", description="its website, ad or map listing")
    repair_charges: list[ChargeIn] = Field(
        [], max_length=30, description="what the repair outlet charged, item by item (明码标价 "
        "checks against the outlet's posted prices)")
    facts: str = ""
    request: str = ""
    report: ReportIn | None = None
    skip_business: bool = Field(False, description="go straight to the regulator, skipping the "
                                "business's 10 working days of online dispute resolution (ODR)")
    consumer_elderly: bool = Field(False, description="the consumer is aged 65 or over")

    def to_draft(self) -> ComplaintDraft:
        data = self.dict(exclude={"repairs", "report", "repair_charges"})
        report = self.report
        return ComplaintDraft(
            **data, repairs=tuple(Repair(**r.dict()) for r in self.repairs),
            repair_charges=tuple((c.item, c.amount_yuan) for c in self.repair_charges),
            report_kind=report.kind if report else "", report_facts=report.facts if report else "",
            report_real_name=report.real_name if report else False)


class PhoneIn(Schema):
    model_config = PERSONAL_INPUT

    phone: str = Field("", description="the phone given at filing (or header X-Consumer-Phone)")

    @model_validator(mode="before")
    @classmethod
    def _json_object(cls, data: Any) -> Any:
        # ninja reads any value through a DjangoGetter: a bare number or string would be an
        # object with every field at its default
        if not isinstance(getattr(data, "_obj", data), dict | Schema):
            raise ValueError(gettext("The body must be a JSON object."))
        return data


class WithdrawIn(PhoneIn):
    reason: str = ""


class InformationIn(PhoneIn):
    text: str = ""


class ConfirmIn(PhoneIn):
    note: str = ""


class DeclineIn(PhoneIn):
    reason: str = Field("", description="why the consumer does not accept the business's answer")


class EscalateIn(PhoneIn):
    reason: str = ""


class JurisdictionOut(Schema):
    code: str | None
    name: str
    source: str
    note: str


class FiledOut(Schema):
    tracking_number: str
    tracking_number_display: str
    status: str
    received_at: datetime
    jurisdiction: JurisdictionOut
    assessment: dict | None


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor_kind: str
    at: datetime
    note: str
    reason_code: str = ""


class DeadlineOut(Schema):
    clock: str = Field(..., description="odr_settlement | regulator_acceptance | mediation | "
                       "termination_notice")
    due_date: date
    provisional: bool = Field(..., description="true while the year's official holiday "
                              "schedule is not known: recomputed once it is entered")
    paused: bool = False


class BusinessAnswerOut(Schema):
    kind: str = Field(..., description="accept | offer | reject")
    remedy: str
    terms: str
    reason: str
    perform_by: date | None
    responded_at: datetime
    consumer_decision: str = Field(..., description="'' (awaiting you) | accepted | declined")
    decided_at: datetime | None


class OutcomeOut(Schema):
    code: str = Field(..., description="odr_settled | agreement | mediation_ended | refused | "
                      "withdrawn")
    reason_code: str
    reason: str
    terms: str
    closed_at: datetime | None
    performance_due_date: date | None
    performed_at: datetime | None


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size_bytes: int
    sha256: str
    uploaded_at: datetime


class ComplaintOut(FiledOut):
    consumer: dict[str, Any]
    product: dict[str, Any]
    respondent: dict[str, Any]
    repair_outlet: dict[str, str]
    facts: str
    request: str
    report: dict[str, Any] | None
    odr_outcome: str
    next_deadline: DeadlineOut | None
    business_answer: BusinessAnswerOut | None
    outcome: OutcomeOut | None
    allowed_actions: list[str]
    events: list[EventOut]
    evidence: list[EvidenceOut]


def jurisdiction_dict(complaint) -> dict:
    division = complaint.jurisdiction
    return {"code": division.code if division else None, "name": division.name if division else "",
            "source": complaint.jurisdiction_source, "note": complaint.jurisdiction_note}


def filed_dict(complaint) -> dict:
    return {"tracking_number": complaint.tracking_number,
            "tracking_number_display": tracking_number_display(complaint.tracking_number),
            "status": complaint.status, "received_at": complaint.received_at,
            "jurisdiction": jurisdiction_dict(complaint), "assessment": complaint.assessment}


def deadline_dict(complaint) -> dict | None:
    """The clock now running, or None (also while the mediation clock is paused)."""
    if complaint.clock_paused_since is not None:
        return None
    if not complaint.due_clock or complaint.due_date is None:
        return None
    return {"clock": complaint.due_clock, "due_date": complaint.due_date,
            "provisional": complaint.due_provisional, "paused": False}


def answer_dict(answer) -> dict | None:
    if answer is None:
        return None
    return {"kind": answer.kind, "remedy": answer.remedy, "terms": answer.terms,
            "reason": answer.reason, "perform_by": answer.perform_by,
            "responded_at": answer.responded_at, "consumer_decision": answer.consumer_decision,
            "decided_at": answer.decided_at}


def outcome_dict(complaint) -> dict | None:
    c = complaint
    if not c.outcome:
        return None
    reasons = {**workflow.REFUSAL_REASONS, **workflow.MEDIATION_END_REASONS}
    label = reasons.get(c.outcome_reason, ("", ""))[0]
    return {"code": c.outcome, "reason_code": c.outcome_reason,
            "reason": str(gettext(label)) if label else "", "terms": c.outcome_terms,
            "closed_at": c.closed_at, "performance_due_date": c.performance_due_date,
            "performed_at": c.performed_at}


def party_events(events) -> list:
    """The history the parties see: the regulator's internal steps left out."""
    return [e for e in events
            if e.action.rsplit(".", 1)[-1] not in workflow.PARTY_HIDDEN_ACTIONS]


def product_dict(c) -> dict:
    return {"brand": c.brand.name if c.brand_id else c.brand_text,
            "category": c.category_id, "model": c.product_model, "channel": c.channel,
            "purchase_date": c.purchase_date, "received_date": c.received_date,
            "installed_date": c.installed_date, "proof": c.proof,
            "fault_date": c.fault_date, "fault_part": c.fault_part}


def respondent_dict(c) -> dict:
    return {"outlet_id": c.respondent_outlet_id, "name": c.respondent_name,
            "address": c.respondent_address, "phone": c.respondent_phone}


def complaint_dict(complaint, events, evidence, answer=None) -> dict:
    """The whole complaint, unmasked: only for its consumer, its regulator and administrators.
    `answer` is the business's latest answer (BusinessResponse) or None."""
    c = complaint
    report = getattr(c, "report_part", None)  # the reverse one-to-one raises when absent
    return {
        **filed_dict(c),
        "consumer": {"name": c.consumer_name, "phone": c.consumer_phone,
                     "address": c.consumer_address,
                     "county": c.consumer_county.code if c.consumer_county else None},
        "product": product_dict(c), "respondent": respondent_dict(c),
        "repair_outlet": {"name": c.repair_outlet_name, "phone": c.repair_outlet_phone,
                          "address": c.repair_outlet_address, "listing": c.repair_outlet_listing},
        "facts": c.facts, "request": c.request,
        "report": {"kind": report.kind, "real_name": report.real_name} if report else None,
        "odr_outcome": c.odr_outcome, "next_deadline": deadline_dict(c),
        "business_answer": answer_dict(answer), "outcome": outcome_dict(c),
        "allowed_actions": workflow.allowed_actions(c.status, workflow.CONSUMER),
        "events": party_events(events), "evidence": list(evidence),
    }
