"""Signals about where an outlet says it is (domain.md §6: addresses fake, or far from the area).

A registered outlet serves within its home-visit radius (at least FAR_FLOOR_KM, the distance a
county outlet commonly covers) and the townships its touring schedule visits. An outlet the
registry does not know, claiming an address outside the consumer's city, has no premises there.
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

from .catalog import ADDRESS_FAR_FROM_AREA, ADDRESS_UNRESOLVED, FAR_FROM_CONSUMER, make_signal
from .context import Context
from .model import OutletFact, Signal

FAR_FLOOR_KM = 50.0
EARTH_RADIUS_KM = 6371.0088
CITY_DIGITS = 4  # division code prefix of a prefecture-level city (地级市)
TOWNSHIP_DIGITS = 9


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean earth radius): within 0.5 % of the geodesic."""
    lat1, lon1, lat2, lon2 = map(radians, (*a, *b))
    h = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h))


def service_limit_km(outlet: OutletFact) -> float:
    return max(outlet.home_visit_radius_km or 0.0, FAR_FLOOR_KM)


def _toured(outlet: OutletFact, division: str | None) -> bool:
    if not division:
        return False
    return any(division[:TOWNSHIP_DIGITS] == t[:TOWNSHIP_DIGITS] for t in outlet.touring_divisions)


def place_signals(ctx: Context) -> list[Signal]:
    """address_unresolved; address_far_from_area."""
    obs = ctx.obs
    if not obs.address.strip():
        return []
    if obs.address_division is None and obs.address_point is None:
        return [make_signal(ADDRESS_UNRESOLVED, address=obs.address)]
    far = _far_from_outlets(ctx) if ctx.outlets else _far_from_consumer(ctx)
    return [far] if far else []


def _far_from_outlets(ctx: Context) -> Signal | None:
    point, division = ctx.obs.address_point, ctx.obs.address_division
    if point is None or any(_toured(o, division) for o in ctx.outlets):
        return None
    nearest = min(ctx.outlets, key=lambda o: distance_km(point, (o.lat, o.lon)))
    away, limit = distance_km(point, (nearest.lat, nearest.lon)), service_limit_km(nearest)
    if away <= limit:
        return None
    return make_signal(ADDRESS_FAR_FROM_AREA, distance_km=round(away, 1), limit_km=round(limit, 1),
                       outlet_id=nearest.outlet_id, address_division=division)


def _far_from_consumer(ctx: Context) -> Signal | None:
    division, county = ctx.obs.address_division, ctx.obs.consumer_county
    if not division or not county or division[:CITY_DIGITS] == county[:CITY_DIGITS]:
        return None
    return make_signal(ADDRESS_FAR_FROM_AREA, explanation=FAR_FROM_CONSUMER,
                       address_division=division, consumer_county=county)
