"""Incremental refresh: after some outlets changed, recompute only the townships they can affect.

For each category that a changed outlet covered before (the stored footprint) or covers now
(the registry), a township is recomputed when
1. its stored nearest outlet is a changed one — it may have moved away or lost its authorization,
   so the new nearest can be any outlet and is searched afresh;
2. a changed outlet's home-visit radius reached it before, or reaches it now;
3. a changed outlet, where it is now, is no farther than the stored nearest (it may be the new
   nearest; equal distances go to the lower id, so "no farther" and not "closer");
4. a changed outlet's touring stop visits it, before or now.
Every other township keeps its row: its nearest outlet did not change, move or lose its
authorization and no changed outlet comes as close; no changed outlet's reach or touring stop
touches it. Remote diagnosis is category-wide: when it flips, every row of the category flips.

A recomputed township needs every outlet that reaches it or is nearest to it. They are read from
the stored footprint by 1° grid cell, within a search radius that grows until each township's
nearest outlet lies inside it (an outlet outside the radius cannot be nearer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import Max, Q

from geo.index import GC_MARGIN, chord_for_km, km_for_chord, unit_vectors
from geo.rules.coverage import (
    Points,
    ServingOutlets,
    assess,
    home_visit_reached,
    nearest_outlets,
)

from ..models import CoverageOutlet, CoverageTouringStop, TownshipCoverage
from . import store
from .grid import cells_around
from .inputs import (
    CHUNK,
    TOURING_FIELDS,
    CategoryBits,
    Footprint,
    Gazetteer,
    Touring,
    fetch_rows,
    in_category,
    registry_footprint,
    registry_touring,
    stored_footprint,
    stored_footprint_of,
    stored_touring_of,
)

NEAR_KM = 50.0  # stored rows of townships this close to a changed outlet are read by township
LARGE_RADIUS_KM = 100.0  # outlets declaring more are read for every recompute of the category
MIN_SEARCH_KM = 20.0
MAX_CELLS = 3000  # beyond this many grid cells, reading the whole category is cheaper


def refresh_outlets(outlet_ids: list[int], *, gazetteer: Gazetteer, bits: CategoryBits,
                    remote: set[str], today, at: datetime) -> int:
    """Bring the stored coverage up to date for these changed outlets; returns rows written.

    `remote`: the categories offering remote diagnosis as stored; updated in place.
    """
    old, new = stored_footprint_of(outlet_ids), registry_footprint(today, bits, outlet_ids)
    old_touring = stored_touring_of(outlet_ids)
    new_touring = registry_touring(outlet_ids).of_outlets(new.outlet_id)
    store.replace_footprint_of(outlet_ids, new, new_touring)
    categories = bits.in_mask(old.union() | new.union())
    stored = StoredNearest.read(categories, outlet_ids, new, gazetteer)
    affected = {}
    for category in categories:
        old_c, new_c = old.of_category(bits.bit(category)), new.of_category(bits.bit(category))
        toured = np.concatenate([old_touring.of_outlets(old_c.outlet_id).township,
                                 new_touring.of_outlets(new_c.outlet_id).township])
        affected[category] = affected_townships(stored.of(category), outlet_ids, old_c, new_c,
                                                toured, gazetteer)
    nearby = NearbyFootprint(gazetteer, np.unique(np.concatenate([np.zeros(0, np.int64),
                                                                   *affected.values()])))
    written = 0
    for category, rows in affected.items():
        bit = bits.bit(category)
        offered = category in remote
        if old.remote_in(bit) or new.remote_in(bit):
            offered = in_category(CoverageOutlet.objects.filter(remote_diagnosis=True), bit).exists()
        written += _recompute(category, bit, rows, gazetteer, nearby, offered, at)
        if offered != (category in remote):
            (remote.add if offered else remote.discard)(category)
            written += TownshipCoverage.objects.filter(category_id=category).exclude(
                remote_diagnosis=offered).update(remote_diagnosis=offered, computed_at=at)
    return written


@dataclass(frozen=True)
class Nearest:
    """Stored nearest outlets of some townships of one category (positions in the gazetteer)."""

    position: np.ndarray
    outlet_id: np.ndarray  # -1: none
    km: np.ndarray  # NaN: none


@dataclass(frozen=True)
class StoredNearest:
    """The stored rows rules 1 and 3 can pick, read by index instead of whole categories:
    rows whose nearest outlet changed; rows of townships within NEAR_KM of a changed outlet's
    new point; rows whose nearest outlet is farther than that, or unknown (these few are the
    only others a changed outlet can come as close to)."""

    by_category: dict[str, Nearest]

    @classmethod
    def read(cls, categories: list[str], outlet_ids: list[int], new: Footprint,
             gazetteer: Gazetteer) -> StoredNearest:
        base = TownshipCoverage.objects.filter(category_id__in=categories)
        columns = ("category_id", "township_id", "nearest_outlet_id", "nearest_outlet_km")
        queries = [base.filter(nearest_outlet_id__in=outlet_ids),
                   # Outside the ball the geodesic exceeds NEAR_KM / 1.01; a margin more for ties.
                   base.filter(Q(nearest_outlet_km__gte=NEAR_KM / GC_MARGIN ** 2)
                               | Q(nearest_outlet_km__isnull=True, home_visit__isnull=False))]
        near = gazetteer.codes[_townships_near(gazetteer.points, new, NEAR_KM)].tolist()
        queries += [base.filter(township_id__in=near[i:i + CHUNK]) for i in range(0, len(near), CHUNK)]
        found: dict[str, dict[int, tuple]] = {c: {} for c in categories}
        position = gazetteer.position
        for query in queries:
            for category, code, outlet_id, km in fetch_rows(query.values_list(*columns)):
                if code in position:
                    found[category][position[code]] = (outlet_id or -1, np.nan if km is None else km)
        return cls({c: Nearest(np.array(list(rows), dtype=np.int64),
                               np.array([v[0] for v in rows.values()], dtype=np.int64),
                               np.array([v[1] for v in rows.values()], dtype=float))
                    for c, rows in found.items()})

    def of(self, category: str) -> Nearest:
        return self.by_category[category]


def _townships_near(points: Points, outlets: Footprint, km: float) -> np.ndarray:
    """Positions of the located townships within `km` (great circle) of any of these outlets."""
    if not len(outlets) or not points.known.any():
        return np.zeros(0, dtype=np.int64)
    rows, tree = points.located
    balls = tree.query_ball_point(unit_vectors(outlets.lat, outlets.lon), float(chord_for_km(km)))
    return rows[np.unique(np.concatenate([np.asarray(b, dtype=np.int64) for b in balls]))]


def affected_townships(stored: Nearest, outlet_ids: list[int], old: ServingOutlets,
                       new: ServingOutlets, toured: np.ndarray, gazetteer: Gazetteer) -> np.ndarray:
    """Positions (in the gazetteer) of the townships whose row may change: rules 1-4 above."""
    mask = np.zeros(len(gazetteer.codes), dtype=bool)
    mask[stored.position[np.isin(stored.outlet_id, np.asarray(outlet_ids, dtype=np.int64))]] = True
    mask |= home_visit_reached(gazetteer.points, old) | home_visit_reached(gazetteer.points, new)
    mask[stored.position[_could_be_nearest(gazetteer.points, stored, new)]] = True
    position = gazetteer.position
    for code in toured.tolist():
        if code in position:
            mask[position[code]] = True
    return np.flatnonzero(mask)


def _could_be_nearest(points: Points, stored: Nearest, outlets: ServingOutlets) -> np.ndarray:
    """Which stored rows (located) some of these outlets may be no farther from than their nearest."""
    result = np.zeros(len(stored.position), dtype=bool)
    located = points.known[stored.position]
    if len(outlets) == 0 or not located.any():
        return result
    towns = unit_vectors(points.lat[stored.position], points.lon[stored.position])
    bound = stored.km * GC_MARGIN  # geodesic <= bound needs great-circle <= bound * 1.01
    for vector in unit_vectors(outlets.points.lat, outlets.points.lon):
        gc = km_for_chord(np.linalg.norm(towns - vector, axis=1))
        result |= located & (np.isnan(bound) | (gc <= bound))
    return result


def _recompute(category: str, bit: int, rows: np.ndarray, gazetteer: Gazetteer,
               nearby: NearbyFootprint, remote: bool, at: datetime) -> int:
    if not len(rows):
        return 0
    codes = gazetteer.codes[rows]
    points = Points(gazetteer.points.lat[rows], gazetteer.points.lon[rows])
    result = assess(points, nearby.outlets(bit, points), nearby.touring_visits(bit, rows),
                    remote=remote)
    store.delete_coverage(category, codes.tolist())
    return store.insert_coverage(category, codes, result, at)


class NearbyFootprint:
    """The stored footprint around the townships to recompute, read once for every category.

    For one category, `outlets` returns every outlet that can reach or be nearest to the given
    townships: the cells within the largest home-visit radius first, then wider until each
    township's nearest outlet lies inside the searched radius (none outside can be nearer).
    """

    def __init__(self, gazetteer: Gazetteer, rows: np.ndarray):
        self.gazetteer, self.rows = gazetteer, rows
        self.footprint = stored_footprint(CoverageOutlet.objects.filter(
            home_visit_radius_km__gt=LARGE_RADIUS_KM))
        # The largest radius of any category bounds each category's: a wider search, still exact.
        largest = CoverageOutlet.objects.filter(home_visit_radius_km__lte=LARGE_RADIUS_KM).aggregate(
            m=Max("home_visit_radius_km"))["m"]
        self.first_km = max(largest or 0.0, MIN_SEARCH_KM)
        self.cells: set[int] = set()
        self.everything = False
        self._touring: Touring | None = None
        self._masks: dict[int, int] = {}

    def _load(self, cells: set[int] | None) -> None:
        if cells is None:
            self.footprint, self.everything = stored_footprint(CoverageOutlet.objects.all()), True
            return
        fresh = sorted(cells - self.cells)
        parts = [self.footprint] + [
            stored_footprint(CoverageOutlet.objects.filter(cell__in=fresh[i:i + CHUNK]))
            for i in range(0, len(fresh), CHUNK)]
        self.footprint, self.cells = Footprint.concat(parts), self.cells | cells

    def outlets(self, bit: int, points: Points) -> ServingOutlets:
        pending, km = np.flatnonzero(points.known), self.first_km
        while len(pending) and not self.everything:
            self._load(cells_around(points.lat[pending], points.lon[pending], km * GC_MARGIN,
                                    MAX_CELLS))
            sub = Points(points.lat[pending], points.lon[pending])
            _, nearest_km = nearest_outlets(sub, self.footprint.of_category(bit))
            pending = pending[~(nearest_km <= km)]  # unresolved (or none found): search wider
            km *= 4
        return self.footprint.of_category(bit)

    def touring_visits(self, bit: int, rows: np.ndarray) -> np.ndarray:
        """Per township of `rows`: the most monthly visits of a stop of an outlet in the category."""
        if self._touring is None:
            codes = self.gazetteer.codes[self.rows].tolist()
            stops = []
            for start in range(0, len(codes), CHUNK):
                stops += fetch_rows(CoverageTouringStop.objects.filter(
                    township_id__in=codes[start:start + CHUNK]).values_list(*TOURING_FIELDS))
            self._touring = Touring.from_rows(stops)
            self._masks = dict(fetch_rows(CoverageOutlet.objects.filter(
                outlet_id__in=sorted(set(self._touring.outlet_id.tolist()))).values_list(
                "outlet_id", "categories")))
        serving = self._touring.outlet_id[[self._masks.get(o, 0) & bit != 0
                                           for o in self._touring.outlet_id.tolist()]]
        codes = self.gazetteer.codes[rows]
        return self._touring.of_outlets(serving).visits_per_township(
            codes, {code: i for i, code in enumerate(codes.tolist())})
