"""PointIndex.nearest must equal a brute-force WGS-84 geodesic ranking (Karney, via pyproj)."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from geo.index import Hit, PointIndex

_GEOD = Geod(ellps="WGS84")
K = 5
N_POINTS = 5_000
N_QUERIES = 50

_rng = np.random.default_rng(42)
LAT = _rng.uniform(20, 50, N_POINTS)
LON = _rng.uniform(75, 130, N_POINTS)
QUERIES = np.column_stack((_rng.uniform(20, 50, N_QUERIES), _rng.uniform(75, 130, N_QUERIES)))
ACCEPTED = _rng.random(N_POINTS) < 0.5

# Grouped points: 2,000 locations, each shared by 1-3 points (one outlet, several brands), shuffled.
_N_LOCATIONS = 2_000
_LOC_LAT = _rng.uniform(20, 50, _N_LOCATIONS)
_LOC_LON = _rng.uniform(75, 130, _N_LOCATIONS)
GROUP = _rng.permutation(np.repeat(np.arange(_N_LOCATIONS), _rng.integers(1, 4, _N_LOCATIONS)))
G_LAT, G_LON = _LOC_LAT[GROUP], _LOC_LON[GROUP]
G_ACCEPTED = _rng.random(len(GROUP)) < 0.5

QUERY_IDS = [f"q{i:02d}-{lat:.2f}N-{lon:.2f}E" for i, (lat, lon) in enumerate(QUERIES)]


def brute_force(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray, ids: np.ndarray, k: int = K):
    """ids of the k nearest by geodesic distance, and their distances in km."""
    n = len(ids)
    _, _, metres = _GEOD.inv(np.full(n, lon), np.full(n, lat), lons[ids], lats[ids])
    order = np.argsort(metres, kind="stable")[:k]
    return ids[order].tolist(), (np.asarray(metres)[order] / 1000.0).tolist()


@pytest.fixture(scope="module")
def index() -> PointIndex:
    return PointIndex(LAT, LON)


@pytest.fixture(scope="module")
def grouped() -> PointIndex:
    return PointIndex(G_LAT, G_LON, group=GROUP)


@pytest.mark.parametrize(("lat", "lon"), QUERIES.tolist(), ids=QUERY_IDS)
def test_nearest_equals_brute_force_geodesic_order(index, lat, lon):
    ids, km = brute_force(lat, lon, LAT, LON, np.arange(N_POINTS))
    hits = index.nearest(lat, lon, K)
    assert [h.position for h in hits] == ids
    assert [h.distance_km for h in hits] == pytest.approx(km, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(("lat", "lon"), QUERIES.tolist(), ids=QUERY_IDS)
def test_nearest_with_accept_mask_equals_brute_force_over_accepted(index, lat, lon):
    ids, km = brute_force(lat, lon, LAT, LON, np.flatnonzero(ACCEPTED))
    hits = index.nearest(lat, lon, K, accept=lambda pos: ACCEPTED[pos])
    assert [h.position for h in hits] == ids
    assert [h.distance_km for h in hits] == pytest.approx(km, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(("lat", "lon"), QUERIES.tolist(), ids=QUERY_IDS)
def test_nearest_with_groups_returns_each_location_once(grouped, lat, lon):
    locations, km = brute_force(lat, lon, _LOC_LAT, _LOC_LON, np.arange(_N_LOCATIONS))
    hits = grouped.nearest(lat, lon, K)
    assert [int(GROUP[h.position]) for h in hits] == locations
    assert [h.distance_km for h in hits] == pytest.approx(km, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(("lat", "lon"), QUERIES[:10].tolist(), ids=QUERY_IDS[:10])
def test_nearest_with_groups_and_accept_mask_keeps_groups_with_an_accepted_point(grouped, lat, lon):
    hits = grouped.nearest(lat, lon, K, accept=lambda pos: G_ACCEPTED[pos])
    open_locations = np.unique(GROUP[G_ACCEPTED])
    locations, km = brute_force(lat, lon, _LOC_LAT, _LOC_LON, open_locations)
    assert [int(GROUP[h.position]) for h in hits] == locations
    assert all(G_ACCEPTED[h.position] for h in hits)
    assert [h.distance_km for h in hits] == pytest.approx(km, rel=1e-12, abs=1e-9)


def test_query_on_an_indexed_point_finds_it_at_distance_zero(index):
    hits = index.nearest(float(LAT[123]), float(LON[123]), 1)
    assert hits == [Hit(123, 0.0)]


def test_accept_mask_leaving_fewer_than_k_points_returns_all_of_them(index):
    keep = np.zeros(N_POINTS, dtype=bool)
    keep[[10, 2000, 4999]] = True
    lat, lon = QUERIES[0]
    hits = index.nearest(lat, lon, K, accept=lambda pos: keep[pos])
    ids, _ = brute_force(lat, lon, LAT, LON, np.array([10, 2000, 4999]))
    assert [h.position for h in hits] == ids


def test_accept_mask_rejecting_everything_returns_nothing(index):
    assert index.nearest(*QUERIES[0], K, accept=lambda pos: np.zeros(len(pos), dtype=bool)) == []


def test_k_larger_than_the_index_returns_every_point_in_order():
    lat, lon = np.array([37.93, 36.06, 39.90]), np.array([102.64, 103.83, 116.41])
    hits = PointIndex(lat, lon).nearest(38.0, 102.0, 10)
    assert [h.position for h in hits] == [0, 1, 2]


@pytest.mark.parametrize("k", [0, -1])
def test_non_positive_k_returns_nothing(index, k):
    assert index.nearest(37.93, 102.64, k) == []


@pytest.mark.parametrize(
    "empty",
    [
        pytest.param(PointIndex(np.array([]), np.array([])), id="no-points"),
        pytest.param(PointIndex(np.array([]), np.array([]), group=np.array([])), id="no-points-grouped"),
    ],
)
def test_empty_index_returns_nothing(empty):
    assert len(empty) == 0
    assert empty.nearest(37.93, 102.64, K) == []
