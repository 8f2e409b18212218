"""The outlet card: the public view of an outlet as one JSON document (a read model).

Built only from the normalized tables, so it can always be rebuilt; every write service calls
`outlet_cards_refresh` for the outlets it touched, in the same transaction. Dates are ISO strings;
an authorization's status (expired…) is derived at read time, since it changes with the date.
"""

from __future__ import annotations

from collections import defaultdict

from ..models import Authorization, Outlet, OutletPhone, PriceItem, TouringStop
from .bulk import update_json

CHUNK = 2000


def _num(value) -> float | None:
    return None if value is None else float(value)


def build_cards(ids: list[int]) -> dict[int, dict]:
    cards: dict[int, dict] = {}
    for start in range(0, len(ids), CHUNK):
        cards.update(_build_chunk(ids[start:start + CHUNK]))
    return cards


def _build_chunk(ids: list[int]) -> dict[int, dict]:
    cards = {o["id"]: _card(o) for o in Outlet.objects.filter(id__in=ids).values(
        "id", "name", "kind", "address", "division_id", "division__name", "lat", "lon",
        "opening_hours", "is_demo", "in_store", "home_visit_radius_km", "remote_diagnosis")}
    for oid, number, kind in OutletPhone.objects.filter(outlet_id__in=ids).order_by("id") \
            .values_list("outlet_id", "number", "kind"):
        cards[oid]["phones"].append({"number": number, "kind": kind})
    for t in TouringStop.objects.filter(outlet_id__in=ids).order_by("id").values(
            "outlet_id", "division_id", "division__name", "schedule", "visits_per_month"):
        cards[t["outlet_id"]]["service_modes"]["touring"].append({
            "division_code": t["division_id"], "division_name": t["division__name"],
            "schedule": t["schedule"], "visits_per_month": _num(t["visits_per_month"])})
    for p in PriceItem.objects.filter(outlet_id__in=ids).order_by("manufacturer_id", "position") \
            .values("outlet_id", "item", "covers", "price_yuan", "pricing_method",
                    "is_visit_fee", "manufacturer__name"):
        cards[p["outlet_id"]]["price_list"].append({
            "item": p["item"], "covers": p["covers"], "price_yuan": _num(p["price_yuan"]),
            "pricing_method": p["pricing_method"], "is_visit_fee": p["is_visit_fee"],
            "posted_by": p["manufacturer__name"]})
    _add_authorizations(cards, ids)
    return cards


def _card(o: dict) -> dict:
    return {
        "id": o["id"], "name": o["name"], "kind": o["kind"], "address": o["address"],
        "division_code": o["division_id"], "division_name": o["division__name"],
        "lat": o["lat"], "lon": o["lon"], "opening_hours": o["opening_hours"],
        "is_demo": o["is_demo"], "phones": [],
        "service_modes": {"in_store": o["in_store"],
                          "home_visit_radius_km": _num(o["home_visit_radius_km"]),
                          "remote_diagnosis": o["remote_diagnosis"], "touring": []},
        "price_list": [], "authorizations": [],
    }


def _add_authorizations(cards: dict[int, dict], ids: list[int]) -> None:
    categories = defaultdict(list)
    through = Authorization.categories.through.objects.filter(authorization__outlet_id__in=ids)
    for auth_id, code in through.order_by("category__sort_order").values_list(
            "authorization_id", "category_id"):
        categories[auth_id].append(code)
    for a in Authorization.objects.filter(outlet_id__in=ids).order_by("brand__name").values(
            "id", "outlet_id", "brand_id", "brand__name", "certificate_no", "valid_from",
            "valid_to", "state", "state_reason", "state_changed_at"):
        cards[a["outlet_id"]]["authorizations"].append({
            "id": a["id"], "brand_id": a["brand_id"], "brand": a["brand__name"],
            "categories": categories[a["id"]], "certificate_no": a["certificate_no"],
            "valid_from": a["valid_from"].isoformat(), "valid_to": a["valid_to"].isoformat(),
            "state": a["state"], "reason": a["state_reason"],
            "state_changed_at": a["state_changed_at"].isoformat() if a["state_changed_at"] else None,
        })


def outlet_cards_refresh(ids: list[int]) -> None:
    """Rebuild and store the cards of these outlets (call inside the writing transaction)."""
    update_json(Outlet, "card", build_cards(sorted(set(ids))))
