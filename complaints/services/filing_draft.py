"""A complaint as typed (form or API), resolved against the registry, checked for the content a
regulator needs (domain.md §4) and assessed (三包) — without writing anything.

The form's "check" step shows this preview; complaint_file files only a draft whose preview has no
errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import InvalidInput
from geo.models import Division
from geo.rules.codes import full_code
from geo.selectors import division_for_address
from service_net.models import Authorization, Brand, Category, Manufacturer, Outlet
from service_net.selectors import brand_resolve

from ..models import Channel, Complaint, Proof, ReportPart
from ..rules import required_content
from ..rules.entitlement import NATIONAL_RULE_SET, Repair
from ..rules.required_content import ComplaintContent, MissingItem
from .entitlements import entitlement_assess

REPORT_MIN_FACTS_CHARS = 10


@dataclass(frozen=True)
class ComplaintDraft:
    """A complaint as the consumer typed it (form or API), before anything is resolved."""

    consumer_name: str = ""
    consumer_phone: str = ""
    consumer_address: str = ""
    consumer_county: str = ""  # optional division code chosen on the form
    brand: str = ""  # a registry brand's name or alias; anything else is kept as typed
    category: str = ""
    product_model: str = ""
    channel: str = ""
    purchase_date: date | None = None
    received_date: date | None = None
    installed_date: date | None = None
    manufacture_date: date | None = None
    proof: str = ""
    fault_date: date | None = None
    fault_part: str = ""
    repairs: tuple[Repair, ...] = ()
    last_exchange_date: date | None = None
    goods_intact: bool = True
    excluded_goods: str = ""
    exclusion: str = ""
    store_promise_days: int | None = None
    rule_set: str = ""
    respondent_outlet_id: int | None = None
    respondent_name: str = ""
    respondent_address: str = ""
    respondent_phone: str = ""
    repair_outlet_name: str = ""
    repair_outlet_phone: str = ""
    repair_outlet_address: str = ""
    repair_outlet_listing: str = ""
    repair_charges: tuple[tuple[str, Decimal], ...] = ()  # (item, yuan) as the consumer gave them
    facts: str = ""
    request: str = ""
    report_kind: str = ""
    report_facts: str = ""
    report_real_name: bool = False
    # Routing (issue 5): go straight to the regulator; the consumer is aged 65 or over.
    skip_business: bool = False
    consumer_elderly: bool = False


@dataclass
class Preview:
    """The draft resolved against the registry, checked (§4) and assessed (三包)."""

    draft: ComplaintDraft
    brand: Brand | None = None
    category: Category | None = None
    outlet: Outlet | None = None
    consumer_county: Division | None = None
    assessment: dict | None = None
    missing: list[MissingItem] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    @property
    def acceptable(self) -> bool:
        return not self.errors

    @property
    def rule_set(self) -> str:
        return self.draft.rule_set or NATIONAL_RULE_SET

    def consumer_place(self) -> Division | None:
        """The deepest division the consumer's address names for certain (resolved once)."""
        if not hasattr(self, "_consumer_place"):
            address = self.draft.consumer_address
            self._consumer_place = division_for_address(address) if address.strip() else None
        return self._consumer_place

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors, message=_("The complaint is missing some information."))


# What the consumer is told for each required item (§4) that is missing or unusable.
REQUIRED_MESSAGES = {
    ("consumer_name", "missing"): gettext_lazy("Please give your name."),
    ("consumer_phone", "missing"): gettext_lazy("Please give a phone number we can reach you on."),
    ("consumer_phone", "invalid_phone"): gettext_lazy(
        "This phone number is not valid. A landline needs its area code, e.g. 0935-2212345."),
    ("consumer_address", "missing"): gettext_lazy("Please give your address."),
    ("consumer_address", "too_short"): gettext_lazy(
        "Please give your full address: county or district, town, street and number."),
    ("respondent_name", "missing"): gettext_lazy(
        "Please name the shop or repair outlet you complain about, or choose it from the registry."),
    ("respondent_address", "missing"): gettext_lazy(
        "Please give the business's address, so that the right county regulator gets your complaint."),
    ("respondent_address", "too_short"): gettext_lazy(
        "Please give the business's full address: county or district, street and number."),
    ("request", "missing"): gettext_lazy(
        "Please say what you ask for, e.g. a free repair, an exchange or a refund."),
    ("request", "too_short"): gettext_lazy(
        "Please say what you ask for, e.g. a free repair, an exchange or a refund."),
    ("facts", "missing"): gettext_lazy("Please describe what happened."),
    ("facts", "too_short"): gettext_lazy(
        "Please describe what happened in a few sentences (at least 10 characters)."),
}


def _missing_as_error(item: MissingItem) -> dict:
    message = REQUIRED_MESSAGES.get((item.field, item.code), item.reason)
    return {"field": item.field, "reason": str(message), "code": item.code, "basis": item.basis}


def complaint_preview(draft: ComplaintDraft, *, today: date) -> Preview:
    """Resolve, check and assess a draft without writing anything (the form's check step)."""
    preview = Preview(draft=draft)
    preview.errors += _resolve_registry(preview)
    preview.errors += _choice_errors(draft)
    preview.errors += _report_errors(draft)
    preview.errors += _length_errors(preview)
    preview.missing = required_content.missing_content(_content(preview))
    preview.errors += [_missing_as_error(item) for item in preview.missing]
    preview.assessment, assessment_errors = _assess(draft, today)
    preview.errors += assessment_errors
    return preview


def _content(preview: Preview) -> ComplaintContent:
    draft, outlet = preview.draft, preview.outlet
    return ComplaintContent(
        consumer_name=draft.consumer_name, consumer_phone=draft.consumer_phone,
        consumer_address=draft.consumer_address,
        respondent_name=outlet.name if outlet else draft.respondent_name,
        respondent_address=outlet.address if outlet else draft.respondent_address,
        request=draft.request, facts=draft.facts)


def _resolve_registry(preview: Preview) -> list[dict]:
    draft, errors = preview.draft, []
    preview.brand = brand_resolve(draft.brand) if draft.brand else None
    if draft.category:
        preview.category = _by_pk(Category, draft.category)
        if preview.category is None:
            errors.append({"field": "category", "reason": _("Unknown appliance category.")})
    if draft.respondent_outlet_id is not None:
        preview.outlet = Outlet.objects.select_related("division").filter(
            id=draft.respondent_outlet_id).first()
        if preview.outlet is None:
            errors.append({"field": "respondent_outlet_id",
                           "reason": _("This outlet is not in the registry.")})
    if draft.consumer_county:
        preview.consumer_county = Division.objects.filter(
            code=full_code(draft.consumer_county), level=Division.Level.COUNTY).first()
        if preview.consumer_county is None:
            errors.append({"field": "consumer_county", "reason": _("Unknown county or district.")})
    return errors


def _choice_errors(draft: ComplaintDraft) -> list[dict]:
    errors = []
    if draft.channel and draft.channel not in Channel.values:
        errors.append({"field": "channel", "reason": _("Choose where you bought it.")})
    if draft.proof and draft.proof not in Proof.values:
        errors.append({"field": "proof", "reason": _("Choose what proof of purchase you have.")})
    return errors


def _report_errors(draft: ComplaintDraft) -> list[dict]:
    if not draft.report_kind:
        return []
    if draft.report_kind not in ReportPart.Kind.values:
        return [{"field": "report_kind", "reason": _("Choose what you want to report.")}]
    if len(draft.report_facts.strip()) < REPORT_MIN_FACTS_CHARS:
        return [{"field": "report_facts", "reason": _(
            "Please describe what you report in a few sentences (at least 10 characters).")}]
    return []


# Draft fields kept in a Complaint column of limited length: the draft's name → the column.
_STORED_TEXT = {
    "consumer_name": "consumer_name", "consumer_address": "consumer_address",
    "brand": "brand_text", "product_model": "product_model", "fault_part": "fault_part",
    "respondent_name": "respondent_name", "respondent_address": "respondent_address",
    "respondent_phone": "respondent_phone", "repair_outlet_name": "repair_outlet_name",
    "repair_outlet_phone": "repair_outlet_phone", "repair_outlet_address": "repair_outlet_address",
    "repair_outlet_listing": "repair_outlet_listing",
}


def _length_errors(preview: Preview) -> list[dict]:
    """Text longer than its column: a 422 naming the field, not a database error at filing."""
    errors = []
    for name, column in _STORED_TEXT.items():
        if preview.outlet is not None and name in ("respondent_name", "respondent_address"):
            continue  # the registry outlet's name and address are stored, not what was typed
        limit = Complaint._meta.get_field(column).max_length
        if len(" ".join(getattr(preview.draft, name).split())) > limit:
            errors.append({"field": name,
                           "reason": _("At most %(n)d characters.") % {"n": limit}})
    return errors


def assessment_payload(draft: ComplaintDraft, today: date) -> dict | None:
    """The entitlement engine's input, or None until the draft has what it needs."""
    if not (draft.category and draft.channel and draft.purchase_date and draft.proof):
        return None
    fault = {"date": draft.fault_date, "part": draft.fault_part or "whole_unit"} \
        if draft.fault_date else None
    return {
        "category": draft.category, "channel": draft.channel,
        "purchase_date": draft.purchase_date, "received_date": draft.received_date,
        "installed_date": draft.installed_date, "proof": draft.proof,
        "manufacture_date": draft.manufacture_date, "request_date": today,
        "fault": fault,
        "repairs": [{"handed_in": r.handed_in, "returned": r.returned, "part": r.part,
                     "delay_cause": r.delay_cause} for r in draft.repairs],
        "last_exchange_date": draft.last_exchange_date, "goods_intact": draft.goods_intact,
        "excluded_goods": draft.excluded_goods or None, "exclusion": draft.exclusion or None,
        "store_promise_days": draft.store_promise_days,
        "rule_set": draft.rule_set or NATIONAL_RULE_SET,
    }


# The engine names nested fields; the form and the API name them flat.
_ASSESSMENT_FIELDS = {"fault": "fault_date", "fault.date": "fault_date", "fault.part": "fault_part",
                      "request_date": "purchase_date"}


def _assess(draft: ComplaintDraft, today: date) -> tuple[dict | None, list[dict]]:
    payload = assessment_payload(draft, today)
    if payload is None:
        return None, []
    try:
        return entitlement_assess(payload), []
    except InvalidInput as exc:
        return None, [{**error, "field": _ASSESSMENT_FIELDS.get(error.get("field"), error.get("field"))}
                      for error in exc.data["errors"]]


def answering_manufacturer(preview: Preview) -> Manufacturer | None:
    """The business that answers the complaint first (ODR): the brand's manufacturer when the
    respondent is a registry outlet with an active authorization for the complaint's brand (or
    its parent brand), or when the respondent is named as the brand or its manufacturer (e.g.
    "海尔售后" for 海尔); else None (a seller or an outlet unknown to the brand)."""
    brand = preview.brand
    if brand is None:
        return None
    brands = [brand.pk] + ([brand.parent_id] if brand.parent_id else [])
    # Read now, not through brand.manufacturer: the brand may be a shared in-memory copy
    # (service_net's catalog), and odr_enrolled decides the routing.
    maker = _by_pk(Manufacturer, brand.manufacturer_id)
    if preview.outlet is not None:
        authorized = Authorization.objects.filter(
            outlet=preview.outlet, brand_id__in=brands,
            state=Authorization.State.ACTIVE).exists()
        return maker if authorized else None
    name = "".join(preview.draft.respondent_name.split()).lower()
    names = {brand.name, brand.name_en, maker.name if maker else ""}
    return maker if any(n and n.lower() in name for n in names) else None


def _by_pk(model, pk):
    """The row of `model` with primary key `pk`, or None: model.objects.filter(pk=pk).first()
    at a third of its CPU (no query compiler; measured 0.4 ms vs 1.1 ms). Filing reads two such
    rows per complaint."""
    meta, quote = model._meta, connection.ops.quote_name
    sql = f"SELECT * FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
    return next(iter(model.objects.raw(sql, [pk])), None)
