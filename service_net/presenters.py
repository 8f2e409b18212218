"""Outlets as plain dicts for the API and the pages (one shape for both)."""

from __future__ import annotations

from datetime import date

from .rules.phones import format_phone
from .rules.verdict import AuthorizationFact, effective_status


def authorization_dict(a, today: date) -> dict:
    categories = sorted(c.code for c in a.categories.all())
    status = effective_status(AuthorizationFact(
        outlet_id=a.outlet_id, brand_id=a.brand_id, categories=frozenset(categories),
        state=a.state, valid_from=a.valid_from, valid_to=a.valid_to,
        state_changed_at=a.state_changed_at), today)
    return {
        "id": a.id, "brand": a.brand.name, "categories": categories,
        "certificate_no": a.certificate_no, "valid_from": a.valid_from, "valid_to": a.valid_to,
        "state": a.state, "status": status.code, "status_since": status.since,
        "reason": a.state_reason,
    }


def phones_list(outlet) -> list[dict]:
    return [{"number": p.number, "display": format_phone(p.number), "kind": p.kind}
            for p in outlet.phones.all()]


def outlet_dict(o, today: date) -> dict:
    radius = o.home_visit_radius_km
    return {
        "id": o.id, "name": o.name, "kind": o.kind, "address": o.address,
        "division_code": o.division_id, "division_name": o.division.name if o.division else None,
        "lat": o.lat, "lon": o.lon, "phones": phones_list(o), "opening_hours": o.opening_hours,
        "service_modes": {
            "in_store": o.in_store,
            "home_visit_radius_km": float(radius) if radius is not None else None,
            "remote_diagnosis": o.remote_diagnosis,
            "touring": [{"division_code": t.division_id, "division_name": t.division.name,
                         "schedule": t.schedule, "visits_per_month": float(t.visits_per_month)}
                        for t in o.touring_stops.all()],
        },
        "price_list": [{"item": p.item, "covers": p.covers,
                        "price_yuan": float(p.price_yuan) if p.price_yuan is not None else None,
                        "pricing_method": p.pricing_method, "is_visit_fee": p.is_visit_fee,
                        "posted_by": p.manufacturer.name} for p in o.price_items.all()],
        "authorizations": [authorization_dict(a, today) for a in o.authorizations.all()],
        "is_demo": o.is_demo,
    }


def nearby_dict(n, today: date) -> dict:
    return {**outlet_dict(n.outlet, today), "distance_km": round(n.distance_km, 3),
            "home_visit_reaches": n.home_visit_reaches}


def verification_dict(v, today: date) -> dict:
    status = v.verdict.status
    return {
        "verdict": v.verdict.verdict, "detail": v.verdict.detail,
        "status": status.code if status else None, "status_since": status.since if status else None,
        "query": v.query, "outlets": [outlet_dict(o, today) for o in v.outlets],
        "nearby": [nearby_dict(n, today) for n in v.nearby],
    }


def own_outlet_dict(o, today: date) -> dict:
    return {
        "id": o.id, "external_id": o.own_refs[0].external_id if o.own_refs else "",
        "name": o.name, "uscc": o.uscc, "address": o.address, "division_code": o.division_id,
        "lat": o.lat, "lon": o.lon, "phones": phones_list(o),
        "authorizations": [authorization_dict(a, today) for a in o.own_authorizations],
    }
