"""A regulator publishes a warning in a real browser; a consumer checking the number on a phone
then sees it prominently (issue 6)."""

from __future__ import annotations

import pytest

from tests.conftest import REGULATOR_PASSWORD
from tests.integration import filing_support, fraud_support

# Shared fixtures, bound here so that pytest finds them.
entitlement_tables, evidence_root = filing_support.entitlement_tables, filing_support.evidence_root
fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("evidence_root")]

WARNING = "此号码冒充多个品牌的官方售后，请勿拨打，请联系下方正规网点。"


def test_regulator_publishes_and_the_verify_page_shows_warned(live_server, phone_page,
                                                              fake_suspect, county_regulator):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/?next=/fraud/suspects/")
    page.fill("#id_username", county_regulator.user.username)
    page.fill("#id_password", REGULATOR_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.click(f"tr[data-suspect-id='{fake_suspect.pk}'] a")
    assert page.locator("#reasons li[data-code='phone_many_brands']").count() == 1
    page.fill("#text_zh", WARNING)
    page.click("#publish")
    assert page.locator("#summary").get_attribute("data-state") == "warned"

    page.goto(f"{live_server.url}/verify/")
    page.fill("#phone", "400 888 1234")
    page.select_option("#brand", "品牌甲")
    page.click("button.primary")
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("data-verdict") == "warned"
    assert verdict.is_visible()
    assert page.locator("#warning-text").inner_text() == WARNING
    box = verdict.bounding_box()
    assert box is not None and box["y"] < 844, "the warning is on the first screen of a phone"
    assert page.locator("article.outlet").count() >= 1, "real outlets are offered instead"
