"""The complaint form's fields read from a POST into a ComplaintDraft (no JavaScript needed)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import Evidence
from ..rules.entitlement import Repair
from ..services.filing import Upload
from ..services.filing_draft import ComplaintDraft

TEXT_FIELDS = (
    "consumer_name", "consumer_phone", "consumer_address", "consumer_county", "brand", "category",
    "product_model", "channel", "proof", "fault_part", "respondent_name", "respondent_address",
    "respondent_phone", "repair_outlet_name", "repair_outlet_phone", "repair_outlet_address",
    "repair_outlet_listing", "facts", "request", "report_kind", "report_facts",
)
DATE_FIELDS = ("purchase_date", "received_date", "installed_date", "fault_date")
REPAIR_ROWS = 2
EVIDENCE_INPUTS = tuple(f"evidence_{kind}" for kind in Evidence.Kind.values)


def draft_from_post(post) -> tuple[ComplaintDraft, list[dict]]:
    """The draft and the errors of fields that could not be read (dates, numbers)."""
    errors: list[dict] = []
    values = {name: post.get(name, "").strip() for name in TEXT_FIELDS}
    for name in DATE_FIELDS:
        values[name] = _date(post.get(name, ""), name, errors)
    values["respondent_outlet_id"] = _outlet_id(post.get("respondent_outlet_id", ""), errors)
    values["goods_intact"] = post.get("goods_not_intact") != "on"
    values["report_real_name"] = post.get("report_real_name") == "yes"
    values["skip_business"] = post.get("skip_business") == "on"
    values["consumer_elderly"] = post.get("consumer_elderly") == "on"
    values["repairs"] = tuple(_repairs(post, errors))
    values["repair_charges"] = _charges(post.get("repair_charges", ""), errors)
    if not values["report_kind"]:
        values["report_facts"] = ""
    return ComplaintDraft(**values), errors


def _date(text: str, name: str, errors: list[dict]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append({"field": name, "reason": _("Enter a date such as 2026-03-01.")})
        return None


def _outlet_id(text: str, errors: list[dict]) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        errors.append({"field": "respondent_outlet_id", "reason": _("Choose an outlet from the list.")})
        return None
    return int(text)


def _repairs(post, errors: list[dict]) -> list[Repair]:
    repairs = []
    for n in range(1, REPAIR_ROWS + 1):
        handed_in = _date(post.get(f"repair{n}_handed_in", ""), f"repair{n}_handed_in", errors)
        if handed_in is None:
            continue
        returned = _date(post.get(f"repair{n}_returned", ""), f"repair{n}_returned", errors)
        delay = post.get(f"repair{n}_delay_cause", "").strip() or None
        repairs.append(Repair(handed_in=handed_in, returned=returned,
                              part=post.get(f"repair{n}_part", "").strip() or "whole_unit",
                              delay_cause=delay))
    return repairs


_AMOUNT = re.compile(r"(\d+(?:\.\d{1,2})?)\s*(?:元|块|rmb|yuan)?\s*$", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
MAX_CHARGES = 30


def _charges(text: str, errors: list[dict]) -> tuple[tuple[str, Decimal], ...]:
    """'上门费 200' or '上门费：200元', one item a line → (item, yuan) pairs."""
    charges = []
    for line in unicodedata.normalize("NFKC", text).splitlines():
        line = _THOUSANDS.sub("", line.strip())
        if not line:
            continue
        match = _AMOUNT.search(line)
        item = line[:match.start()].strip(" :：,，=") if match else ""
        if match is None or not item:
            errors.append({"field": "repair_charges", "reason": _(
                "Write one charge a line: what it was for, then the amount, e.g. 上门费 200.")})
            return ()
        charges.append((item[:64], Decimal(match.group(1))))
    return tuple(charges[:MAX_CHARGES])


def uploads_from(files) -> tuple[Upload, ...]:
    """Every file chosen in the form's evidence inputs, each with the kind of its input."""
    return tuple(Upload(upload, name.removeprefix("evidence_"))
                 for name in EVIDENCE_INPUTS for upload in files.getlist(name) if upload.size)
