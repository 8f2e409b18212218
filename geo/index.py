"""In-memory nearest-point index: a KD-tree on 3-D unit vectors, ranked by exact geodesic.

Chord distance between unit vectors grows monotonically with great-circle distance, so the tree
finds candidates; the WGS-84 geodesic (Karney's algorithm, as in geopy's `geodesic`, computed
vectorised by pyproj) ranks them. Great-circle and geodesic distance differ by under 0.6 %, so
every point within 1.01 x the k-th geodesic distance is re-ranked: the result is the exact
geodesic top k, not an approximation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pyproj import Geod
from scipy.spatial import cKDTree

EARTH_MEAN_RADIUS_KM = 6371.0088
# Geodesic and great-circle (mean-radius sphere) distances differ by under 0.6 %: a pair whose
# great-circle distance is more than 1 % from a threshold is decided without the geodesic.
GC_MARGIN = 1.01
_GEOD = Geod(ellps="WGS84")


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def pair_geodesic_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Exact WGS-84 geodesic distance in km between paired points (arrays of equal length)."""
    lat1, lon1, lat2, lon2 = (np.asarray(a, dtype=float) for a in (lat1, lon1, lat2, lon2))
    if lat1.size == 0:
        return np.zeros(0)
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres, dtype=float) / 1000.0


def geodesic_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Geodesic km from one point to each of `lats`/`lons`."""
    n = len(lats)
    return pair_geodesic_km(np.full(n, lat), np.full(n, lon), lats, lons)


def chord_for_km(km) -> np.ndarray:
    """The unit-sphere chord of a great-circle distance (KD-tree radius for `km`)."""
    angle = np.minimum(np.asarray(km, dtype=float) / EARTH_MEAN_RADIUS_KM, np.pi)
    return 2.0 * np.sin(angle / 2.0)


def km_for_chord(chord) -> np.ndarray:
    """The great-circle distance (mean-radius sphere) of a unit-sphere chord."""
    return 2.0 * np.arcsin(np.minimum(np.asarray(chord, dtype=float) / 2.0, 1.0)) * EARTH_MEAN_RADIUS_KM


@dataclass(frozen=True)
class Hit:
    position: int  # row in the arrays the index was built from
    distance_km: float


class PointIndex:
    """Nearest points to a location, with an optional per-point filter and de-duplication.

    `accept(positions) -> bool mask` drops points (e.g. not valid today); `group` (one key per
    point, all points of a group at one location) keeps one point per group (e.g. one outlet
    authorized by several brands).
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, group: np.ndarray | None = None):
        self.lat = np.asarray(lat, dtype=float)
        self.lon = np.asarray(lon, dtype=float)
        self.group = group
        self._tree = cKDTree(unit_vectors(self.lat, self.lon)) if len(self.lat) else None

    def __len__(self) -> int:
        return len(self.lat)

    def nearest(
        self,
        lat: float,
        lon: float,
        k: int,
        accept: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> list[Hit]:
        n = len(self)
        if n == 0 or k <= 0:
            return []
        point = unit_vectors(np.array([lat]), np.array([lon]))[0]
        ask = min(n, max(4 * k, 16))
        while True:
            chords, pos = (np.atleast_1d(a) for a in self._tree.query(point, ask))
            pos = self._filter(pos, accept)
            if len(pos) >= k or ask == n:
                break
            ask = min(n, ask * 4)
        if len(pos) == 0:
            return []
        dist = geodesic_km(lat, lon, self.lat[pos], self.lon[pos])
        kth = np.sort(dist)[min(k, len(dist)) - 1]
        # Every point that could beat the k-th by geodesic lies in this ball. The candidates
        # already hold all of it when it is nearer than the farthest of them (usually).
        reach = float(chord_for_km(kth * GC_MARGIN))
        if ask < n and reach >= chords[-1]:
            pos = self._filter(np.array(self._tree.query_ball_point(point, reach), dtype=int),
                               accept)
            dist = geodesic_km(lat, lon, self.lat[pos], self.lon[pos])
        order = np.lexsort((pos, dist))  # by distance, ties by position: the same either way
        return [Hit(int(pos[i]), float(dist[i])) for i in order[:k]]

    def _filter(self, pos: np.ndarray, accept) -> np.ndarray:
        if accept is not None and len(pos):
            pos = pos[accept(pos)]
        if self.group is not None and len(pos):
            # Points of one group share a location, so any one of them stands for it.
            _, first = np.unique(self.group[pos], return_index=True)
            pos = pos[np.sort(first)]
        return pos
