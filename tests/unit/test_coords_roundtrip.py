"""Round trips that start from the map services' side (GCJ-02 and BD-09 points), over a grid of
all of mainland China and its provincial capitals; test_coords.py covers WGS-84 -> x -> WGS-84.

What matters to Sanbao: a point a manufacturer or a phone gives in GCJ-02 (AMap, Tencent) or
BD-09 (Baidu) is stored as WGS-84, and shown again on those maps where it was clicked.
"""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod

from geo.rules.coords import (
    BD09,
    GCJ02,
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_gcj02,
)

_GEOD = Geod(ellps="WGS84")
FEW_METRES = 3.0

CAPITALS = {
    "北京": (39.9042, 116.4074), "天津": (39.0842, 117.2009), "石家庄": (38.0428, 114.5149),
    "太原": (37.8706, 112.5489), "呼和浩特": (40.8424, 111.7490), "沈阳": (41.8057, 123.4315),
    "长春": (43.8171, 125.3235), "哈尔滨": (45.8038, 126.5349), "上海": (31.2304, 121.4737),
    "南京": (32.0603, 118.7969), "杭州": (30.2741, 120.1551), "合肥": (31.8206, 117.2272),
    "福州": (26.0745, 119.2965), "南昌": (28.6820, 115.8579), "济南": (36.6512, 117.1201),
    "郑州": (34.7466, 113.6254), "武汉": (30.5928, 114.3055), "长沙": (28.2282, 112.9388),
    "广州": (23.1291, 113.2644), "南宁": (22.8170, 108.3669), "海口": (20.0440, 110.1999),
    "重庆": (29.5630, 106.5516), "成都": (30.5728, 104.0668), "贵阳": (26.6470, 106.6302),
    "昆明": (25.0389, 102.7183), "拉萨": (29.6520, 91.1721), "西安": (34.3416, 108.9398),
    "兰州": (36.0611, 103.8343), "西宁": (36.6171, 101.7782), "银川": (38.4872, 106.2309),
    "乌鲁木齐": (43.8256, 87.6168), "武威": (37.9283, 102.6380), "漠河": (52.9723, 122.5387),
    "喀什": (39.4704, 75.9898), "三沙": (16.8310, 112.3380),
}
CAPITAL_PARAMS = [pytest.param(lat, lon, id=name) for name, (lat, lon) in CAPITALS.items()]


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return _GEOD.inv(lon1, lat1, lon2, lat2)[2]


def china_grid(step: float) -> list[tuple[float, float]]:
    """Grid points over mainland China's box, away from its edges (where the offset stops)."""
    return [(float(a), float(o)) for a in np.arange(18.5, 53.5, step) for o in np.arange(73.5, 135.0, step)]


@pytest.mark.parametrize(("lat", "lon"), CAPITAL_PARAMS)
def test_gcj02_point_to_wgs84_and_back_lands_on_the_same_point(lat, lon):
    gcj_lat, gcj_lon = lat, lon  # read as a point clicked on AMap
    wgs = gcj02_to_wgs84(gcj_lat, gcj_lon)
    again = wgs84_to_gcj02(wgs.lat, wgs.lon)
    assert metres(gcj_lat, gcj_lon, again.lat, again.lon) < 0.01


@pytest.mark.parametrize(("lat", "lon"), CAPITAL_PARAMS)
def test_bd09_point_to_wgs84_and_back_lands_within_a_few_metres(lat, lon):
    wgs = to_wgs84(lat, lon, BD09)  # read as a point clicked on Baidu Maps
    gcj = wgs84_to_gcj02(wgs.lat, wgs.lon)
    again = gcj02_to_bd09(gcj.lat, gcj.lon)
    assert metres(lat, lon, again.lat, again.lon) < FEW_METRES


@pytest.mark.parametrize(("lat", "lon"), CAPITAL_PARAMS)
def test_bd09_to_wgs84_moves_a_point_by_the_expected_few_hundred_metres(lat, lon):
    wgs = to_wgs84(lat, lon, BD09)
    assert 300 < metres(lat, lon, wgs.lat, wgs.lon) < 2000


def test_gcj02_round_trip_over_a_one_degree_grid_of_china_is_under_a_centimetre():
    worst = 0.0
    for lat, lon in china_grid(1.0):
        wgs = to_wgs84(lat, lon, GCJ02)
        again = wgs84_to_gcj02(wgs.lat, wgs.lon)
        worst = max(worst, metres(lat, lon, again.lat, again.lon))
    assert worst < 0.01, worst


def test_bd09_round_trip_over_a_one_degree_grid_of_china_is_within_a_few_metres():
    worst = 0.0
    for lat, lon in china_grid(1.0):
        wgs = to_wgs84(lat, lon, BD09)
        gcj = wgs84_to_gcj02(wgs.lat, wgs.lon)
        again = gcj02_to_bd09(gcj.lat, gcj.lon)
        worst = max(worst, metres(lat, lon, again.lat, again.lon))
    assert worst < FEW_METRES, worst


def test_bd09_and_gcj02_inverse_pair_agrees_to_a_metre_over_the_grid():
    worst = 0.0
    for lat, lon in china_grid(2.0):
        gcj = bd09_to_gcj02(lat, lon)
        again = gcj02_to_bd09(gcj.lat, gcj.lon)
        worst = max(worst, metres(lat, lon, again.lat, again.lon))
    assert worst < 1.0, worst


@pytest.mark.parametrize(("lat", "lon"), [
    pytest.param(37.9283, 102.6380, id="Wuwei"),
    pytest.param(52.9723, 122.5387, id="Mohe"),
    pytest.param(39.4704, 75.9898, id="Kashgar"),
])
def test_a_wgs84_point_given_as_gcj02_by_mistake_is_off_by_hundreds_of_metres(lat, lon):
    # Why the coord_system field matters: reading a point in the wrong system is a real error.
    wrong = to_wgs84(lat, lon, GCJ02)
    assert 100 < metres(lat, lon, wrong.lat, wrong.lon) < 1000
