"""API shapes of the entitlement assessment and the 三包 catalogue.

The request is validated by the service (complaints.services.entitlements), which names each bad
field the way the payload spells it; `AssessIn` documents the request in the OpenAPI schema.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Field, Schema


class FaultIn(Schema):
    date: date
    part: str = Field("whole_unit", description="`whole_unit` or a part code of the category "
                      "(GET /api/v1/entitlements/rules lists them)")


class RepairIn(Schema):
    handed_in: date
    returned: date | None = Field(None, description="null while still in repair")
    part: str = "whole_unit"
    delay_cause: Literal["parts", "repairer"] | None = None


class AssessIn(Schema):
    category: str = Field(..., description="appliance category code, e.g. refrigerator")
    channel: Literal["online", "tv_phone_mail", "in_store"]
    purchase_date: date = Field(..., description="sale / invoice date")
    received_date: date | None = Field(None, description="signed for the goods; default "
                                       "purchase_date")
    installed_date: date | None = Field(None, description="delivery and installation finished")
    proof: Literal["invoice", "warranty_card", "other", "none"]
    manufacture_date: date | None = None
    request_date: date = Field(..., description="the day the consumer claims")
    fault: FaultIn | None = None
    repairs: list[RepairIn] = []
    last_exchange_date: date | None = None
    goods_intact: bool = True
    excluded_goods: Literal["custom_made", "perishable", "digital_unsealed", "periodicals",
                            "activation_confirmed"] | None = None
    exclusion: Literal["misuse", "unauthorized_disassembly", "certificate_mismatch",
                       "force_majeure"] | None = None
    store_promise_days: int | None = Field(None, ge=7, le=365,
                                           description="an in-store no-reason-return commitment")
    rule_set: str = Field("national", description="national | zhejiang")


class RemedyOut(Schema):
    remedy: Literal["no_reason_return", "return", "exchange", "free_repair"]
    basis: str
    claim_by: date = Field(..., description="the last day the remedy can be claimed")
    note: str | None


class PeriodOut(Schema):
    sale_date: date = Field(..., description="the 7- and 15-day windows count from here")
    start: date
    start_basis: Literal["sale", "installation", "exchange", "manufacture"]
    whole_unit_end: date
    part: str | None
    part_end: date | None
    extension_days: int = Field(..., description="days in repair or waiting for parts added")


class RefusalOut(Schema):
    code: str
    detail: str
    basis: str


class AssessOut(Schema):
    rule_set: str
    category: str
    remedies: list[RemedyOut]
    period: PeriodOut
    refusals: list[RefusalOut]
    terms_verified: bool = Field(..., description="false: the period values are unverified "
                                 "defaults of the catalogue")


class PartOut(Schema):
    code: str
    name_zh: str
    name_en: str
    kind: Literal["main_part", "accessory"]
    period_months: int
    verified: bool


class CategoryTermsOut(Schema):
    code: str
    name_zh: str
    name_en: str
    whole_unit_months: int
    depreciation_percent_per_day: str | None
    starts_at_installation: bool
    accepts_other_proof: bool
    no_proof_days_after_manufacture: int | None
    verified: bool
    parts: list[PartOut]


class CatalogueOut(Schema):
    rule_set: str
    layers: list[str]
    parameters: dict[str, int | bool | None]
    categories: list[CategoryTermsOut]

