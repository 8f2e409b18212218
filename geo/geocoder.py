"""Geocoders with geopy's interface: the offline gazetteer (default) or Baidu, by setting.

`GazetteerGeocoder` answers from the Division table in memory, so it works with no network and
geopy's `RateLimiter` and other callers use it unchanged. Every `Location` it returns is WGS-84
and carries in `raw`: code, name, level, county_code, lat, lon, location_from (the code of the
division whose point is given: a township without a point of its own gets its county's),
ambiguous and alternatives.

Ambiguous addresses: `geocode(..., exactly_one=True)` returns the deepest division common to all
readings ("新华镇" in two counties of one city -> the city, raw["ambiguous"] True, both townships
in raw["alternatives"]), or None when they share none ("朝阳区": Beijing or Changchun).
`exactly_one=False` returns one Location per reading.

`geocoder_from_settings()`: GEOCODER = "gazetteer" (default) or "baidu" (BAIDU_API_KEY), whose
BD-09 answers are converted to WGS-84 before they reach us.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from geopy.exc import GeopyError
from geopy.geocoders import BaiduV3
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from .rules.address import Place, match_address
from .rules.coords import BD09, WGS84, gcj02_to_bd09, to_wgs84, wgs84_to_gcj02
from .services.gazetteer_memory import LoadedGazetteer, PointPlaces, loaded_gazetteer

log = logging.getLogger(__name__)


def place_raw(gazetteer: LoadedGazetteer, place: Place) -> dict:
    """The JSON-ready description of a division: code, name, level, county, point and its origin."""
    point, point_code = gazetteer.point_of(place.code)
    return {
        "code": place.code, "name": place.name, "level": place.level,
        "county_code": gazetteer.county_code(place.code),
        "lat": point.lat if point else None, "lon": point.lon if point else None,
        "location_from": point_code,
    }


def _location(gazetteer: LoadedGazetteer, place: Place, **extra) -> Location | None:
    raw = {**place_raw(gazetteer, place), **extra}
    if raw["lat"] is None:
        return None
    address = "".join(p.name for p in gazetteer.addresses.lineage(place.code))
    return Location(address, (raw["lat"], raw["lon"]), raw)


class GazetteerGeocoder(Geocoder):
    """Offline geocoding against the gazetteer; `within` (a division code) limits the answers."""

    def __init__(self, *, within: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.within = within

    def geocode(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL, within=None):
        if not isinstance(query, str) or not query.strip():
            return None
        gazetteer = loaded_gazetteer()
        match = match_address(gazetteer.addresses, query, within=within or self.within)
        extra = {"ambiguous": match.ambiguous, "rest": match.rest,
                 "alternatives": [place_raw(gazetteer, p) for p in match.alternatives],
                 "matched": [{"text": s.text, "code": s.place.code, "how": s.how} for s in match.chain]}
        if exactly_one:
            return _location(gazetteer, match.place, **extra) if match.place else None
        readings = match.alternatives or ((match.place,) if match.place else ())
        found = [loc for p in readings if (loc := _location(gazetteer, p, **extra))]
        return found or None

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        point = Point(query)
        gazetteer = loaded_gazetteer()
        where = gazetteer.locate(point.latitude, point.longitude)
        if where.county is None:
            return None
        extra = point_places_raw(gazetteer, where)
        places = [where.township.place] if where.township else []
        found = [loc for p in (*places, where.county) if (loc := _location(gazetteer, p, **extra))]
        if not found:
            return None
        return found[0] if exactly_one else found


def point_places_raw(gazetteer: LoadedGazetteer, where: PointPlaces) -> dict:
    """county, county_from and township (with distance_km) of a located point, JSON-ready."""
    township = None
    if where.township:
        township = {**place_raw(gazetteer, where.township.place),
                    "distance_km": round(where.township.distance_km, 3)}
    return {"county": place_raw(gazetteer, where.county), "county_from": where.county_from,
            "township": township}


def location_to_wgs84(location: Location, system: str) -> Location:
    """The same Location with its point converted from `system` (gcj02/bd09) to WGS-84; the
    original point is kept in raw["source_point"]."""
    converted = to_wgs84(location.latitude, location.longitude, system)
    raw = {**location.raw, "coord_system": WGS84,
           "source_point": {"lat": location.latitude, "lon": location.longitude, "system": system}}
    return Location(location.address, (converted.lat, converted.lon), raw)


def _converted(result, system: str):
    if result is None:
        return None
    if isinstance(result, list):
        return [location_to_wgs84(loc, system) for loc in result]
    return location_to_wgs84(result, system)


class WGS84BaiduV3(BaiduV3):
    """geopy's BaiduV3 with its BD-09 answers converted to WGS-84 (geopy never asks Baidu for
    another coordinate system). `base_url` replaces https://api.map.baidu.com (a proxy)."""

    def __init__(self, api_key: str, *, base_url: str = "", **kwargs):
        super().__init__(api_key, **kwargs)
        if base_url:
            self.api = base_url.rstrip("/") + self.api_path
            self.reverse_api = base_url.rstrip("/") + self.reverse_path

    def _parse_json(self, page, exactly_one=True):
        return _converted(super()._parse_json(page, exactly_one), BD09)

    def _parse_reverse_json(self, page, exactly_one=True):
        return _converted(super()._parse_reverse_json(page, exactly_one), BD09)

    def reverse(self, query, *, exactly_one=True, timeout=DEFAULT_SENTINEL):
        """`query` in WGS-84, sent to Baidu as the BD-09 point it expects."""
        point = Point(query)
        gcj = wgs84_to_gcj02(point.latitude, point.longitude)
        bd = gcj02_to_bd09(gcj.lat, gcj.lon)
        return super().reverse((bd.lat, bd.lon), exactly_one=exactly_one, timeout=timeout)


def geocoder_from_settings() -> Geocoder:
    """The geocoder the GEOCODER setting names."""
    choice = getattr(settings, "GEOCODER", "gazetteer") or "gazetteer"
    if choice == "gazetteer":
        return GazetteerGeocoder()
    if choice == "baidu":
        if not settings.BAIDU_API_KEY:
            raise ImproperlyConfigured("GEOCODER = 'baidu' needs BAIDU_API_KEY")
        return WGS84BaiduV3(api_key=settings.BAIDU_API_KEY, base_url=settings.BAIDU_API_BASE,
                            timeout=ONLINE_TIMEOUT_S)
    raise ImproperlyConfigured(f"unknown GEOCODER {choice!r}: use 'gazetteer' or 'baidu'")


ONLINE_TIMEOUT_S = 3


def online_point(text: str) -> tuple[float, float] | None:
    """The WGS-84 point an online geocoder (GEOCODER=baidu) gives for an address the gazetteer
    could not place; None when none is configured, it finds nothing or it cannot be reached.
    The address leaves the machine: only called when the setting asks for it."""
    geocoder = geocoder_from_settings()
    if isinstance(geocoder, GazetteerGeocoder):
        return None
    try:
        location = geocoder.geocode(text, exactly_one=True)
    except GeopyError:
        log.warning("online geocoder failed")  # never the address: it may be personal data
        return None
    return (location.latitude, location.longitude) if location else None
