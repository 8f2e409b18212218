"""Coordinate systems used by Chinese map services, converted to WGS-84.

GCJ-02 (国测局坐标, used by AMap, Tencent and most phone map apps) is WGS-84 with a
deliberate non-linear offset of a few hundred metres; BD-09 (Baidu) adds a second offset on
top of GCJ-02. The forward formulas are public; the inverse is found by fixed-point iteration
to well below a metre. Outside mainland China no offset is applied, as the map services do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WGS84 = "wgs84"
GCJ02 = "gcj02"
BD09 = "bd09"
COORD_SYSTEMS = (WGS84, GCJ02, BD09)

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0

# A generous box around China's territory (incl. islands); used for input sanity checks.
CHINA_LAT = (3.8, 53.6)
CHINA_LON = (73.4, 135.1)


@dataclass(frozen=True)
class LatLon:
    lat: float
    lon: float


def _outside_mainland(lat: float, lon: float) -> bool:
    return not (0.8293 <= lat <= 55.8271 and 72.004 <= lon <= 137.8347)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lon: float) -> LatLon:
    if _outside_mainland(lat, lon):
        return LatLon(lat, lon)
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return LatLon(lat + dlat, lon + dlon)


def gcj02_to_wgs84(lat: float, lon: float) -> LatLon:
    w_lat, w_lon = lat, lon
    for _ in range(30):
        g = wgs84_to_gcj02(w_lat, w_lon)
        d_lat, d_lon = g.lat - lat, g.lon - lon
        w_lat, w_lon = w_lat - d_lat, w_lon - d_lon
        if abs(d_lat) < 1e-10 and abs(d_lon) < 1e-10:
            break
    return LatLon(w_lat, w_lon)


def bd09_to_gcj02(lat: float, lon: float) -> LatLon:
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return LatLon(z * math.sin(theta), z * math.cos(theta))


def gcj02_to_bd09(lat: float, lon: float) -> LatLon:
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return LatLon(z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065)


def to_wgs84(lat: float, lon: float, system: str) -> LatLon:
    """Convert a point given in `system` (wgs84, gcj02 or bd09) to WGS-84."""
    if system == WGS84:
        return LatLon(lat, lon)
    if system == GCJ02:
        return gcj02_to_wgs84(lat, lon)
    if system == BD09:
        if _outside_mainland(lat, lon):
            return LatLon(lat, lon)
        g = bd09_to_gcj02(lat, lon)
        return gcj02_to_wgs84(g.lat, g.lon)
    raise ValueError(f"unknown coordinate system {system!r}; use one of {', '.join(COORD_SYSTEMS)}")


def china_location_problem(lat: float, lon: float) -> tuple[str, str] | None:
    """(field, reason) why (lat, lon) cannot be a point in China, or None when it can."""
    in_lat = CHINA_LAT[0] <= lat <= CHINA_LAT[1]
    in_lon = CHINA_LON[0] <= lon <= CHINA_LON[1]
    if in_lat and in_lon:
        return None
    if CHINA_LAT[0] <= lon <= CHINA_LAT[1] and CHINA_LON[0] <= lat <= CHINA_LON[1]:
        return "lat", "lat and lon look swapped (latitude is north-south, about 18-54 in China)"
    field = "lon" if in_lat else "lat"
    return field, "outside China (lat 3.8-53.6, lon 73.4-135.1)"
