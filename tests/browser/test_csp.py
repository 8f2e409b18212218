"""The Content-Security-Policy in a real browser: no page of ours trips it, and what moved out of
inline code (the language menu, "use my location") still works.

Violations are caught two ways on every page: the `securitypolicyviolation` events (an init
script, which the policy does not govern, records them) and Chromium's console errors naming the
policy. The watcher is first shown to catch a violation, so "none" means something.
"""

from __future__ import annotations

import pytest

from tests.browser.test_coverage_map import liangzhou_network  # noqa: F401
from tests.conftest import REGULATOR_PASSWORD, STAFF_PASSWORD
from tests.integration.console_support import file_case
from tests.integration.filing_support import CONSUMER_PHONE, entitlement_tables, evidence_root  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("entitlement_tables", "evidence_root")]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":"
                    + e.lineNumber);
});
"""
PUBLIC_PAGES = ["/", "/verify/", "/verify/?phone=400-123-4567", "/nearest/", "/nearest/?division=620602",
                "/complaints/file/", "/complaints/track/", "/disclosure/", "/accounts/login/",
                "/admin/login/"]
REGULATOR_PAGES = ["/console/", "/console/dashboard/", "/fraud/suspects/", "/geo/quality/"]
BUSINESS_PAGES = ["/business/", "/manufacturer/confirmations/"]


class Watcher:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda msg: self.console.append(msg.text)
                if "Content Security Policy" in msg.text else None)

    def visit(self, url: str, ready: str = "footer, body") -> list[str]:
        """Open `url`, wait for `ready`, return this page's violations (events and console)."""
        before = len(self.console)
        response = self.page.goto(url)
        assert response is not None and response.ok, (url, response and response.status)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("load")
        return self.page.evaluate("window.__csp") + self.console[before:]


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_the_watcher_catches_a_violation(live_server, laptop_page):
    watch = Watcher(laptop_page)
    assert watch.visit(f"{live_server.url}/") == []
    laptop_page.evaluate("""document.body.insertAdjacentHTML("beforeend",
        '<img src="https://tiles.example.invalid/x.png"><span style="color:red">x</span>')""")
    laptop_page.wait_for_function("window.__csp.length >= 2")
    caught = laptop_page.evaluate("window.__csp")
    assert any(v.startswith("img-src https://tiles.example.invalid") for v in caught), caught
    assert any(v.startswith("style-src-attr") for v in caught), caught


def test_public_pages_and_the_api_docs_keep_the_policy(live_server, phone_page):
    watch = Watcher(phone_page)
    for path in PUBLIC_PAGES:
        assert watch.visit(f"{live_server.url}{path}") == [], path
    # Swagger UI, served offline: rendered, operations listed, nothing refused.
    assert watch.visit(f"{live_server.url}/api/v1/docs", ready="#swagger-ui .opblock") == []
    assert phone_page.locator("#swagger-ui .opblock").count() > 10


def test_the_consumers_case_page_keeps_the_policy(live_server, phone_page):
    complaint = file_case()
    watch = Watcher(phone_page)
    assert watch.visit(f"{live_server.url}/complaints/track/") == []
    phone_page.fill("#tracking", complaint.tracking_number)
    phone_page.fill("#phone", CONSUMER_PHONE)
    with phone_page.expect_navigation():
        phone_page.click("button.primary")
    phone_page.wait_for_selector("#status")
    assert phone_page.evaluate("window.__csp") == [] and watch.console == []
    # The styles moved out of the page still apply (complaints.css).
    assert phone_page.locator("#status-sentence").evaluate("e => getComputedStyle(e).fontSize") != "18px"


@pytest.mark.usefixtures("liangzhou_network")  # coverage computed: the map draws
def test_staff_pages_and_the_coverage_map_keep_the_policy(live_server, laptop_page, browser,
                                                          county_regulator, manufacturer_staff):
    watch = Watcher(laptop_page)
    log_in(laptop_page, live_server, county_regulator.user.get_username(), REGULATOR_PASSWORD)
    for path in REGULATOR_PAGES:
        assert watch.visit(f"{live_server.url}{path}") == [], path
    assert watch.visit(f"{live_server.url}/coverage/map/", ready="#map-summary[data-state=ready]") == []
    assert laptop_page.evaluate("window.L && L.version") == "1.9.4"

    context = browser.new_context(locale="zh-CN")
    try:
        business = Watcher(context.new_page())
        log_in(business.page, live_server, manufacturer_staff.user.get_username(), STAFF_PASSWORD)
        for path in BUSINESS_PAGES:
            assert business.visit(f"{live_server.url}{path}") == [], path
    finally:
        context.close()


def test_the_language_menu_switches_without_inline_script(live_server, phone_page):
    watch = Watcher(phone_page)
    assert watch.visit(f"{live_server.url}/verify/") == []
    assert phone_page.get_attribute("html", "lang") == "zh-CN"
    with phone_page.expect_navigation():
        phone_page.select_option("#language", "en")
    assert phone_page.get_attribute("html", "lang") == "en"
    assert phone_page.evaluate("window.__csp") == []


def test_use_my_location_fills_the_search_without_inline_script(live_server, browser):
    context = browser.new_context(locale="zh-CN", geolocation={"latitude": 37.93, "longitude": 102.64},
                                  permissions=["geolocation"])
    try:
        watch = Watcher(context.new_page())
        assert watch.visit(f"{live_server.url}/nearest/") == []
        with watch.page.expect_navigation():
            watch.page.click("#locate")
        assert "lat=37.930000" in watch.page.url and "lon=102.640000" in watch.page.url
        assert watch.page.evaluate("window.__csp") == []
    finally:
        context.close()
