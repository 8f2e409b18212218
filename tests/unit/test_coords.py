"""WGS-84 / GCJ-02 (国测局) / BD-09 (Baidu) conversions and the China sanity check."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from geo.rules.coords import (
    BD09,
    GCJ02,
    WGS84,
    LatLon,
    china_location_problem,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_gcj02,
)

_GEOD = Geod(ellps="WGS84")
WUWEI = (37.93, 102.64)
PARIS = (48.8566, 2.3522)

_rng = np.random.default_rng(20260101)
CHINA_SAMPLE = [
    (float(a), float(o)) for a, o in zip(_rng.uniform(18, 53, 40), _rng.uniform(74, 134, 40), strict=True)
]
CHINA_POINTS = [
    pytest.param(*WUWEI, id="Wuwei"),
    pytest.param(39.9042, 116.4074, id="Beijing"),
    pytest.param(22.5431, 114.0579, id="Shenzhen"),
    pytest.param(43.8256, 87.6168, id="Urumqi"),
    pytest.param(18.2528, 109.5119, id="Sanya"),
    pytest.param(53.3, 122.3, id="Mohe-north"),
] + [pytest.param(lat, lon, id=f"random-{i}") for i, (lat, lon) in enumerate(CHINA_SAMPLE)]


def metres(a: LatLon | tuple[float, float], b: LatLon | tuple[float, float]) -> float:
    a_lat, a_lon = (a.lat, a.lon) if isinstance(a, LatLon) else a
    b_lat, b_lon = (b.lat, b.lon) if isinstance(b, LatLon) else b
    return _GEOD.inv(a_lon, a_lat, b_lon, b_lat)[2]


@pytest.mark.parametrize(("lat", "lon"), CHINA_POINTS)
def test_wgs_to_gcj_and_back_is_identity_within_1e6_degrees(lat, lon):
    gcj = wgs84_to_gcj02(lat, lon)
    back = to_wgs84(gcj.lat, gcj.lon, GCJ02)
    assert back.lat == pytest.approx(lat, abs=1e-6)
    assert back.lon == pytest.approx(lon, abs=1e-6)
    assert gcj02_to_wgs84(gcj.lat, gcj.lon) == back


@pytest.mark.parametrize(("lat", "lon"), CHINA_POINTS)
def test_wgs_to_bd09_and_back_is_identity_within_a_metre(lat, lon):
    gcj = wgs84_to_gcj02(lat, lon)
    bd = gcj02_to_bd09(gcj.lat, gcj.lon)
    back = to_wgs84(bd.lat, bd.lon, BD09)
    # BD-09 -> GCJ-02 is the published approximate inverse: ~2e-6 degrees (about 20 cm) at worst.
    assert back.lat == pytest.approx(lat, abs=1e-5)
    assert back.lon == pytest.approx(lon, abs=1e-5)
    assert metres(back, (lat, lon)) < 1.0


def test_wgs84_is_returned_unchanged():
    assert to_wgs84(*WUWEI, WGS84) == LatLon(*WUWEI)


def test_gcj02_offset_near_wuwei_is_a_few_hundred_metres():
    offset = metres(wgs84_to_gcj02(*WUWEI), WUWEI)
    assert 100 < offset < 1000


def test_bd09_offset_near_wuwei_is_larger_than_gcj02_and_under_2_km():
    gcj = wgs84_to_gcj02(*WUWEI)
    bd = gcj02_to_bd09(gcj.lat, gcj.lon)
    assert metres(gcj, WUWEI) < metres(bd, WUWEI) < 2000


@pytest.mark.parametrize(("lat", "lon"), CHINA_POINTS[:6])
def test_gcj02_offset_inside_china_is_between_100_m_and_1_km(lat, lon):
    assert 100 < metres(wgs84_to_gcj02(lat, lon), (lat, lon)) < 1000


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        pytest.param(*PARIS, id="Paris"),
        pytest.param(40.7128, -74.0060, id="New-York"),
        pytest.param(-33.8688, 151.2093, id="Sydney"),
    ],
)
def test_no_gcj02_offset_outside_china(lat, lon):
    assert wgs84_to_gcj02(lat, lon) == LatLon(lat, lon)
    assert to_wgs84(lat, lon, GCJ02) == LatLon(lat, lon)


def test_no_bd09_offset_outside_china():
    assert to_wgs84(*PARIS, BD09) == LatLon(*PARIS)


def test_fault_unknown_coordinate_system_is_refused():
    with pytest.raises(ValueError, match="unknown coordinate system 'utm'"):
        to_wgs84(*WUWEI, "utm")


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        pytest.param(*WUWEI, id="Wuwei"),
        pytest.param(39.9042, 116.4074, id="Beijing"),
        pytest.param(3.8, 73.4, id="box-south-west-corner"),
        pytest.param(53.6, 135.1, id="box-north-east-corner"),
    ],
)
def test_location_inside_china_has_no_problem(lat, lon):
    assert china_location_problem(lat, lon) is None


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        pytest.param(102.6, 37.9, id="Wuwei-swapped"),
        pytest.param(116.4074, 39.9042, id="Beijing-swapped"),
    ],
)
def test_fault_swapped_lat_lon_is_named(lat, lon):
    assert "swapped" in china_location_problem(lat, lon)[1]


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        pytest.param(*PARIS, id="Paris"),
        pytest.param(0.0, 0.0, id="null-island"),
        pytest.param(60.0, 100.0, id="Siberia-lat-too-far-north"),
        pytest.param(37.93, 160.0, id="lon-in-Pacific"),
        pytest.param(-37.93, -102.64, id="sign-lost"),
    ],
)
def test_fault_location_outside_china(lat, lon):
    problem = china_location_problem(lat, lon)
    assert problem is not None
    field, reason = problem
    assert field == ("lon" if 3.8 <= lat <= 53.6 else "lat")
    assert "outside China" in reason
    assert "swapped" not in reason
