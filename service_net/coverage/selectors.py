"""Reads for the coverage API: a region's townships with their coverage, and the outlets nearby.

All brands together: the stored rows (as of the last refresh). One brand: computed on request
for the region from the registry as it is today (not stored, not cached), with the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from scipy.spatial import cKDTree

from config.errors import DomainError, InvalidInput, NotFound
from geo.index import GC_MARGIN, chord_for_km, unit_vectors
from geo.models import Division
from geo.rules.codes import code_level, code_prefix, full_code
from geo.rules.coverage import NO_OUTLET, Points, ServingOutlets, TownshipStatus, assess
from geo.rules.placement import PlacementStep, Site, Target, place_outlets

from ..models import (
    Authorization,
    Brand,
    Category,
    CoverageOutlet,
    CoverageState,
    Outlet,
    TouringStop,
    TownshipCoverage,
)
from ..selectors import brand_resolve
from .grid import cells_around
from .inputs import CategoryBits, Footprint, Touring, fetch_rows, in_category, stored_footprint
from .store import CHUNK

REGION_LEVELS = ("province", "city", "county")
NEAR_KM = 50.0  # the map's outlet layer: outlets within this distance of a township of the region
MAX_CELLS = 20_000


class CoverageNotComputed(DomainError):
    code = "coverage_not_computed"
    http_status = 409

    def __init__(self):
        super().__init__(_("Coverage has not been computed yet: run manage.py coverage_refresh."))


@dataclass(frozen=True)
class TownshipRow:
    code: str
    name: str
    county_code: str
    population: int | None
    lat: float | None
    lon: float | None
    status: TownshipStatus
    nearest_outlet_id: int | None
    nearest_outlet_name: str | None
    nearest_km: float | None


@dataclass(frozen=True)
class RegionCoverage:
    region: Division
    category: Category
    brand: Brand | None
    computed_at: datetime | None
    computed_for: date | None
    townships: list[TownshipRow]
    # One brand: the outlets the report was computed from (the map's outlet layer reuses them).
    brand_outlets: ServingOutlets | None = None


def region_resolve(code: str | None) -> Division:
    """A province, city or county by its 6- or 12-digit code; 422 when malformed, 404 when unknown."""
    code = (code or "").strip()
    if not re.fullmatch(r"[0-9]{6}|[0-9]{12}", code):
        raise InvalidInput([{"field": "region", "reason": _("give a 6- or 12-digit division code")}])
    code = full_code(code)
    if code_level(code) not in REGION_LEVELS:
        raise InvalidInput([{"field": "region",
                             "reason": _("the region must be a province, city or county")}])
    region = Division.objects.filter(code=code).first()
    if region is None:
        raise NotFound(_("No division has the code %(code)s.") % {"code": code}, field="region")
    return region


def category_resolve(code: str | None) -> Category:
    category = Category.objects.filter(code=(code or "").strip()).first()
    if category is None:
        raise InvalidInput([{"field": "category",
                             "reason": _("unknown category '%(code)s'") % {"code": code}}])
    return category


def brand_find(name: str | None) -> Brand | None:
    if not (name or "").strip():
        return None
    brand = brand_resolve(name)
    if brand is None:
        raise InvalidInput([{"field": "brand", "reason": _("unknown brand '%(name)s'") % {"name": name}}])
    return brand


def areas_of(region: Division) -> list[Division]:
    """The region, then every city and county inside it (the rollup areas), by code."""
    inside = Division.objects.filter(code__startswith=code_prefix(region.code),
                                     level__in=["city", "county"]).exclude(code=region.code)
    return [region, *inside.order_by("level", "code")]


def region_coverage(region: Division, category: Category, brand: Brand | None, *,
                    at: datetime, today: date) -> RegionCoverage:
    """All brands: the stored rows (CoverageNotComputed before the first refresh). One brand:
    computed now (`at`) from the registry as it is on `today`."""
    if brand is not None:
        return _brand_coverage(region, category, brand, at, today)
    state = CoverageState.objects.filter(pk=1, refreshed_at__isnull=False).first()
    if state is None:
        raise CoverageNotComputed()
    rows = TownshipCoverage.objects.filter(
        category=category, township__code__startswith=code_prefix(region.code)).order_by(
        "township_id").values_list(
        "township_id", "township__name", "township__parent_id", "township__population",
        "township__lat", "township__lon", "home_visit", "touring", "remote_diagnosis",
        "nearest_outlet_id", "nearest_outlet__name", "nearest_outlet_km")
    townships = [TownshipRow(code, name, county, pop, lat, lon,
                             TownshipStatus(code, county, pop, home, touring, remote),
                             near_id, near_name, near_km)
                 for (code, name, county, pop, lat, lon, home, touring, remote, near_id, near_name,
                      near_km) in rows]
    return RegionCoverage(region, category, None, state.refreshed_at, state.computed_for, townships)


# --- one brand, on request ------------------------------------------------------------------

def _authorized(brand: Brand, category: Category, today: date):
    return Authorization.objects.filter(
        brand=brand, categories=category, state=Authorization.State.ACTIVE,
        valid_from__lte=today, valid_to__gte=today).values("outlet_id")


def brand_outlets(brand: Brand, category: Category, today: date) -> ServingOutlets:
    """Every outlet the brand authorizes for the category, ACTIVE and valid today."""
    rows = fetch_rows(Outlet.objects.filter(id__in=_authorized(brand, category, today)).annotate(
        radius=Cast("home_visit_radius_km", FloatField())).order_by("id").values_list(
        "id", "lat", "lon", "radius", "remote_diagnosis"))
    return Footprint.from_rows([(r[0], 1, *r[1:]) for r in rows]).serving()


def _brand_coverage(region, category, brand, at, today) -> RegionCoverage:
    towns = list(Division.objects.filter(level=Division.Level.TOWNSHIP,
                                         code__startswith=code_prefix(region.code))
                 .order_by("code").values_list("code", "name", "parent_id", "population", "lat", "lon"))
    outlets = brand_outlets(brand, category, today)
    codes = np.array([t[0] for t in towns], dtype=object)
    touring = Touring.from_rows(fetch_rows(TouringStop.objects.filter(
        outlet_id__in=_authorized(brand, category, today), division_id__in=codes.tolist()).annotate(
        visits=Cast("visits_per_month", FloatField())).values_list("outlet_id", "division_id", "visits")))
    points = Points.of([(t[4], t[5]) for t in towns])
    result = assess(points, outlets, touring.visits_per_township(
        codes, {c: i for i, c in enumerate(codes.tolist())}))
    names = outlet_names(result.nearest_outlet_id[result.nearest_outlet_id != NO_OUTLET].tolist())
    townships = []
    for i, (code, name, county, pop, lat, lon) in enumerate(towns):
        known, near = bool(result.location_known[i]), int(result.nearest_outlet_id[i])
        status = TownshipStatus(code, county, pop, bool(result.home_visit[i]) if known else None,
                                bool(result.touring[i]), bool(result.remote_diagnosis[i]))
        townships.append(TownshipRow(
            code, name, county, pop, lat, lon, status, near if near != NO_OUTLET else None,
            names.get(near), None if np.isnan(result.nearest_km[i]) else float(result.nearest_km[i])))
    return RegionCoverage(region, category, brand, at, today, townships, outlets)


def outlet_names(ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        names.update(Outlet.objects.filter(id__in=ids[start:start + CHUNK]).values_list("id", "name"))
    return names


# --- the outlet layer of the map --------------------------------------------------------------

def outlets_shown(report: RegionCoverage) -> list[dict]:
    """Authorized outlets within NEAR_KM of a township of the region, plus each one's nearest."""
    located = [t for t in report.townships if t.lat is not None]
    if report.brand_outlets is not None:
        candidates = report.brand_outlets
    else:
        candidates = _stored_outlets_near(report.category, located)
    keep = _within(candidates, located, NEAR_KM)
    ids = set(candidates.outlet_id[keep].tolist())
    ids |= {t.nearest_outlet_id for t in report.townships if t.nearest_outlet_id is not None}
    at = {oid: i for i, oid in enumerate(candidates.outlet_id.tolist())}
    details = {o["id"]: o for o in Outlet.objects.filter(id__in=sorted(ids)).values(
        "id", "name", "in_store", "lat", "lon", "home_visit_radius_km", "remote_diagnosis")}
    shown = []
    for oid in sorted(ids):
        if oid not in details:
            continue
        o, i = details[oid], at.get(oid)
        if i is not None:  # where and how the computed coverage saw it
            radius = candidates.radius_km[i]
            o = {**o, "lat": float(candidates.points.lat[i]), "lon": float(candidates.points.lon[i]),
                 "home_visit_radius_km": None if np.isnan(radius) else float(radius),
                 "remote_diagnosis": bool(candidates.remote[i])}
        shown.append(o)
    return shown


def _stored_outlets_near(category: Category, located: list[TownshipRow]) -> ServingOutlets:
    """The footprint's outlets for the category in the grid cells around these townships."""
    codes = CoverageState.objects.filter(pk=1).values_list("categories", flat=True).first() or []
    if not located or category.code not in codes:
        return Footprint.from_rows([]).serving()
    queryset = in_category(CoverageOutlet.objects.all(), CategoryBits(tuple(codes)).bit(category.code))
    cells = cells_around([t.lat for t in located], [t.lon for t in located], NEAR_KM * GC_MARGIN,
                         MAX_CELLS)
    if cells is None:
        return stored_footprint(queryset).serving()
    parts, cells = [Footprint.from_rows([])], sorted(cells)
    for start in range(0, len(cells), CHUNK):
        parts.append(stored_footprint(queryset.filter(cell__in=cells[start:start + CHUNK])))
    return Footprint.concat(parts).serving()


def _within(outlets: ServingOutlets, located: list[TownshipRow], km: float) -> np.ndarray:
    """Outlets whose great-circle distance to some township is at most `km` (display only)."""
    if len(outlets) == 0 or not located:
        return np.zeros(len(outlets), dtype=bool)
    tree = cKDTree(unit_vectors(np.array([t.lat for t in located]), np.array([t.lon for t in located])))
    chord, _ = tree.query(unit_vectors(outlets.points.lat, outlets.points.lon), 1)
    return np.asarray(chord) <= chord_for_km(km)


# --- where new outlets would help most ---------------------------------------------------------

def placement(report: RegionCoverage, *, k: int, radius_km: float) -> tuple[list[PlacementStep], int]:
    """Greedy seats (geo.rules.placement) and how many gaps had to be left out for lack of a point."""
    located = [t for t in report.townships if t.status.location_known and t.lat is not None]
    sites = [Site(t.code, t.lat, t.lon) for t in located]
    targets = [Target(t.code, t.lat, t.lon, t.population) for t in located
               if t.status.without_service_on_site]
    located_codes = {t.code for t in located}
    left_out = sum(1 for t in report.townships
                   if t.status.without_service_on_site and t.code not in located_codes)
    return place_outlets(sites, targets, k=k, radius_km=radius_km), left_out
