"""GET /api/v1/coverage…: JSON report, GeoJSON, gap list (JSON and CSV), placement, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo.models import Division
from service_net.coverage.presenters import GAP_COLUMNS
from service_net.coverage.services import coverage_refresh
from tests.integration.coverage_support import outlet_at, put, refresh_kwargs, township

pytestmark = pytest.mark.django_db

URL = "/api/v1/coverage"
HUANGYANG, ZHANGYI, DONGHU = "620602100000", "620602113000", "620621104000"
HUAZANGSI, WUNAN, GUCHENG, QINGYUAN = "620623100000", "620602101000", "620602112000", "620602102000"
WUWEI_COUNTIES = {"620602000000", "620621000000", "620622000000", "620623000000"}


@pytest.fixture
def covered(manufacturer_admin, other_manufacturer) -> dict[str, int]:
    """品牌甲 at 黄羊镇 (15 km home visits, remote, monthly touring to 张义镇); 品牌乙 at 东湖镇."""
    hy, dh = township(HUANGYANG), township(DONGHU)
    a = put(manufacturer_admin[0], [outlet_at(1, hy.lat, hy.lon, radius=15, remote=True,
                                              touring=[(ZHANGYI, 1)])])
    b = put(other_manufacturer[0], [outlet_at(2, dh.lat, dh.lon, radius=10)])
    for code, population in ((WUNAN, 30000), (GUCHENG, 20000), (QINGYUAN, 10000)):
        Division.objects.filter(code=code).update(population=population)
    coverage_refresh(**refresh_kwargs())
    return {"A": a["EXT-1"], "B": b["EXT-2"]}


def get(client, path="", **params):
    return client.get(URL + path, {"category": "refrigerator", **params})


def by_code(items, key="code"):
    return {item[key]: item for item in items}


def wuwei_townships() -> int:
    return Division.objects.filter(level="township", code__startswith="6206").count()


# --- the JSON report ----------------------------------------------------------------------------

def test_report_keeps_each_kind_apart_per_township(client, covered):
    body = get(client, region="620600").json()
    assert body["region"] == {"code": "620600000000", "name": "武威市", "level": "city"}
    assert body["category"]["code"] == "refrigerator" and body["brand"] is None
    assert body["computed_at"] and body["stored"] is True
    towns = by_code(body["townships"])
    assert len(towns) == wuwei_townships()
    home = towns[HUANGYANG]
    assert (home["home_visit"], home["touring"], home["remote_diagnosis"]) == (True, False, True)
    assert home["nearest_outlet"] == {"id": covered["A"], "name": "测试维修网点1", "distance_km": 0.0}
    assert towns[ZHANGYI]["touring"] is True and towns[ZHANGYI]["home_visit"] is False
    assert towns[WUNAN]["remote_only"] is True and towns[WUNAN]["unserved"] is False
    unknown = next(t for t in towns.values() if not t["location_known"])
    assert unknown["home_visit"] is None and unknown["nearest_outlet"] is None


def test_rollups_cover_the_city_and_each_county_and_add_up(client, covered):
    rollups = get(client, region="620600000000").json()["rollups"]
    city, counties = rollups[0], rollups[1:]
    assert city["code"] == "620600000000" and city["townships"] == wuwei_townships()
    assert {c["code"] for c in counties} == WUWEI_COUNTIES
    for key in ("townships", "home_visit", "touring", "remote_only", "unserved", "undetermined",
                "location_unknown", "population_unknown_townships", "population_remote_only"):
        assert sum(c[key] for c in counties) == city[key], key
    assert city["location_unknown"] == 17
    assert city["remote_only"] + city["undetermined"] + city["unserved"] + sum(
        1 for t in get(client, region="620600").json()["townships"]
        if t["home_visit"] or t["touring"]) == city["townships"]
    assert city["population_remote_only"] == 59441 + 30000 + 20000 + 10000
    assert city["unserved"] == 0  # 品牌甲 offers remote diagnosis: advice everywhere


def test_region_takes_6_or_12_digit_county_city_or_province_codes(client, covered):
    six = get(client, region="620602").json()
    twelve = get(client, region="620602000000").json()
    assert six["townships"] == twelve["townships"]
    assert {t["county_code"] for t in six["townships"]} == {"620602000000"}
    province = get(client, region="620000").json()
    assert province["rollups"][0]["level"] == "province"
    assert province["rollups"][0]["townships"] == wuwei_townships()


def test_report_query_count_does_not_grow_with_the_townships(client, covered):
    counts = []
    for region in ("620602", "620600", "620000"):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, region=region).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 6


def test_one_brand_is_computed_on_request(client, covered):
    body = get(client, region="620600", brand="品牌乙").json()
    assert body["brand"] == "品牌乙" and body["stored"] is False and body["computed_at"]
    towns = by_code(body["townships"])
    assert towns[HUANGYANG]["home_visit"] is False and towns[DONGHU]["home_visit"] is True
    assert towns[ZHANGYI]["touring"] is False  # 品牌甲's touring does not count for 品牌乙
    assert towns[HUANGYANG]["nearest_outlet"]["id"] == covered["B"]
    assert towns[WUNAN]["unserved"] is True  # 品牌乙 offers no remote diagnosis


# --- GeoJSON ------------------------------------------------------------------------------------

def test_geojson_is_a_valid_feature_collection_of_townships_outlets_and_counties(client, covered):
    response = get(client, "/geojson", region="620600")
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    body = json.loads(response.content, parse_constant=lambda c: pytest.fail(f"{c} in GeoJSON"))
    assert body["type"] == "FeatureCollection"
    kinds: dict[str, list] = {}
    for feature in body["features"]:
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties"}
        kinds.setdefault(feature["properties"]["kind"], []).append(feature)
    assert set(kinds) == {"township", "outlet", "county"}
    assert len(kinds["township"]) == wuwei_townships()
    for feature in kinds["township"] + kinds["outlet"] + kinds["county"]:
        geometry = feature["geometry"]
        if geometry is not None:
            lon, lat = geometry["coordinates"]
            assert geometry["type"] == "Point" and 100 < lon < 105 and 36 < lat < 40
    hy = next(f for f in kinds["township"] if f["properties"]["code"] == HUANGYANG)
    assert hy["geometry"]["coordinates"] == [round(township(HUANGYANG).lon, 6),
                                             round(township(HUANGYANG).lat, 6)]
    assert hy["properties"]["nearest_outlet_km"] == 0.0
    assert hy["properties"]["nearest_outlet_name"] == "测试维修网点1"
    unknown = [f for f in kinds["township"] if not f["properties"]["location_known"]]
    assert len(unknown) == 17 and all(f["geometry"] is None for f in unknown)
    outlets = by_code([f["properties"] for f in kinds["outlet"]], "id")
    assert set(outlets) == {covered["A"], covered["B"]}
    assert outlets[covered["A"]]["home_visit_radius_km"] == 15.0
    assert outlets[covered["A"]]["remote_diagnosis"] is True
    counties = by_code([f["properties"] for f in kinds["county"]])
    assert set(counties) == WUWEI_COUNTIES
    assert counties["620602000000"]["home_visit"] >= 1


# --- gaps ---------------------------------------------------------------------------------------

def test_gaps_rank_by_population_with_unknown_last_and_flag_remote_only(client, covered):
    body = get(client, "/gaps", region="620600").json()
    gaps = body["gaps"]
    assert body["count"] == len(gaps) and [g["rank"] for g in gaps] == list(range(1, len(gaps) + 1))
    assert [g["code"] for g in gaps[:4]] == [HUAZANGSI, WUNAN, GUCHENG, QINGYUAN]
    assert [g["population"] for g in gaps[:4]] == [59441, 30000, 20000, 10000]
    assert all(not g["population_known"] for g in gaps[4:])
    assert all(g["remote_only"] for g in gaps)
    assert HUANGYANG not in {g["code"] for g in gaps} and ZHANGYI not in {g["code"] for g in gaps}
    assert gaps[0]["county_name"] == "天祝藏族自治县"
    without_point = [g for g in gaps if not g["location_known"]]
    assert without_point and all(g["home_visit"] is None for g in without_point)


def test_gaps_csv_opens_in_excel_and_matches_the_json(client, covered):
    response = get(client, "/gaps", region="620600", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="coverage-gaps-620600000000-refrigerator.csv"' in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == GAP_COLUMNS
    json_gaps = get(client, "/gaps", region="620600").json()["gaps"]
    assert [r[1] for r in rows[1:]] == [g["code"] for g in json_gaps]
    assert rows[1][:3] == ["1", HUAZANGSI, "华藏寺镇"] and rows[1][5:7] == ["59441", "true"]


# --- placement ----------------------------------------------------------------------------------

def test_placement_picks_seats_greedily_population_first(client, covered):
    body = get(client, "/placement", region="620600", k=2, radius_km=25).json()
    assert body["method"] == "greedy maximum coverage, (1-1/e)-approximate"
    assert body["k"] == 2 and body["radius_km"] == 25.0 and len(body["steps"]) == 2
    first, second = body["steps"]
    # One seat in 凉州区 reaches 武南镇, 古城镇 and 清源镇 (60,000 people): more than 华藏寺镇.
    assert {WUNAN, GUCHENG, QINGYUAN} <= {t["code"] for t in first["newly_served"]}
    assert first["newly_served_population"] == 60000
    assert HUAZANGSI in {t["code"] for t in second["newly_served"]}
    assert second["newly_served_population"] == 59441
    assert second["cumulative_townships"] == first["newly_served_townships"] + second[
        "newly_served_townships"]
    assert body["gaps_without_location"] == 17


@pytest.mark.parametrize("params, field", [
    ({"k": 0}, "k"), ({"k": 21}, "k"), ({"radius_km": 0}, "radius_km"),
    ({"radius_km": 301}, "radius_km"),
])
def test_placement_refuses_out_of_range_parameters(client, covered, params, field):
    response = get(client, "/placement", region="620600", **params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["data"]["errors"]] == [field]


def test_openapi_describes_placement_as_greedy_and_approximate(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "(1-1/e)-approximate" in paths["/api/v1/coverage/placement"]["get"]["description"]


# --- errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, status, field", [
    pytest.param({"region": "620699"}, 404, "region", id="unknown-region"),
    pytest.param({"region": "6206"}, 422, "region", id="four-digits"),
    pytest.param({"region": "62060a"}, 422, "region", id="not-digits"),
    pytest.param({"region": HUANGYANG}, 422, "region", id="a-township-is-not-a-region"),
    pytest.param({"region": "620600", "category": "toaster"}, 422, "category", id="unknown-category"),
    pytest.param({"region": "620600", "brand": "无此品牌"}, 422, "brand", id="unknown-brand"),
])
def test_bad_parameters_are_refused_in_the_error_format(client, covered, params, status, field):
    response = get(client, **params)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"code", "message", "data"} and body["message"]
    fields = [body["data"]["field"]] if status == 404 else [e["field"] for e in body["data"]["errors"]]
    assert fields == [field]


def test_missing_category_and_unknown_format_are_validation_errors(client, covered):
    response = client.get(URL, {"region": "620600"})
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert response.json()["data"]["errors"][0]["field"] == "category"
    response = get(client, "/gaps", region="620600", format="xml")
    assert response.status_code == 422
    assert response.json()["data"]["errors"] == [{"field": "format", "reason": "json or csv"}]


def test_before_the_first_refresh_the_report_says_so(client, gazetteer):
    response = get(client, region="620600")
    assert response.status_code == 409
    assert response.json()["code"] == "coverage_not_computed"
    assert "coverage_refresh" in response.json()["message"]
