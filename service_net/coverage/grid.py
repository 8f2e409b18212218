"""1° grid cells: where the footprint table finds the outlets near a township without reading all.

A cell is (floor(lat) + 90) * 360 + (floor(lon) + 180). `cells_within` lists every cell that
touches a spherical cap of the given great-circle radius, so an outlet outside those cells is
farther than the radius from the point.
"""

from __future__ import annotations

import math

import numpy as np

from geo.index import EARTH_MEAN_RADIUS_KM

KM_PER_DEGREE = EARTH_MEAN_RADIUS_KM * math.pi / 180.0


def grid_cell(lat, lon) -> np.ndarray:
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    row = np.clip(np.floor(lat) + 90, 0, 179).astype(np.int64)
    col = np.mod(np.floor(lon) + 180, 360).astype(np.int64)
    return row * 360 + col


def _lon_halfwidth_deg(lat: float, arc_deg: float) -> float:
    """Half the longitude span of a cap of angular radius arc_deg around latitude lat."""
    if abs(lat) + arc_deg >= 89.999:
        return 180.0  # the cap reaches a pole: every longitude
    ratio = math.sin(math.radians(arc_deg)) / math.cos(math.radians(lat))
    return 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))


def cells_within(lat: float, lon: float, km: float) -> set[int]:
    """Every cell that a cap of great-circle radius `km` around (lat, lon) touches."""
    arc = km / KM_PER_DEGREE
    rows = range(max(int(math.floor(lat - arc)), -90), min(int(math.floor(lat + arc)), 89) + 1)
    half = _lon_halfwidth_deg(lat, arc)
    if half >= 180.0:
        cols = range(-180, 180)
    else:
        cols = range(int(math.floor(lon - half)), int(math.floor(lon + half)) + 1)
    return {(r + 90) * 360 + (c + 180) % 360 for r in rows for c in cols}


def cells_around(lats, lons, km: float, limit: int) -> set[int] | None:
    """The union of cells_within for many points; None when it would pass `limit` cells."""
    cells: set[int] = set()
    for lat, lon in zip(lats, lons, strict=True):
        cells |= cells_within(float(lat), float(lon), km)
        if len(cells) > limit:
            return None
    return cells
