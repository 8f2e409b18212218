"""A county regulator reads the rural coverage map of 凉州区 in a real browser, offline."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from geo.models import Division
from geo.services.divisions_import import divisions_import
from service_net.coverage.services import coverage_refresh
from service_net.models import Outlet
from service_net.services import outlets_import
from tests.conftest import REGULATOR_PASSWORD
from tests.factories import outlet_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIANGZHOU = "620602"
JINYANG = "620602107000"   # 金羊镇, 0.3 km from the city-centre outlet: home visits reach it
ZHANGYI = "620602113000"   # 张义镇, 48 km south: toured monthly, no home visits
JINSHAN = "620602136000"   # 金山镇, far west: nothing reaches it; population given below
JIUDUN = "620602133000"    # 九墩镇, north: nothing reaches it; a smaller population
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def liangzhou_network(manufacturer_admin, other_manufacturer, redis_conn):
    """品牌甲's outlets in 凉州区, two township populations, and coverage computed from them."""
    maker, _ = manufacturer_admin
    at = timezone.now()
    rows = [
        outlet_row(1, lat=37.945, lon=102.642, categories=["refrigerator"],
                   service_modes={"home_visit_radius_km": 12}),
        outlet_row(2, lat=37.66545, lon=102.84813, categories=["refrigerator"],
                   service_modes={"touring": [{"division_code": ZHANGYI, "schedule": "每月5日"}]}),
        outlet_row(3, lat=37.93, lon=102.64, categories=["air_conditioner"],
                   service_modes={"remote_diagnosis": True}),
    ]
    outlets_import(manufacturer=maker, rows=rows, actor="test", at=at)
    other_maker, _ = other_manufacturer  # 品牌乙: one outlet, in 民勤县, far from 凉州区
    outlets_import(manufacturer=other_maker, actor="test", at=at, rows=[outlet_row(
        4, lat=38.62, lon=103.09, division_code="620621000000", categories=["refrigerator"],
        service_modes={"home_visit_radius_km": 20})])
    divisions_import(rows=[
        {"county_code": LIANGZHOU, "township_code": JINSHAN, "township_name": "金山镇",
         "population": "30000", "population_year": "2020"},
        {"county_code": LIANGZHOU, "township_code": JIUDUN, "township_name": "九墩镇",
         "population": "12000", "population_year": "2020"},
    ], actor="test", at=at)
    coverage_refresh(actor="test", at=at, today=timezone.localdate(at))


def _townships():
    return Division.objects.filter(code__startswith=LIANGZHOU, level=Division.Level.TOWNSHIP)


def _open_map(page, live_server, regulator) -> list[str]:
    """Log in, open the map, wait until it is drawn; returns every URL the page requested."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _log_in_to_the_map(page, live_server, regulator)
    page.wait_for_selector("#map-summary[data-state=ready]")
    return requested


def _log_in_to_the_map(page, live_server, regulator) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/coverage/map/")
    page.fill("#id_username", regulator.user.get_username())
    page.fill("#id_password", REGULATOR_PASSWORD)
    page.click("main button[type=submit]")


def _marker(page, code: str):
    return page.locator(f'path.township[data-code="{code}"]')


def _wait_for(page, category: str, brand: str = "") -> None:
    page.wait_for_selector(f'#map-summary[data-state=ready][data-category="{category}"]'
                           f'[data-brand="{brand}"]')


def test_regulator_sees_each_kind_of_service_from_our_own_server(live_server, phone_page,
                                                                 county_regulator, liangzhou_network):
    page = phone_page
    requested = _open_map(page, live_server, county_regulator)

    assert page.evaluate("window.L && L.version") == "1.9.4"
    assert f"{live_server.url}/static/vendor/leaflet/leaflet.js" in requested
    assert f"{live_server.url}/static/vendor/leaflet/leaflet.css" in requested
    located = _townships().filter(lat__isnull=False).count()
    assert page.locator("path.township").count() == located
    assert page.locator("#map-summary").get_attribute("data-townships") == str(located)
    assert page.locator("#unlocated-list li").count() == _townships().count() - located
    assert page.locator(".leaflet-tile").count() == 0, "no tile layer unless one is configured"
    assert page.locator(".county-label").first.inner_text() == "凉州区"

    served = _marker(page, JINYANG)
    assert "cov-home" in served.get_attribute("class")
    assert served.get_attribute("fill") == "#1b7f3b"
    toured = _marker(page, ZHANGYI)
    assert "cov-touring" in toured.get_attribute("class")
    assert "cov-home" not in toured.get_attribute("class")
    assert toured.get_attribute("stroke-width") == "5"
    assert "cov-unserved" in _marker(page, JINSHAN).get_attribute("class")
    assert page.locator(".outlet-icon").count() == 2, "the two refrigerator outlets"
    assert page.locator("path.outlet-radius").count() == 1
    with translation.override("zh-hans"):
        radius_layer = gettext("Home-visit radius")
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text=radius_layer).locator("input").uncheck()
    assert page.locator("path.outlet-radius").count() == 0, "the radius layer switches off"
    assert page.locator(".outlet-icon").count() == 2

    outside = [u for u in requested if not u.startswith("data:") and urlparse(u).hostname not in LOCAL_HOSTS]
    assert outside == []


def test_legend_and_gap_list_beside_the_map(live_server, phone_page, county_regulator,
                                            liangzhou_network):
    page = phone_page
    _open_map(page, live_server, county_regulator)

    legend = page.locator("#legend")
    assert legend.is_visible()
    with translation.override("zh-hans"):
        assert legend.locator("h2").inner_text() == gettext("Legend")
    styles = legend.locator("li").evaluate_all("items => items.map(i => i.dataset.style)")
    assert {"cov-home", "cov-touring", "cov-remote-only", "cov-unserved", "outlet"} <= set(styles)

    gaps = page.locator("#gap-list li")
    assert gaps.nth(0).get_attribute("data-code") == JINSHAN
    assert "30,000" in gaps.nth(0).inner_text()
    assert gaps.nth(1).get_attribute("data-code") == JIUDUN
    last = gaps.nth(gaps.count() - 1)
    assert "population-unknown" in last.get_attribute("class")
    assert last.locator(".gap-pop.flag").is_visible()
    listed = set(gaps.evaluate_all("items => items.map(i => i.dataset.code)"))
    assert JINYANG not in listed and ZHANGYI not in listed

    csv_href = page.locator("#gaps-csv").get_attribute("href")
    assert "format=csv" in csv_href and "category=refrigerator" in csv_href
    csv = page.request.get(f"{live_server.url}{csv_href}")
    assert csv.status == 200 and "金山镇" in csv.text()

    map_box = page.locator("#coverage-map").bounding_box()
    gaps_box = page.locator("#gaps").bounding_box()
    assert gaps_box["y"] >= map_box["y"] + map_box["height"], "stacked below the map on a phone"


def test_township_popup_gives_each_kind_of_service_and_the_nearest_outlet(
        live_server, phone_page, county_regulator, liangzhou_network):
    page = phone_page
    _open_map(page, live_server, county_regulator)
    page.evaluate(f"""() => {{
        const path = document.querySelector('path.township[data-code="{JINYANG}"]');
        path.dispatchEvent(new MouseEvent('click', {{bubbles: true}}));
    }}""")
    popup = page.locator(f'.township-popup[data-code="{JINYANG}"]')
    popup.wait_for()
    text = popup.inner_text()
    assert "金羊镇" in text and "测试维修网点1" in text
    with translation.override("zh-hans"):
        for label in ("Home visits", "Touring visits (at least monthly)", "Remote diagnosis"):
            assert gettext(label) in text


def test_summary_counts_townships_without_a_point_as_undetermined_not_unserved(
        live_server, phone_page, county_regulator, liangzhou_network):
    page = phone_page
    _open_map(page, live_server, county_regulator)
    summary = page.locator("#map-summary")
    unlocated = _townships().filter(lat__isnull=True).count()
    assert unlocated > 0
    assert summary.get_attribute("data-undetermined") == str(unlocated), "none of them is toured"
    assert summary.get_attribute("data-unserved") == str(page.locator("path.cov-unserved").count())


def test_changing_the_filters_redraws_the_map(live_server, phone_page, county_regulator,
                                              liangzhou_network):
    page = phone_page
    _open_map(page, live_server, county_regulator)
    located = _townships().filter(lat__isnull=False).count()

    page.select_option("#category", "air_conditioner")
    _wait_for(page, "air_conditioner")
    assert page.locator("path.cov-home").count() == 0
    assert page.locator("path.cov-remote-only").count() == located, "remote advice only, everywhere"
    assert "category=air_conditioner" in page.url
    assert "category=air_conditioner" in page.locator("#gaps-csv").get_attribute("href")
    assert page.locator("#gap-list li").nth(0).locator(".tag.remote").is_visible()

    page.select_option("#category", "refrigerator")
    page.select_option("#brand", "品牌乙")
    _wait_for(page, "refrigerator", "品牌乙")
    assert page.locator("path.cov-unserved").count() == located, "品牌乙 serves nothing in 凉州区"
    minqin_outlet = Outlet.objects.get(name="测试维修网点4")
    shown = page.locator(".outlet-icon").evaluate_all("icons => icons.map(i => i.dataset.id)")
    assert shown == [str(minqin_outlet.id)], "only 品牌乙's own outlet, the nearest one"


def test_laptop_shows_the_gap_list_beside_the_map(live_server, browser, county_regulator,
                                                  liangzhou_network):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="zh-CN")
    page = context.new_page()
    try:
        _open_map(page, live_server, county_regulator)
        map_box = page.locator("#coverage-map").bounding_box()
        gaps_box = page.locator("#legend").bounding_box()
        assert gaps_box["x"] >= map_box["x"] + map_box["width"]
        assert map_box["height"] >= 400
    finally:
        context.close()


def test_before_the_first_refresh_the_page_says_why_the_map_is_empty(live_server, phone_page,
                                                                     county_regulator):
    page = phone_page
    _log_in_to_the_map(page, live_server, county_regulator)
    page.wait_for_selector("#map-summary[data-state=error]")
    with translation.override("zh-hans"):
        expected = gettext("Coverage has not been computed yet: run manage.py coverage_refresh.")
    assert page.locator("#map-summary").inner_text() == expected
    assert page.locator("path.township").count() == 0
