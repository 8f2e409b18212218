"""GET /api/v1/geo/geocode and /api/v1/geo/reverse: offline, in the project's error format."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo.models import Division
from geo.services import gazetteer_changed

pytestmark = pytest.mark.django_db

GEOCODE = "/api/v1/geo/geocode"
REVERSE = "/api/v1/geo/reverse"


@pytest.fixture(autouse=True)
def fresh_gazetteer_after_each_test(db):
    """This module writes Division rows that are rolled back: forget the in-memory copy after."""
    yield
    gazetteer_changed()


@pytest.mark.parametrize(("q", "code", "level"), [
    pytest.param("甘肃省武威市凉州区黄羊镇新店村", "620602100000", "township", id="full-address"),
    pytest.param("古浪大靖", "620622103000", "township", id="short-names"),
    pytest.param("武威市民勤县", "620621000000", "county", id="county"),
    pytest.param("武威", "620600000000", "city", id="city"),
    pytest.param("甘肃", "620000000000", "province", id="province"),
    pytest.param("北京市朝阳区", "110105000000", "county", id="beijing-chaoyang"),
])
def test_geocode_returns_the_deepest_division(api, gazetteer, q, code, level):
    response = api.get(GEOCODE, {"q": q})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["code"], body["level"]) == (code, level)
    assert set(body) >= {"code", "name", "level", "county_code", "lat", "lon"}


def test_geocode_body_for_a_township(api, gazetteer):
    body = api.get(GEOCODE, {"q": "天祝县华藏寺镇团结路8号"}).json()
    assert body == {"code": "620623100000", "name": "华藏寺镇", "level": "township",
                    "county_code": "620623000000", "lat": 36.98364, "lon": 103.12644,
                    "location_from": "620623100000", "alternatives": [], "rest": "团结路8号"}


def test_township_without_a_point_answers_with_its_county_point(api, gazetteer):
    body = api.get(GEOCODE, {"q": "民勤县大滩镇"}).json()
    minqin = Division.objects.get(code="620621000000")
    assert body["code"] == "620621111000"
    assert (body["lat"], body["lon"], body["location_from"]) == (minqin.lat, minqin.lon, minqin.code)


def test_nothing_matches_is_404_with_a_clear_message(api, gazetteer):
    response = api.get(GEOCODE, {"q": "胡说八道"})
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "address_not_found"
    assert body["message"] and body["data"] == {}


@pytest.mark.parametrize("params", [
    pytest.param({"q": ""}, id="empty"), pytest.param({"q": "   "}, id="blank"),
    pytest.param({}, id="missing"), pytest.param({"q": "凉" * 201}, id="too-long"),
])
def test_empty_or_overlong_query_is_422_naming_q(api, gazetteer, params):
    response = api.get(GEOCODE, params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["data"]["errors"]] == ["q"]


def test_ambiguous_name_is_409_with_the_alternatives(api, gazetteer):
    response = api.get(GEOCODE, {"q": "朝阳区"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "address_ambiguous"
    assert [a["code"] for a in body["data"]["alternatives"]] == ["110105000000", "220104000000"]
    assert body["data"]["within"] is None


def test_township_name_in_two_counties_is_409_and_resolved_by_naming_the_county(api, gazetteer):
    Division.objects.create(code="620621199000", name="新华镇", level="township",
                            parent_id="620621000000")
    gazetteer_changed()  # what the geo app's writers do
    response = api.get(GEOCODE, {"q": "新华镇"})
    assert response.status_code == 409
    assert response.json()["data"]["within"]["code"] == "620600000000"
    assert api.get(GEOCODE, {"q": "民勤新华镇"}).json()["code"] == "620621199000"
    assert api.get(GEOCODE, {"q": "凉州区新华镇"}).json()["code"] == "620602129000"


def test_within_narrows_the_answer_and_refuses_an_unknown_region(api, gazetteer):
    assert api.get(GEOCODE, {"q": "古城"}).json()["code"] == "530702000000"
    assert api.get(GEOCODE, {"q": "古城", "within": "620600"}).json()["code"] == "620602112000"
    response = api.get(GEOCODE, {"q": "古城", "within": "999999"})
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "within"


def test_geocode_answers_from_memory_without_a_database_query(api, gazetteer):
    api.get(GEOCODE, {"q": "凉州区"})
    with CaptureQueriesContext(connection) as queries:
        assert api.get(GEOCODE, {"q": "古浪大靖"}).status_code == 200
    assert len(queries) == 0


def test_reverse_gives_county_and_nearest_township(api, gazetteer):
    response = api.get(REVERSE, {"lat": 37.4865, "lon": 103.42103})
    assert response.status_code == 200
    body = response.json()
    assert body["county"]["code"] == "620622000000" and body["county_from"] == "boundary"
    assert body["township"]["code"] == "620622103000"
    assert body["township"]["distance_km"] == pytest.approx(0.0, abs=0.001)


@pytest.mark.parametrize(("lat", "lon", "field"), [
    pytest.param(48.85, 2.35, "lon", id="paris"),
    pytest.param(102.6, 37.9, "lat", id="swapped"),
])
def test_reverse_outside_china_is_422_naming_the_field(api, gazetteer, lat, lon, field):
    response = api.get(REVERSE, {"lat": lat, "lon": lon})
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == field


def test_reverse_needs_numbers(api, gazetteer):
    response = api.get(REVERSE, {"lat": "abc", "lon": "102.6"})
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "lat"
