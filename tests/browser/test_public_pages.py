"""A consumer checks a repair number and finds service, in a real browser."""

from __future__ import annotations

import pytest
from django.utils import timezone

from service_net.demo import demo_network_load
from service_net.models import OutletPhone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(gazetteer):
    """The demo network these pages read. Each test here runs against a live server, so its
    tables are flushed afterwards and the network is loaded per test; load_demo as a whole (with
    its complaints) is tested in tests/integration."""
    demo_network_load(timezone.now())


def haier_number() -> str:
    phone = OutletPhone.objects.filter(outlet__authorizations__brand__name="海尔",
                                       outlet__authorizations__state="ACTIVE").first()
    return phone.number


def test_consumer_verifies_a_real_number_typed_with_country_code(live_server, phone_page, demo):
    number = haier_number()
    page = phone_page
    page.goto(f"{live_server.url}/verify/")
    assert page.locator("h1").inner_text() == "维修电话是真的吗？"
    page.fill("#phone", f"+86 {number[1:4]} {number[4:]}")
    page.select_option("#brand", "海尔")
    page.click("button.primary")
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("data-verdict") == "authorized"
    assert "正规授权网点" in verdict.inner_text()
    assert page.locator("article.outlet").first.locator("a.tel").inner_text().replace("-", "") \
        == number


def test_consumer_is_warned_about_an_unregistered_number(live_server, phone_page, demo):
    page = phone_page
    page.goto(f"{live_server.url}/verify/")
    page.fill("#phone", "400-123-4567")
    page.select_option("#brand", "海尔")
    page.select_option("#division", "620602000000")
    page.click("button.primary")
    assert page.locator("#verdict").get_attribute("data-verdict") == "unknown"
    assert "谨防假冒" in page.locator("#verdict h2").inner_text()
    nearby = page.locator("article.outlet")
    assert nearby.count() >= 1
    assert "海尔" in nearby.first.inner_text()


def test_bad_number_gets_a_chinese_message(live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/verify/?phone=abc")
    assert "请检查您的输入" in page.locator(".errors").inner_text()


def test_consumer_finds_service_by_township_and_switches_to_english(live_server, phone_page,
                                                                    demo):
    page = phone_page
    page.goto(f"{live_server.url}/nearest/")
    page.select_option("#division", "620602000000")
    page.select_option("#category", "air_conditioner")
    page.click("button.primary")
    cards = page.locator("article.outlet")
    assert cards.count() >= 1, page.locator("main").inner_text()[:800]
    distances = [float(t.split()[1]) for t in cards.locator(".distance").all_inner_texts()]
    assert distances == sorted(distances)
    with page.expect_navigation():
        page.select_option("#language", "en")
    assert page.locator("h1").inner_text() == "Find authorized service"


def test_out_of_range_coordinates_get_a_message_not_results(live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/nearest/?lat=999&lon=102.6")
    assert "请检查您的输入" in page.locator(".errors").inner_text()
    assert page.locator("article.outlet").count() == 0
