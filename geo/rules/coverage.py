"""Rural service coverage (农村服务覆盖): is a township served for one appliance category?

Legal basis: the rural-service policy (seed policy item 13, domain.md §7) asks makers to bring
repair service to county towns and townships first, by fixed outlets, appointment home visits,
touring (巡回) service on a schedule, or remote diagnosis. A township counts as served:

- by home visits when an authorized outlet lies within the home-visit radius it declares,
  measured as the WGS-84 geodesic from the township's point to the outlet (radius inclusive);
- by touring when an authorized outlet's touring schedule visits it at least once a month;
- remote diagnosis is advice only: reported apart, never as service on site.

The kinds are reported separately, never blended into one score. A township without a known
point has an unknown home-visit status and no nearest outlet (touring is still decidable).

Everything here is plain data in, plain data out: columns of numbers (numpy arrays) so that a
national refresh (40,000 townships x 12 categories) runs in seconds. Candidates are found with a
KD-tree on unit vectors; every decision is then made on the exact geodesic (Karney's algorithm
via pyproj), so a pair on the radius boundary is decided exactly, not by a spherical estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.spatial import cKDTree

from geo.index import GC_MARGIN, chord_for_km, km_for_chord, pair_geodesic_km, unit_vectors

MIN_TOURING_VISITS_PER_MONTH = 1  # "at least monthly" (domain.md §7)
NEAREST_CANDIDATES = 4
NO_OUTLET = -1


def touring_serves(visits_per_month: float | None) -> bool:
    """A touring stop serves its township when it is visited at least monthly (domain.md §7)."""
    return visits_per_month is not None and visits_per_month >= MIN_TOURING_VISITS_PER_MONTH


@dataclass(frozen=True)
class Points:
    """Points as columns; NaN latitude/longitude where the location is unknown."""

    lat: np.ndarray
    lon: np.ndarray

    @classmethod
    def of(cls, pairs: Iterable[tuple[float, float] | None]) -> Points:
        rows = [(np.nan, np.nan) if p is None or p[0] is None else p for p in pairs]
        arr = np.array(rows, dtype=float).reshape(-1, 2)
        return cls(arr[:, 0], arr[:, 1])

    def __len__(self) -> int:
        return len(self.lat)

    @property
    def known(self) -> np.ndarray:
        return ~(np.isnan(self.lat) | np.isnan(self.lon))

    @cached_property
    def located(self) -> tuple[np.ndarray, cKDTree]:
        """(positions of the points with a location, KD-tree of their unit vectors), built once."""
        rows = np.flatnonzero(self.known)
        return rows, cKDTree(unit_vectors(self.lat[rows], self.lon[rows]))


@dataclass(frozen=True)
class OutletPoint:
    """One outlet authorized for the category in question (one row of ServingOutlets)."""

    outlet_id: int
    lat: float
    lon: float
    home_visit_radius_km: float | None = None
    remote_diagnosis: bool = False


@dataclass(frozen=True)
class ServingOutlets:
    """The outlets authorized for one category (and brand), as columns.

    radius_km is NaN for an outlet that makes no home visits.
    """

    outlet_id: np.ndarray
    points: Points
    radius_km: np.ndarray
    remote: np.ndarray

    @classmethod
    def of(cls, outlets: Sequence[OutletPoint]) -> ServingOutlets:
        return cls.columns(
            [o.outlet_id for o in outlets], [o.lat for o in outlets], [o.lon for o in outlets],
            [np.nan if o.home_visit_radius_km is None else o.home_visit_radius_km for o in outlets],
            [o.remote_diagnosis for o in outlets])

    @classmethod
    def columns(cls, outlet_id, lat, lon, radius_km, remote) -> ServingOutlets:
        return cls(np.asarray(outlet_id, dtype=np.int64),
                   Points(np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)),
                   np.asarray(radius_km, dtype=float), np.asarray(remote, dtype=bool))

    def __len__(self) -> int:
        return len(self.outlet_id)


@dataclass(frozen=True)
class Assessment:
    """Per township (same order as the input): each kind of service apart, and the nearest outlet.

    home_visit is False where the location is unknown: read it together with location_known.
    nearest_outlet_id is NO_OUTLET and nearest_km NaN when unknown or no outlet exists.
    """

    location_known: np.ndarray
    home_visit: np.ndarray
    touring: np.ndarray
    remote_diagnosis: np.ndarray
    nearest_outlet_id: np.ndarray
    nearest_km: np.ndarray

    def take(self, positions: np.ndarray) -> Assessment:
        return Assessment(*(getattr(self, f)[positions] for f in self.__dataclass_fields__))


def nearest_outlets(townships: Points, outlets: ServingOutlets) -> tuple[np.ndarray, np.ndarray]:
    """(position of the nearest outlet or NO_OUTLET, geodesic km or NaN) for every township.

    Exact: the KD-tree proposes NEAREST_CANDIDATES by chord; a township whose best geodesic is
    not clearly inside the candidates' ball is re-ranked over every outlet in its safety ball.
    Equal distances go to the lower outlet id, so any subset holding the true nearest gives
    the same answer.
    """
    n = len(townships)
    position, km = np.full(n, NO_OUTLET, dtype=np.int64), np.full(n, np.nan)
    rows = np.flatnonzero(townships.known)
    if len(outlets) == 0 or len(rows) == 0:
        return position, km
    tree = cKDTree(unit_vectors(outlets.points.lat, outlets.points.lon))
    query = unit_vectors(townships.lat[rows], townships.lon[rows])
    k = min(NEAREST_CANDIDATES, len(outlets))
    chords, candidates = tree.query(query, k)
    chords, candidates = chords.reshape(len(rows), k), candidates.reshape(len(rows), k)
    dist = pair_geodesic_km(np.repeat(townships.lat[rows], k), np.repeat(townships.lon[rows], k),
                            outlets.points.lat[candidates.ravel()],
                            outlets.points.lon[candidates.ravel()]).reshape(len(rows), k)
    best = _best_of(dist, outlets.outlet_id[candidates])
    position[rows] = candidates[np.arange(len(rows)), best]
    km[rows] = dist[np.arange(len(rows)), best]
    if k < len(outlets):
        unsure = km_for_chord(chords[:, -1]) <= km[rows] * GC_MARGIN
        for i in np.flatnonzero(unsure):
            position[rows[i]], km[rows[i]] = _nearest_in_ball(tree, query[i], rows[i], townships,
                                                               outlets, km[rows[i]])
    return position, km


def _best_of(dist: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Column of the smallest distance in each row; ties go to the smallest outlet id."""
    ties = dist == dist.min(axis=1, keepdims=True)
    return np.where(ties, ids, np.iinfo(np.int64).max).argmin(axis=1)


def _nearest_in_ball(tree, vector, row, townships: Points, outlets: ServingOutlets, bound_km):
    """Every outlet that could beat `bound_km` by geodesic lies in this ball: rank them all."""
    ball = np.array(tree.query_ball_point(vector, float(chord_for_km(bound_km * GC_MARGIN))),
                    dtype=np.int64)
    dist = pair_geodesic_km(np.full(len(ball), townships.lat[row]),
                            np.full(len(ball), townships.lon[row]),
                            outlets.points.lat[ball], outlets.points.lon[ball])
    best = _best_of(dist[None, :], outlets.outlet_id[ball][None, :])[0]
    return ball[best], dist[best]


def home_visit_reached(townships: Points, outlets: ServingOutlets) -> np.ndarray:
    """True where some outlet's declared home-visit radius reaches the township (geodesic, <=).

    Candidates come from a KD-tree; a pair whose great-circle distance is within 1 % of the
    radius is decided by the exact geodesic.
    """
    reached = np.zeros(len(townships), dtype=bool)
    visiting = np.flatnonzero(~np.isnan(outlets.radius_km) & (outlets.radius_km > 0))
    if not townships.known.any() or len(visiting) == 0:
        return reached
    rows, tree = townships.located
    if len(visiting) * 8 < len(rows):  # few outlets (an incremental refresh): ball per outlet
        pairs = _pairs_in_reach(tree, outlets, visiting)
        reached[rows[pairs[1][_within_radius(townships, rows, outlets, pairs)]]] = True
        return reached
    buckets = np.floor(np.log(outlets.radius_km[visiting]) / np.log(RADIUS_BUCKET))
    for bucket in np.unique(buckets):
        open_rows = np.flatnonzero(~reached[rows])
        reached[rows[open_rows[_bucket_reaches(townships, rows[open_rows], tree.data[open_rows],
                                                 outlets, visiting[buckets == bucket])]]] = True
    return reached


RADIUS_BUCKET = 1.05  # outlets whose radii differ by under 5 % are searched together


def _pairs_in_reach(tree: cKDTree, outlets: ServingOutlets, visiting: np.ndarray):
    """(outlet positions, located-township positions) of pairs within radius x 1.01 (great circle)."""
    vectors = unit_vectors(outlets.points.lat[visiting], outlets.points.lon[visiting])
    balls = tree.query_ball_point(vectors, chord_for_km(outlets.radius_km[visiting] * GC_MARGIN),
                                  return_sorted=False)
    sizes = np.fromiter((len(b) for b in balls), dtype=np.int64, count=len(balls))
    if sizes.sum() == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    target = np.concatenate([np.asarray(b, dtype=np.int64) for b in balls if len(b)])
    return np.repeat(visiting, sizes), target


def _within_radius(townships: Points, rows: np.ndarray, outlets: ServingOutlets, pairs) -> np.ndarray:
    """For candidate pairs, whether the township lies within the outlet's radius (exact)."""
    source, target = pairs
    if len(source) == 0:
        return np.zeros(0, dtype=bool)
    vec_o = unit_vectors(outlets.points.lat[source], outlets.points.lon[source])
    vec_t = unit_vectors(townships.lat[rows[target]], townships.lon[rows[target]])
    gc, limit = km_for_chord(np.linalg.norm(vec_o - vec_t, axis=1)), outlets.radius_km[source]
    inside = gc * GC_MARGIN <= limit
    unsure = np.flatnonzero(~inside & (gc / GC_MARGIN <= limit))
    if len(unsure):
        t, o = rows[target[unsure]], source[unsure]
        inside[unsure] = pair_geodesic_km(townships.lat[t], townships.lon[t], outlets.points.lat[o],
                                          outlets.points.lon[o]) <= limit[unsure]
    return inside


def _bucket_reaches(townships: Points, town_rows: np.ndarray, town_vectors: np.ndarray,
                    outlets: ServingOutlets, members: np.ndarray) -> np.ndarray:
    """Which of these townships outlets of one radius bucket reach (positions into town_rows)."""
    low, high = outlets.radius_km[members].min(), outlets.radius_km[members].max()
    tree = cKDTree(unit_vectors(outlets.points.lat[members], outlets.points.lon[members]))
    chord, _ = tree.query(town_vectors, 1, distance_upper_bound=float(chord_for_km(high * GC_MARGIN)))
    sure = chord <= chord_for_km(low / GC_MARGIN)  # nearest member inside every member's radius
    band = np.flatnonzero(np.isfinite(chord) & ~sure)
    if len(band):
        balls = tree.query_ball_point(town_vectors[band], float(chord_for_km(high * GC_MARGIN)))
        sizes = np.fromiter((len(b) for b in balls), dtype=np.int64, count=len(balls))
        town = np.repeat(band, sizes)
        source = members[np.concatenate([np.asarray(b, dtype=np.int64) for b in balls])]
        inside = _within_radius(townships, town_rows, outlets, (source, town))
        sure[np.unique(town[inside])] = True
    return np.flatnonzero(sure)


def remote_offered(outlets: ServingOutlets) -> bool:
    """Remote diagnosis is advice by phone or video: offered everywhere if any outlet offers it."""
    return bool(outlets.remote.any())


def assess(townships: Points, outlets: ServingOutlets, touring_visits: np.ndarray,
           remote: bool | None = None) -> Assessment:
    """Each kind of service for every township, for one category (and brand).

    `outlets`: the outlets authorized today for the category — all of them, or at least every
    one that reaches or is nearest to one of these townships; `touring_visits`: per township,
    the most visits per month any authorized outlet's touring stop makes (0 where none);
    `remote`: remote_offered() over all authorized outlets (default: over `outlets`).
    """
    position, km = nearest_outlets(townships, outlets)
    nearest_id, found = np.full(len(townships), NO_OUTLET, dtype=np.int64), position >= 0
    nearest_id[found] = outlets.outlet_id[position[found]]
    touring = np.asarray(touring_visits, dtype=float) >= MIN_TOURING_VISITS_PER_MONTH
    return Assessment(
        location_known=townships.known, home_visit=home_visit_reached(townships, outlets),
        touring=touring,
        remote_diagnosis=np.full(len(townships), remote_offered(outlets) if remote is None else remote),
        nearest_outlet_id=nearest_id, nearest_km=km)


# --- rollups and gaps -----------------------------------------------------------------------

@dataclass(frozen=True)
class TownshipStatus:
    """One township's coverage for one category, as stored or computed (home_visit None: unknown)."""

    code: str
    county_code: str
    population: int | None
    home_visit: bool | None
    touring: bool
    remote_diagnosis: bool

    @property
    def location_known(self) -> bool:
        return self.home_visit is not None

    @property
    def without_service_on_site(self) -> bool:
        """No home visit (or unknown) and no touring: a gap, remote diagnosis or not."""
        return self.home_visit is not True and not self.touring

    @property
    def remote_only(self) -> bool:
        return self.home_visit is False and not self.touring and self.remote_diagnosis

    @property
    def unserved(self) -> bool:
        return self.home_visit is False and not self.touring and not self.remote_diagnosis

    @property
    def undetermined(self) -> bool:
        """Location unknown and not toured: whether home visits reach it cannot be said."""
        return self.home_visit is None and not self.touring


ROLLUP_KINDS = ("home_visit", "touring", "remote_only", "unserved", "undetermined")


@dataclass(frozen=True)
class Rollup:
    """Counts for an area: townships per kind, and population per kind where known.

    home_visit and touring overlap (a township can have both); remote_only, unserved and
    undetermined exclude both and each other. Population sums cover known populations only;
    population_unknown counts the townships whose population is not known.
    """

    townships: int
    location_unknown: int
    population_unknown: int
    townships_by_kind: dict[str, int]
    population_by_kind: dict[str, int]


def rollup(statuses: Iterable[TownshipStatus]) -> Rollup:
    statuses = list(statuses)
    by_kind = {kind: [s for s in statuses if _is_kind(s, kind)] for kind in ROLLUP_KINDS}
    return Rollup(
        townships=len(statuses),
        location_unknown=sum(1 for s in statuses if not s.location_known),
        population_unknown=sum(1 for s in statuses if s.population is None),
        townships_by_kind={kind: len(rows) for kind, rows in by_kind.items()},
        population_by_kind={kind: sum(s.population or 0 for s in rows)
                            for kind, rows in by_kind.items()},
    )


def _is_kind(status: TownshipStatus, kind: str) -> bool:
    if kind == "home_visit":
        return status.home_visit is True
    return bool(getattr(status, kind))


def rank_gaps(statuses: Iterable[TownshipStatus]) -> list[TownshipStatus]:
    """Townships without service on site, most people first; unknown population last.

    At equal population, townships known to be unserved come before those whose location (so
    whether home visits reach them) is unknown; then by code.
    """
    gaps = [s for s in statuses if s.without_service_on_site]
    return sorted(gaps, key=lambda s: (s.population is None, -(s.population or 0),
                                       not s.location_known, s.code))
