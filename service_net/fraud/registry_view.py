"""The registry as the fraud rules need it for one observation (RegistryView), from the cards.

A `RegistryReader` serves all observations of one number: each look-up (outlets by phone, by a
name, a brand's outlets near a place) is made once however many observations repeat it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.db.models import Q

from geo.models import Division

from ..models import Brand, Outlet, OutletPhone
from ..presenters import authorization_fact
from ..registry_index import registry_index
from ..rules.fraud import BrandFact, Observation, OutletFact, RegistryView

NAME_CANDIDATES = 20
BRAND_GUIDE_OUTLETS = 5  # the claimed brand's nearest outlets whose posted prices are the guide
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


def phone_cards(phone_key: str) -> list[dict]:
    """Cards of the outlets listing this phone key."""
    if not phone_key:
        return []
    listed = OutletPhone.objects.filter(number=phone_key).values("outlet_id")
    return list(Outlet.objects.filter(id__in=listed).order_by("id").values_list("card", flat=True))


def brand_guide_cards(brand_id: int, category: str | None, point: tuple[float, float],
                      today: date) -> list[dict]:
    """Cards of the brand's BRAND_GUIDE_OUTLETS nearest outlets with an active authorization (for
    the category when one is known), by the in-memory registry index: one bounded read."""
    hits = registry_index().nearest(point[0], point[1], brand_id=brand_id, category=category,
                                    k=BRAND_GUIDE_OUTLETS, today=today)
    if not hits and category is not None:  # no outlet for that category: the brand's own
        hits = registry_index().nearest(point[0], point[1], brand_id=brand_id, category=None,
                                        k=BRAND_GUIDE_OUTLETS, today=today)
    found = dict(Outlet.objects.filter(id__in=[h.outlet_id for h in hits])
                 .values_list("id", "card"))
    return [found[h.outlet_id] for h in hits if h.outlet_id in found]


class RegistryReader:
    """RegistryViews for the observations of one recompute, each look-up made once."""

    def __init__(self, *, today: date, brands: tuple[BrandFact, ...] | None = None):
        self.today = today
        self.brands = brand_facts() if brands is None else brands
        self._memo: dict[tuple, tuple[OutletFact, ...]] = {}
        self._points: dict[str, tuple[float, float] | None] = {}

    def _once(self, key: tuple, read) -> tuple[OutletFact, ...]:
        if key not in self._memo:
            self._memo[key] = tuple(outlet_fact(c) for c in read())
        return self._memo[key]

    def view(self, observation: Observation) -> RegistryView:
        """Outlets listing its phone, outlets with a similar name, every brand (for imitation
        checks) and, when it reports charges, the claimed brand's outlets near the consumer."""
        key, name = observation.phone_key, observation.name
        return RegistryView(
            by_phone=self._once(("phone", key), lambda: phone_cards(key)),
            by_name=self._once(("name", name), lambda: name_candidates(name)),
            brands=self.brands, today=self.today,
            brand_outlets=self._brand_outlets(observation),
        )

    def _brand_outlets(self, obs: Observation) -> tuple[OutletFact, ...]:
        # Only charges are held to the brand's posted prices (rules.fraud.charges): without
        # charges or a resolved brand there is nothing to compare, so nothing is read.
        if not obs.charges or obs.brand_id is None:
            return ()
        point = self._consumer_point(obs)
        if point is None:
            return ()
        return self._once(("guide", obs.brand_id, obs.category, point), lambda: brand_guide_cards(
            obs.brand_id, obs.category, point, self.today))

    def _consumer_point(self, obs: Observation) -> tuple[float, float] | None:
        """Where the consumer is: their county's point, else the address they were given."""
        county = obs.consumer_county
        if county and county not in self._points:
            found = Division.objects.filter(code=county, lat__isnull=False).values_list(
                "lat", "lon").first()
            self._points[county] = tuple(found) if found else None
        return (self._points.get(county) if county else None) or obs.address_point

