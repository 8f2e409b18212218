"""The gazetteer in memory for geocoding: loaded once per process from the Division table.

Reloaded when the table changes, checked cheaply on every use:
- writers of the geo app (import_divisions, the shipped loader) call `gazetteer_changed()`, which
  drops this process's copy and puts a new version token in the Django cache (Redis when
  configured, so every process sees it), now and again on commit. The token is read at most
  once a second per process (GEO_GAZETTEER_TOKEN_SECONDS): other processes reload within that.
- writes that bypass those services (the admin, SQL, a rolled-back transaction) are caught by a
  fingerprint of the whole table (row count, largest code, sums of coordinates, populations,
  name and parent code lengths, rural count), compared at most every
  GEO_GAZETTEER_CHECK_SECONDS (default 5 s) per process: measured 3-5 ms for the shipped 3,320
  rows and ~20 ms for 43,000, too slow for every request.
`division_for_address` and `county_for_point` build their Division from this memory too: a name
edited in the admin shows in them within those 5 seconds.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import router, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length

from config.softcache import cache_get, cache_set

from ..index import PointIndex, geodesic_km
from ..models import Division
from ..rules.address import AddressIndex, Place
from ..rules.coords import LatLon, china_location_problem
from .county_boundaries import county_boundaries

_lock = threading.Lock()
_current: dict = {}
VERSION_KEY = "geo:gazetteer:version"


@dataclass(frozen=True)
class NearPlace:
    place: Place
    distance_km: float


@dataclass(frozen=True)
class PointPlaces:
    """What a point lies in: its county (how it was found) and the nearest township of it."""

    county: Place | None
    county_from: str  # "boundary" | "nearest_seat" | "" (outside China or no data)
    township: NearPlace | None


# The Division columns held in memory, in the model's order (Division.from_db needs that order).
DIVISION_COLUMNS = ("code", "name", "level", "parent_id", "kind", "lat", "lon")


class LoadedGazetteer:
    def __init__(self, rows: list[tuple]):
        """`rows`: (code, name, level, parent code, lat, lon[, kind]) of every division."""
        self.places = {row[0]: Place(*row[:4]) for row in rows}
        self.points = {row[0]: LatLon(row[4], row[5]) for row in rows if row[4] is not None}
        self.kinds = {row[0]: row[6] for row in rows if len(row) > 6}
        self.addresses = AddressIndex.build(self.places.values())
        self._townships_by_county: dict[str, list[str]] = {}
        for place in self.places.values():
            if place.level == Division.Level.TOWNSHIP and place.code in self.points:
                county = self.county_code(place.code)
                self._townships_by_county.setdefault(county or "", []).append(place.code)
        self._seats = [c for c, p in self.places.items()
                       if p.level == Division.Level.COUNTY and c in self.points]
        self._seat_index = PointIndex(np.array([self.points[c].lat for c in self._seats]),
                                      np.array([self.points[c].lon for c in self._seats]))

    def division(self, code: str) -> Division | None:
        """The division as a model instance built from memory, with its parents attached (so
        walking up costs no query). Columns not held here (population, source) are deferred:
        reading one queries the database. As current as this gazetteer (see the module doc)."""
        place = self.places.get(code)
        if place is None:
            return None
        point = self.points.get(code)
        division = Division.from_db(router.db_for_read(Division), DIVISION_COLUMNS, (
            code, place.name, place.level, place.parent_code, self.kinds.get(code, ""),
            point.lat if point else None, point.lon if point else None))
        if place.parent_code is not None:
            division.parent = self.division(place.parent_code)
        return division

    def county_code(self, code: str) -> str | None:
        """The county a division lies in (itself for a county; None above county level)."""
        for place in reversed(self.addresses.lineage(code)):
            if place.level == Division.Level.COUNTY:
                return place.code
        return None

    def point_of(self, code: str) -> tuple[LatLon | None, str | None]:
        """(point, code of the division it belongs to): the division's own, else its nearest
        ancestor's — 17 Wuwei townships have no point of their own."""
        for place in reversed(self.addresses.lineage(code)):
            if place.code in self.points:
                return self.points[place.code], place.code
        return None, None

    def locate(self, lat: float, lon: float) -> PointPlaces:
        """The county containing (lat, lon) — by boundary when the boundary's code is in the
        gazetteer, else the nearest county seat — and that county's nearest township (geodesic)."""
        if china_location_problem(lat, lon):
            return PointPlaces(None, "", None)
        county, county_from = self._county_by_boundary(lat, lon), "boundary"
        if county is None:
            county, county_from = self._nearest_seat(lat, lon), "nearest_seat"
        if county is None:
            return PointPlaces(None, "", None)
        return PointPlaces(county, county_from, self._nearest_township(lat, lon, county.code))

    def _county_by_boundary(self, lat: float, lon: float) -> Place | None:
        boundaries = county_boundaries()
        codes = boundaries.county_codes_at(lat, lon) if boundaries else []
        known = [self.places[c] for c in codes if c in self.places]
        return known[0] if known else None

    def _nearest_seat(self, lat: float, lon: float) -> Place | None:
        hits = self._seat_index.nearest(lat, lon, 1)
        return self.places[self._seats[hits[0].position]] if hits else None

    def _nearest_township(self, lat: float, lon: float, county_code: str) -> NearPlace | None:
        codes = self._townships_by_county.get(county_code)
        if not codes:
            return None
        km = geodesic_km(lat, lon, np.array([self.points[c].lat for c in codes]),
                         np.array([self.points[c].lon for c in codes]))
        best = int(np.argmin(km))
        return NearPlace(self.places[codes[best]], float(km[best]))


def gazetteer_fingerprint() -> tuple:
    return tuple(Division.objects.aggregate(
        n=Count("code"), top=Max("code"), lat=Sum("lat"), lon=Sum("lon"), people=Sum("population"),
        names=Sum(Length("name")), parents=Sum(Length("parent_id")),
        rural=Count("code", filter=Q(kind=Division.Kind.RURAL))).values())


def _check_seconds() -> float:
    return float(getattr(settings, "GEO_GAZETTEER_CHECK_SECONDS", 5.0))


def _still_current(token: str | None) -> bool:
    if "gazetteer" not in _current or _current["token"] != token:
        return False
    if time.monotonic() - _current["checked_at"] < _check_seconds():
        return True
    if gazetteer_fingerprint() != _current["fingerprint"]:
        return False
    _current["checked_at"] = time.monotonic()
    return True


def _token_seconds() -> float:
    return float(getattr(settings, "GEO_GAZETTEER_TOKEN_SECONDS", 1.0))


def _token() -> str | None:
    """The version token, read from the cache at most every GEO_GAZETTEER_TOKEN_SECONDS (default
    1 s) per process: a read costs ~0.4 ms of CPU (a Redis client per call), and a filing uses the
    gazetteer twice. This process's own writers clear its copy at once (gazetteer_changed)."""
    seen = _token_seen
    now = time.monotonic()
    if seen and now - seen[0] < _token_seconds() and "gazetteer" in _current:
        return seen[1]
    token = cache_get(VERSION_KEY)  # Redis down: no token; the fingerprint still catches edits
    _token_seen[:] = [now, token]
    return token


_token_seen: list = []


def loaded_gazetteer() -> LoadedGazetteer:
    """The in-memory gazetteer, rebuilt first when the Division table has changed."""
    token = _token()
    if _still_current(token):
        return _current["gazetteer"]
    with _lock:
        fingerprint = gazetteer_fingerprint()
        rows = list(Division.objects.values_list("code", "name", "level", "parent_id", "lat", "lon",
                                                 "kind"))
        gazetteer = LoadedGazetteer(rows)
        _current.update(gazetteer=gazetteer, token=token, fingerprint=fingerprint,
                        checked_at=time.monotonic())
    return gazetteer


def _new_version() -> None:
    _current.clear()
    cache_set(VERSION_KEY, uuid.uuid4().hex, None)


def gazetteer_changed() -> None:
    """Writers call this: this process reloads on its next use, the others within
    GEO_GAZETTEER_TOKEN_SECONDS; now and after commit."""
    _new_version()
    transaction.on_commit(_new_version)
