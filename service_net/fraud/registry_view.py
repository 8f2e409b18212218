"""The registry as the fraud rules need it for one observation (RegistryView), from the cards."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db.models import Q

from ..models import Brand, Outlet, OutletPhone
from ..presenters import authorization_fact
from ..rules.fraud import BrandFact, Observation, OutletFact, RegistryView

NAME_CANDIDATES = 20
# Words every repair shop's name carries; the rest of a name is what makes it similar to another.
_GENERIC = re.compile(r"(有限责任公司|有限公司|公司|官方|授权|指定|特约|售后服务中心|售后服务|售后|"
                      r"服务中心|服务站|服务部|服务|维修中心|维修部|维修站|维修点|维修|中心|家电|电器|网点|店|部)")


def outlet_fact(card: dict) -> OutletFact:
    modes = card["service_modes"]
    radius = modes.get("home_visit_radius_km")
    return OutletFact(
        outlet_id=card["id"], name=card["name"],
        phone_keys=frozenset(p["number"] for p in card["phones"]),
        division=card.get("division_code"), lat=card["lat"], lon=card["lon"],
        home_visit_radius_km=float(radius) if radius is not None else None,
        touring_divisions=frozenset(t["division_code"] for t in modes.get("touring", ())),
        authorizations=tuple(authorization_fact(card["id"], a) for a in card["authorizations"]),
        price_items=tuple(
            (p["item"], Decimal(str(p["price_yuan"])) if p["price_yuan"] is not None else None,
             bool(p["is_visit_fee"])) for p in card["price_list"]),
    )


def brand_facts() -> tuple[BrandFact, ...]:
    brands = Brand.objects.prefetch_related("aliases").order_by("id")
    return tuple(BrandFact(brand_id=b.id, name=b.name, name_en=b.name_en,
                           aliases=frozenset(a.alias for a in b.aliases.all()),
                           manufacturer_id=b.manufacturer_id) for b in brands)


def name_core(name: str) -> str:
    """The distinctive part of an outlet name: '凉州区海尔官方售后服务中心' → '凉州区海尔'."""
    return _GENERIC.sub("", "".join((name or "").split()))


def name_candidates(name: str) -> list[dict]:
    """Cards of outlets whose name contains the given name or its distinctive part (capped)."""
    name = "".join((name or "").split())
    if len(name) < 2:
        return []
    query = Q(name__icontains=name)
    core = name_core(name)
    if len(core) >= 2:
        query |= Q(name__icontains=core)
    rows = Outlet.objects.filter(query).order_by("id").values_list("card", flat=True)
    return list(rows[:NAME_CANDIDATES])


def registry_view(observation: Observation, *, brands: tuple[BrandFact, ...] | None = None,
                  today) -> RegistryView:
    """What the rules need to judge `observation`: outlets listing its phone, outlets with a
    similar name, and every brand (for imitation checks)."""
    by_phone: list[dict] = []
    if observation.phone_key:
        listed = OutletPhone.objects.filter(number=observation.phone_key).values("outlet_id")
        by_phone = list(Outlet.objects.filter(id__in=listed).order_by("id")
                        .values_list("card", flat=True))
    return RegistryView(
        by_phone=tuple(outlet_fact(c) for c in by_phone),
        by_name=tuple(outlet_fact(c) for c in name_candidates(observation.name)),
        brands=brand_facts() if brands is None else brands,
        today=today,
    )
