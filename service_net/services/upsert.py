"""Bulk upsert of a manufacturer's outlets by its external_id (JSON batch or CSV import).

One transaction per batch: either every row is written or none. The batch is compared with
what the registry holds, seen from this manufacturer ("its view" of each outlet: the outlet's
own fields, phones, touring stops, this manufacturer's price list and authorizations), so a
batch sent twice changes nothing and writes no audit rows the second time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction

from config.errors import InvalidInput

from ..coverage.services import coverage_outlets_changed
from ..models import (
    Authorization,
    Brand,
    ExternalRef,
    Manufacturer,
    Outlet,
    OutletPhone,
    PriceItem,
    TouringStop,
)
from ..rules.outlet_rows import OutletRecord
from .audit import change_row, change_rows_insert, registry_touch
from .bulk import copy_rows, insert_objects
from .cards import outlet_cards_refresh

CHUNK = 5000
OUTLET_FIELDS = ("name", "uscc", "kind", "address", "division_id", "lat", "lon", "opening_hours",
                 "in_store", "home_visit_radius_km", "remote_diagnosis")


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outlet_ids: dict[str, int] = field(default_factory=dict)


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _dec(value, places: str) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal(places)))


def _outlet_fields(r: OutletRecord) -> dict:
    return {
        "name": r.name, "uscc": r.uscc, "kind": r.kind, "address": r.address,
        "division_id": r.division_code, "lat": r.lat, "lon": r.lon,
        "opening_hours": r.opening_hours, "in_store": r.in_store,
        "home_visit_radius_km": _dec(r.home_visit_radius_km, "0.1"),
        "remote_diagnosis": r.remote_diagnosis,
    }


def _record_view(r: OutletRecord, current: dict | None) -> dict:
    auths = dict(current["authorizations"]) if current else {}
    for brand in r.brands:
        auths[brand] = {"categories": sorted(r.categories), "certificate_no": r.certificate_no,
                        "valid_from": r.valid_from.isoformat(), "valid_to": r.valid_to.isoformat()}
    prices = current["price_list"] if current and r.price_list is None else [
        [p.item, p.covers, _dec(p.price_yuan, "0.01"), p.pricing_method, p.is_visit_fee]
        for p in (r.price_list or ())
    ]
    return {
        **_outlet_fields(r),
        "phones": sorted([key, kind, shown] for key, kind, shown in r.phones),
        "touring": sorted([t.division_code, t.schedule, _dec(t.visits_per_month, "0.1")]
                          for t in r.touring),
        "price_list": prices,
        "authorizations": auths,
    }


def _current_views(outlet_ids: list[int], manufacturer: Manufacturer) -> dict[int, dict]:
    views: dict[int, dict] = {}
    for ids in _chunks(outlet_ids):
        for o in Outlet.objects.filter(id__in=ids).values("id", *OUTLET_FIELDS):
            outlet_id = o.pop("id")
            views[outlet_id] = {**o, "home_visit_radius_km": _dec(o["home_visit_radius_km"], "0.1"),
                                "phones": [], "touring": [], "price_list": [],
                                "authorizations": {}}
        for p in OutletPhone.objects.filter(outlet_id__in=ids).values_list(
                "outlet_id", "number", "kind", "display"):
            views[p[0]]["phones"].append(list(p[1:]))
        for t in TouringStop.objects.filter(outlet_id__in=ids).values_list(
                "outlet_id", "division_id", "schedule", "visits_per_month"):
            views[t[0]]["touring"].append([t[1], t[2], _dec(t[3], "0.1")])
        for p in PriceItem.objects.filter(outlet_id__in=ids, manufacturer=manufacturer).order_by(
                "position").values_list("outlet_id", "item", "covers", "price_yuan",
                                        "pricing_method", "is_visit_fee"):
            views[p[0]]["price_list"].append([p[1], p[2], _dec(p[3], "0.01"), p[4], p[5]])
        _add_authorizations(views, ids, manufacturer)
    for view in views.values():
        view["phones"].sort()
        view["touring"].sort()
    return views


def _add_authorizations(views: dict[int, dict], ids: list[int], manufacturer) -> None:
    auths = Authorization.objects.filter(outlet_id__in=ids, brand__manufacturer=manufacturer)
    cats = defaultdict(list)
    through = Authorization.categories.through.objects.filter(authorization__in=auths)
    for auth_id, code in through.values_list("authorization_id", "category_id"):
        cats[auth_id].append(code)
    for a in auths.values("id", "outlet_id", "brand__name", "certificate_no", "valid_from",
                          "valid_to"):
        views[a["outlet_id"]]["authorizations"][a["brand__name"]] = {
            "categories": sorted(cats[a["id"]]), "certificate_no": a["certificate_no"],
            "valid_from": a["valid_from"].isoformat(), "valid_to": a["valid_to"].isoformat()}


def _own_refs(manufacturer, column: str, values: list) -> dict:
    """This manufacturer's refs as {external_id: outlet_id}, looked up by `column`."""
    refs: dict[str, int] = {}
    for chunk in _chunks(values):
        refs.update(ExternalRef.objects.filter(manufacturer=manufacturer, **{f"{column}__in": chunk})
                    .values_list("external_id", "outlet_id"))
    return refs


def _match_existing(manufacturer, records: list[OutletRecord]) -> tuple[dict[str, int], set[int]]:
    """(external_id -> outlet id, the outlet ids this manufacturer already lists).

    An outlet is found by this manufacturer's own external_id, else by its credit code (an
    outlet another brand listed first). InvalidInput (422) when rows contradict the registry.
    """
    found = _own_refs(manufacturer, "external_id", [r.external_id for r in records])
    has_ref = set(found.values())
    by_uscc: dict[str, int] = {}
    for codes in _chunks([r.uscc for r in records if r.uscc]):
        by_uscc.update(Outlet.objects.filter(uscc__in=codes).values_list("uscc", "id"))
    listed_as = {oid: ext for ext, oid in _own_refs(
        manufacturer, "outlet_id", sorted(set(by_uscc.values()) - has_ref)).items()}
    errors, claimed = [], {}
    for index, r in enumerate(records):
        holder = by_uscc.get(r.uscc) if r.uscc else None
        if r.external_id not in found and holder is not None:
            found[r.external_id] = holder
        outlet_id = found.get(r.external_id)
        if holder is not None and outlet_id != holder:
            errors.append({"index": index, "field": "uscc",
                           "reason": "this credit code belongs to another registered outlet"})
        elif holder in listed_as:
            errors.append({"index": index, "field": "external_id",
                           "reason": f"you list this outlet as '{listed_as[holder]}' already"})
        if outlet_id is not None and claimed.setdefault(outlet_id, index) != index:
            errors.append({"index": index, "field": "external_id",
                           "reason": f"same outlet as index {claimed[outlet_id]}"})
    if errors:
        raise InvalidInput(errors)
    return found, has_ref


@transaction.atomic
def outlets_upsert(
    *, manufacturer: Manufacturer, records: list[OutletRecord], actor: str, at: datetime,
    demo: bool = False,
) -> UpsertResult:
    """Create or update the manufacturer's outlets and authorizations; atomic, idempotent.

    Raises InvalidInput (422) when a row conflicts with the registry (credit code of another
    outlet, two rows for one outlet); nothing is written then.
    """
    existing, has_ref = _match_existing(manufacturer, records)
    current = _current_views(sorted(set(existing.values())), manufacturer)
    result, new, changed = UpsertResult(), [], []
    for r in records:
        outlet_id = existing.get(r.external_id)
        before = current.get(outlet_id) if outlet_id else None
        after = _record_view(r, before)
        if outlet_id is None:
            new.append((r, after))
        elif after == before and outlet_id in has_ref:
            result.unchanged += 1
            result.outlet_ids[r.external_id] = outlet_id
        else:
            changed.append((r, outlet_id, before, after))
    _write(manufacturer, new, changed, has_ref, actor, at, result, demo)
    return result


def _differs(before: dict | None, after: dict, part: str) -> bool:
    if before is None:
        return True
    if part == "outlet":
        return any(before[f] != after[f] for f in OUTLET_FIELDS)
    return before[part] != after[part]


def _write(manufacturer, new, changed, has_ref, actor, at, result, demo) -> None:
    """Write only the parts that differ: a second brand listing a shared outlet adds its
    authorization without rewriting the outlet, its phones or its touring stops."""
    outlets = [Outlet(is_demo=demo, **_outlet_fields(r)) for r, _ in new]
    insert_objects(outlets)
    for (r, _), outlet in zip(new, outlets, strict=True):
        result.outlet_ids[r.external_id] = outlet.id
    for r, oid, _, _ in changed:
        result.outlet_ids[r.external_id] = oid
    result.created, result.updated = len(new), len(changed)
    written = [(r, result.outlet_ids[r.external_id], None, after) for r, after in new] + changed
    if not written:
        return
    # CASE-based bulk_update costs batch² per statement in PostgreSQL: keep batches small.
    Outlet.objects.bulk_update(
        [Outlet(id=oid, **_outlet_fields(r)) for r, oid, b, a in changed
         if _differs(b, a, "outlet")], OUTLET_FIELDS, batch_size=100)
    copy_rows(ExternalRef, ["manufacturer_id", "external_id", "outlet_id"],
              [(manufacturer.id, r.external_id, oid) for r, oid, _, _ in written
               if oid not in has_ref])
    _replace_children(manufacturer, written)
    auth_rows = _write_authorizations(
        manufacturer, [(r, oid) for r, oid, b, a in written if _differs(b, a, "authorizations")],
        actor, at)
    outlet_rows = [
        change_row(entity="outlet", entity_id=oid, at=at, actor=actor, before=before, after=after,
                   action=f"service_net.outlet.{'update' if before else 'create'}")
        for r, oid, before, after in written
    ]
    change_rows_insert(outlet_rows + auth_rows)
    outlet_cards_refresh([oid for _, oid, _, _ in written])
    registry_touch()
    coverage_outlets_changed(outlet_ids=[oid for _, oid, _, _ in written], at=at)


def _replace_children(manufacturer, written: list[tuple]) -> None:
    """Replace phones, touring stops and this maker's price list where they changed."""
    def differing(part):
        return [(r, oid, b is not None) for r, oid, b, a in written if _differs(b, a, part)]

    phones, touring = differing("phones"), differing("touring")
    priced = [x for x in differing("price_list") if x[0].price_list is not None]
    for model, rows, extra in ((OutletPhone, phones, {}), (TouringStop, touring, {}),
                               (PriceItem, priced, {"manufacturer": manufacturer})):
        for chunk in _chunks([oid for _, oid, existed in rows if existed]):
            model.objects.filter(outlet_id__in=chunk, **extra).delete()
    copy_rows(OutletPhone, ["outlet_id", "number", "kind", "display"],
              [(oid, *phone) for r, oid, _ in phones for phone in r.phones])
    copy_rows(TouringStop, ["outlet_id", "division_id", "schedule", "visits_per_month"],
              [(oid, t.division_code, t.schedule, t.visits_per_month)
               for r, oid, _ in touring for t in r.touring])
    copy_rows(PriceItem, ["outlet_id", "manufacturer_id", "position", "item", "covers",
                          "price_yuan", "pricing_method", "is_visit_fee"],
              [(oid, manufacturer.id, i, p.item, p.covers, p.price_yuan, p.pricing_method,
                p.is_visit_fee) for r, oid, _ in priced for i, p in enumerate(r.price_list)])


def _write_authorizations(manufacturer, written, actor, at) -> list[tuple]:
    brands = {b.name: b.id for b in Brand.objects.filter(manufacturer=manufacturer)}
    existing = {}
    for chunk in _chunks([oid for _, oid in written]):
        existing.update({(a.outlet_id, a.brand_id): a for a in Authorization.objects.filter(
            outlet_id__in=chunk, brand__manufacturer=manufacturer)})
    to_create, to_update, wanted = [], [], []
    for r, oid in written:
        for brand in r.brands:
            auth = existing.get((oid, brands[brand]))
            if auth is None:
                auth = Authorization(outlet_id=oid, brand_id=brands[brand], state="ACTIVE")
                to_create.append(auth)
            else:
                to_update.append(auth)
            auth.certificate_no, auth.valid_from, auth.valid_to = (
                r.certificate_no, r.valid_from, r.valid_to)
            wanted.append((auth, r.categories, auth.pk is None))
    insert_objects(to_create)
    Authorization.objects.bulk_update(to_update, ["certificate_no", "valid_from", "valid_to"],
                                      batch_size=100)
    through = Authorization.categories.through
    for chunk in _chunks([a.id for a in to_update]):
        through.objects.filter(authorization_id__in=chunk).delete()
    copy_rows(through, ["authorization_id", "category_id"],
              [(a.id, c) for a, cats, _ in wanted for c in cats])
    return [
        change_row(entity="authorization", entity_id=a.id, at=at, actor=actor,
                   action=f"service_net.authorization.{'create' if is_new else 'update'}",
                   after={"brand_id": a.brand_id, "outlet_id": a.outlet_id,
                          "categories": sorted(cats), "certificate_no": a.certificate_no,
                          "valid_from": a.valid_from.isoformat(),
                          "valid_to": a.valid_to.isoformat()})
        for a, cats, is_new in wanted
    ]
