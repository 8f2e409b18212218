"""A consumer files a complaint on a phone-sized screen and finds it again, in real Chromium."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from tests.integration.filing_support import entitlement_tables, evidence_root, png_bytes  # noqa: F401

# With the bot guard and the rate limits on, as in production: a person filing at human speed
# is never refused.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.form_guard, pytest.mark.rate_limits,
              pytest.mark.usefixtures("entitlement_tables", "evidence_root")]

PHONE = "13893512345"
SCREENSHOTS = os.environ.get("SANBAO_SCREENSHOTS", "")  # a directory, to look at the pages


@pytest.fixture
def invoice_png(tmp_path):
    path = tmp_path / "发票.png"
    path.write_bytes(png_bytes(size=(40, 30)))
    return path


# A person types: one key every 40 ms at the very fastest (~90 characters: 3.6 s), longer than
# the bot guard's minimum fill time (config/formguard.py, 3 s).
TYPING_DELAY_MS = 40


def type_in(page, selector: str, text: str) -> None:
    page.locator(selector).press_sequentially(text, delay=TYPING_DELAY_MS)


def fill_complaint(page, today):
    type_in(page, "#brand", "海尔")
    page.select_option("#category", "refrigerator")
    page.select_option("#channel", "online")
    page.fill("#purchase_date", (today - timedelta(days=4)).isoformat())
    page.select_option("#proof", "invoice")
    type_in(page, "#respondent_name", "民勤县某某家电商场")
    type_in(page, "#respondent_address", "甘肃省武威市民勤县城关镇东街8号")
    page.fill("#fault_date", (today - timedelta(days=1)).isoformat())
    type_in(page, "#facts", "网购的冰箱收到四天就不制冷了，商家不肯退货。")
    type_in(page, "#request", "退货退款")
    type_in(page, "#consumer_name", "李四")
    type_in(page, "#consumer_phone", "138 9351 2345")
    type_in(page, "#consumer_address", "甘肃省武威市凉州区东大街街道文庙路12号")


def test_consumer_files_checks_uploads_submits_and_tracks(live_server, phone_page, browser,
                                                          invoice_png):
    page = phone_page
    page.goto(f"{live_server.url}/complaints/file/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    fill_complaint(page, timezone.localdate())

    with page.expect_navigation():
        page.click("button[value=check]")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/checked.png", full_page=True)
    remedies = page.locator("#assessment li.remedy")
    assert remedies.count() >= 2, page.locator("#check").inner_text()[:800]
    assert page.locator("#assessment li[data-remedy=return] .claim-by").is_visible()
    assert page.locator("#ready").is_visible(), page.locator("#required").inner_text()
    assert page.locator("#facts").input_value().startswith("网购的冰箱"), "the form kept its input"

    page.set_input_files("#evidence_invoice", str(invoice_png))
    with page.expect_navigation():
        page.click("#submit")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/filed.png", full_page=True)
    shown = page.locator("#tracking-number")
    assert shown.is_visible()
    tracking = shown.get_attribute("data-tracking")
    complaint = Complaint.objects.get(tracking_number=tracking)
    assert shown.inner_text().replace(" ", "") == tracking
    assert complaint.evidence.get().content_type == "image/png"
    assert page.locator("#evidence").inner_text().count("发票.png") == 1

    # Later, on another phone (no session): tracking number + phone open the case.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    try:
        other = context.new_page()
        other.goto(f"{live_server.url}/complaints/track/")
        other.fill("#tracking", tracking.lower())
        other.fill("#phone", PHONE)
        with other.expect_navigation():
            other.click("button.primary")
        assert other.locator("#status").get_attribute("data-status") == "WITH_REGULATOR"
        assert other.locator("#next-deadline").get_attribute("data-due"), "the regulator's date"
        assert other.locator("#history li[data-action=submit]").count() == 1
        assert other.locator("#history li[data-action=route_to_regulator]").count() == 1
        assert other.locator("#history li[data-action=add_evidence]").count() == 1
        assert other.locator("#filed").count() == 0, "the big number is shown once, after filing"
        width = other.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, "no sideways scrolling on a phone"
    finally:
        context.close()


def test_missing_items_are_named_before_submission(live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/complaints/file/")
    page.fill("#consumer_name", "李四")
    with page.expect_navigation():
        page.click("#submit")
    assert page.locator("#errors").is_visible()
    missing = page.locator("#errors li").evaluate_all("els => els.map(e => e.dataset.field)")
    assert {"consumer_phone", "consumer_address", "respondent_name", "respondent_address",
            "request", "facts"} <= set(missing)
    assert "consumer_name" not in missing
    assert page.locator("p.field-error[data-field=consumer_phone]").is_visible()
    assert Complaint.objects.count() == 0


def test_a_wrong_phone_on_the_track_page_opens_nothing(live_server, phone_page):
    page = phone_page
    page.goto(f"{live_server.url}/complaints/track/")
    page.fill("#tracking", "WW0000000000")
    page.fill("#phone", PHONE)
    with page.expect_navigation():
        page.click("button.primary")
    assert page.locator("#not-found").is_visible()
