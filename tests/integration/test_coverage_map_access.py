"""Who may open the coverage map, which regions they may pick, and what the page asks the browser for."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import REGULATOR_PASSWORD

pytestmark = pytest.mark.django_db

MAP_URL = "/coverage/map/"
LIANGZHOU = "620602000000"
MINQIN = "620621000000"
WUWEI = "620600000000"


def _login(client, user) -> None:
    assert client.login(username=user.get_username(), password=REGULATOR_PASSWORD)


def _config(response) -> dict:
    found = re.search(r'<script id="coverage-map-config" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    assert found, "the page carries its map configuration"
    return json.loads(found.group(1))


def _region_options(response) -> list[str]:
    select = re.search(r'<select id="region" name="region">(.*?)</select>', response.content.decode(), re.S)
    return re.findall(r'<option value="(\d{12})"', select.group(1))


def test_anonymous_visitor_is_sent_to_the_login_page(client, gazetteer):
    response = client.get(MAP_URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={MAP_URL}"


def test_logged_in_account_without_a_regulator_role_is_refused(client, outsider):
    _login(client, outsider)
    assert client.get(MAP_URL).status_code == 403


def test_manufacturer_has_no_map_even_with_an_api_key(client, manufacturer_admin):
    _, key = manufacturer_admin
    assert client.get(MAP_URL, HTTP_X_API_KEY=key).status_code == 302


def test_county_regulator_starts_in_and_is_limited_to_their_county(client, county_regulator):
    _login(client, county_regulator.user)
    response = client.get(MAP_URL)
    assert response.status_code == 200
    assert _region_options(response) == [LIANGZHOU]
    config = _config(response)
    assert config["region"] == LIANGZHOU
    assert config["category"] == "refrigerator"
    assert config["brand"] == ""


def test_county_regulator_cannot_open_another_county(client, county_regulator):
    _login(client, county_regulator.user)
    assert client.get(MAP_URL, {"region": MINQIN}).status_code == 403
    assert client.get(MAP_URL, {"region": WUWEI}).status_code == 403


def test_city_regulator_may_choose_the_city_or_any_of_its_counties(client, city_regulator):
    _login(client, city_regulator.user)
    response = client.get(MAP_URL, {"region": MINQIN, "category": "air_conditioner", "brand": "海尔"})
    options = _region_options(response)
    assert options[0] == WUWEI
    assert {LIANGZHOU, MINQIN, "620622000000", "620623000000"} <= set(options[1:])
    assert all(code.startswith("6206") for code in options)
    config = _config(response)
    assert (config["region"], config["category"], config["brand"]) == (MINQIN, "air_conditioner", "海尔")


def test_unknown_category_or_brand_falls_back_to_the_defaults(client, city_regulator):
    _login(client, city_regulator.user)
    config = _config(client.get(MAP_URL, {"category": "no_such", "brand": "不存在"}))
    assert (config["category"], config["brand"]) == ("refrigerator", "")


def test_administrator_without_a_profile_starts_at_the_city(client, gazetteer):
    admin = get_user_model().objects.create_superuser("root-admin", "", REGULATOR_PASSWORD)
    _login(client, admin)
    config = _config(client.get(MAP_URL))
    assert config["region"] == WUWEI


def test_page_uses_only_our_own_leaflet_and_api(client, county_regulator):
    _login(client, county_regulator.user)
    response = client.get(MAP_URL, {"category": "air_conditioner", "brand": "品牌甲"})
    html = response.content.decode()
    assert '<script src="/static/vendor/leaflet/leaflet.js">' in html
    assert 'href="/static/vendor/leaflet/leaflet.css"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no asset from another host"
    config = _config(response)
    assert config["geojson_url"] == "/api/v1/coverage/geojson"
    assert config["gaps_url"] == "/api/v1/coverage/gaps"
    assert config["tile_url"] == ""
    assert f"/api/v1/coverage/gaps?region={LIANGZHOU}&amp;category=air_conditioner" in html
    assert "format=csv" in html


def test_tile_layer_is_offered_only_when_configured(client, county_regulator, settings):
    settings.MAP_TILE_URL = "https://tiles.example.cn/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© 示例地图"
    _login(client, county_regulator.user)
    config = _config(client.get(MAP_URL))
    assert config["tile_url"] == "https://tiles.example.cn/{z}/{x}/{y}.png"
    assert config["tile_attribution"] == "© 示例地图"


def test_vendored_leaflet_is_served_with_its_licence(client):
    script = client.get("/static/vendor/leaflet/leaflet.js")
    assert script.status_code == 200
    assert b"Leaflet 1.9.4" in b"".join(script.streaming_content)[:200]
    licence = b"".join(client.get("/static/vendor/leaflet/LICENSE").streaming_content)
    assert b"BSD 2-Clause License" in licence


def test_region_may_be_given_with_its_short_code(client, city_regulator):
    _login(client, city_regulator.user)
    assert _config(client.get(MAP_URL, {"region": "620621"}))["region"] == MINQIN
