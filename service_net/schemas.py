"""API shapes of the registry."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class ReasonIn(Schema):
    reason: str = Field(..., description="Why (kept on the record)")


class PhoneOut(Schema):
    number: str
    display: str
    kind: str


class PriceItemOut(Schema):
    item: str
    covers: str
    price_yuan: float | None
    pricing_method: str
    is_visit_fee: bool
    posted_by: str


class TouringOut(Schema):
    division_code: str
    division_name: str
    schedule: str
    visits_per_month: float


class ServiceModesOut(Schema):
    in_store: bool
    home_visit_radius_km: float | None
    touring: list[TouringOut]
    remote_diagnosis: bool


class AuthorizationOut(Schema):
    id: int
    brand: str
    categories: list[str]
    certificate_no: str
    valid_from: date
    valid_to: date
    state: str
    status: str
    status_since: date | None
    reason: str


class OutletOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    division_code: str | None
    division_name: str | None
    lat: float
    lon: float
    phones: list[PhoneOut]
    opening_hours: str
    service_modes: ServiceModesOut
    price_list: list[PriceItemOut]
    authorizations: list[AuthorizationOut]
    is_demo: bool


class NearbyOut(OutletOut):
    distance_km: float
    home_visit_reaches: bool


class WarningOut(Schema):
    """A market regulator's published warning about a number (verdict `warned`)."""

    id: int
    phone: str
    phone_display: str
    text: str
    text_zh: str
    text_en: str
    published_at: datetime
    area_code: str | None = None


class VerifyOut(Schema):
    verdict: str = Field(..., description="authorized, not_authorized, inactive, unknown or warned")
    detail: str
    status: str | None = None
    status_since: date | None = None
    query: dict
    outlets: list[OutletOut]
    nearby: list[NearbyOut]
    warning: WarningOut | None = None


class OwnOutletOut(OutletOut):
    external_id: str
    uscc: str | None


class OwnOutletPage(Schema):
    count: int
    items: list[OwnOutletOut]


class UpsertOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool


class ChangeOut(Schema):
    action: str
    actor: str
    at: datetime
    reason: str
    before: dict | None
    after: dict | None


class CategoryOut(Schema):
    code: str
    name_zh: str
    name_en: str


class BrandOut(Schema):
    name: str
    name_en: str
    parent: str | None
    aliases: list[str]
