"""Suspects, requests and warnings as the pages, the API and the export show them."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import FraudObservation, FraudWarning, ManufacturerConfirmation, Suspect
from ..rules.fraud import Signal
from ..rules.fraud.catalog import render_explanation
from ..rules.phones import format_phone


def masked_contact(key: str) -> str:
    """An appellant's phone where the viewer does not need it: 138****5678 (cf. complaints'
    privacy rules; service_net may not import complaints)."""
    if len(key) >= 11:
        head = 4 if key.startswith("0") else 3
        return key[:head] + "****" + key[head + 4:]
    return key[:3] + "*" * max(len(key) - 5, 0) + key[-2:] if len(key) > 5 else "*" * len(key)


def form_errors(exc) -> list[dict]:
    """A DomainError as the pages list it: its field errors, or its message on no field."""
    return exc.data.get("errors") or [{"field": "", "reason": str(exc.message)}]


def reason_text(reason: dict) -> str:
    """A stored reason's explanation in the current language, its placeholders filled."""
    signal = Signal(reason["code"], reason["weight"], reason["explanation"], reason["basis"],
                    reason.get("data") or {})
    return render_explanation(signal, _)


def reasons(suspect: Suspect) -> list[dict]:
    return [{**r, "text": reason_text(r)} for r in suspect.reasons]


def suspect_summary(suspect: Suspect) -> dict:
    """What a manufacturer may see about a suspect: the outlet's side only, no consumer data."""
    return {
        "id": suspect.pk, "phone": suspect.phone_key, "phone_display": format_phone(suspect.phone_key),
        "names": suspect.names, "brands": [b["name"] for b in suspect.brands if b.get("name")],
        "addresses": suspect.addresses, "first_seen_at": suspect.first_seen_at,
        "last_seen_at": suspect.last_seen_at, "complaint_count": suspect.complaint_count,
        "lookup_count": suspect.lookup_count, "score": suspect.score,
        "reasons": [{"code": r["code"], "text": reason_text(r)} for r in suspect.reasons],
    }


def confirmation_dict(c: ManufacturerConfirmation) -> dict:
    return {
        "id": c.pk, "brand": c.brand.name, "question": c.question, "requested_at": c.requested_at,
        "answer": c.answer, "answered_at": c.answered_at, "note": c.note,
        "suspect": suspect_summary(c.suspect),
    }


def warning_text(warning: FraudWarning) -> str:
    english = (get_language() or "").startswith("en")
    return warning.text_en if english and warning.text_en else warning.text_zh


def warning_dict(warning: FraudWarning) -> dict:
    """The warning as verify shows it (API `warning` and the page)."""
    return {"id": warning.pk, "phone": warning.phone_key,
            "phone_display": format_phone(warning.phone_key), "text": warning_text(warning),
            "text_zh": warning.text_zh, "text_en": warning.text_en,
            "published_at": warning.published_at, "area_code": warning.area_code or None}


def observation_dict(o: FraudObservation) -> dict:
    return {
        "source": o.source, "ref": o.ref, "at": o.at.isoformat(), "phone_raw": o.phone_raw,
        "name": o.name, "brand": o.brand.name if o.brand_id else o.brand_text,
        "category": o.category, "address": o.address, "address_division": o.address_division,
        "listing": o.listing, "charges": o.charges, "consumer_county": o.consumer_county,
    }
