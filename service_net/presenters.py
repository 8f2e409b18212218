"""Outlet cards (see services/cards.py) as the API and the pages show them, on a given day."""

from __future__ import annotations

from datetime import date, datetime

from .fraud.presenters import warning_dict
from .rules.phones import format_phone
from .rules.verdict import AuthorizationFact, effective_status


def authorization_fact(outlet_id: int, a: dict) -> AuthorizationFact:
    changed = a["state_changed_at"]
    return AuthorizationFact(
        outlet_id=outlet_id, brand_id=a["brand_id"], categories=frozenset(a["categories"]),
        state=a["state"], valid_from=date.fromisoformat(a["valid_from"]),
        valid_to=date.fromisoformat(a["valid_to"]),
        state_changed_at=datetime.fromisoformat(changed) if changed else None)


def authorization_dict(outlet_id: int, a: dict, today: date) -> dict:
    status = effective_status(authorization_fact(outlet_id, a), today)
    return {
        "id": a["id"], "brand": a["brand"], "categories": a["categories"],
        "certificate_no": a["certificate_no"], "valid_from": a["valid_from"],
        "valid_to": a["valid_to"], "state": a["state"], "status": status.code,
        "status_since": status.since, "reason": a["reason"],
    }


def phones_list(card: dict) -> list[dict]:
    return [{**p, "display": format_phone(p["number"])} for p in card["phones"]]


def outlet_dict(card: dict, today: date, brand_ids: set[int] | None = None) -> dict:
    """The public outlet; `brand_ids` limits the authorizations shown (a maker's own view)."""
    auths = [a for a in card["authorizations"] if brand_ids is None or a["brand_id"] in brand_ids]
    return {
        **{k: v for k, v in card.items() if k not in ("phones", "authorizations")},
        "phones": phones_list(card),
        "authorizations": [authorization_dict(card["id"], a, today) for a in auths],
    }


def nearby_dict(n, today: date) -> dict:
    return {**outlet_dict(n.card, today), "distance_km": round(n.distance_km, 3),
            "home_visit_reaches": n.home_visit_reaches}


def verification_dict(v, today: date) -> dict:
    status = v.verdict.status
    return {
        "verdict": v.verdict.verdict, "detail": v.verdict.detail,
        "status": status.code if status else None, "status_since": status.since if status else None,
        "query": v.query, "outlets": [outlet_dict(card, today) for card in v.outlets],
        "nearby": [nearby_dict(n, today) for n in v.nearby],
        "warning": _warning(v),
    }


def _warning(v) -> dict | None:
    """The published warning behind verdict `warned` (issue 6), else None."""
    return warning_dict(v.warning) if getattr(v, "warning", None) is not None else None


def own_outlet_dict(card: dict, external_id: str, uscc: str | None, brand_ids: set[int],
                    today: date) -> dict:
    return {**outlet_dict(card, today, brand_ids), "external_id": external_id, "uscc": uscc}
