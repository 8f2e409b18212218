"""An elderly consumer on a phone reads the business's answer and declines it, in real Chromium:
big buttons, no sideways scrolling, the case then with the regulator and its date shown."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from complaints.services import complaint_file
from complaints.services.workflow import Actor, complaint_business_respond
from tests.integration.filing_support import CONSUMER_PHONE, draft, entitlement_tables  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("entitlement_tables")]
SCREENSHOTS = os.environ.get("SANBAO_SCREENSHOTS", "")  # a directory, to look at the pages
MIN_TAP_HEIGHT_PX = 48  # comfortably above the 44 px touch-target guideline


@pytest.fixture
def answered_case(manufacturer_admin) -> Complaint:
    business = manufacturer_admin[0]
    business.odr_enrolled = True
    business.save()
    complaint = complaint_file(draft=draft(
        respondent_name="测试电器A售后服务中心", consumer_elderly=True,
        respondent_address="甘肃省武威市凉州区东大街街道文庙路1号"), at=timezone.now())
    complaint_business_respond(complaint, manufacturer=business, kind="offer", remedy="repair",
                               terms="上门维修，不收费", actor=Actor("business", str(business.pk)),
                               perform_by=timezone.localdate() + timedelta(days=3),
                               at=timezone.now())
    return complaint


def test_the_consumer_declines_the_answer_on_a_phone(live_server, phone_page, answered_case):
    page = phone_page
    page.goto(f"{live_server.url}/complaints/track/")
    page.fill("#tracking", answered_case.tracking_number)
    page.fill("#phone", CONSUMER_PHONE)
    with page.expect_navigation():
        page.click("button.primary")
    assert page.locator("#status").get_attribute("data-status") == "BUSINESS_PROPOSED"
    assert "上门维修，不收费" in page.locator("#business-answer").inner_text()
    accept = page.locator("#confirm button")
    assert accept.bounding_box()["height"] >= MIN_TAP_HEIGHT_PX
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/case-answer.png", full_page=True)

    page.click("#decline summary")
    page.fill("#decline-reason", "我要换货，不要维修")
    with page.expect_navigation():
        page.click("#decline button")
    assert page.locator("#status").get_attribute("data-status") == "WITH_REGULATOR"
    assert page.locator("#next-deadline").get_attribute("data-due")
    assert page.locator("#history li[data-action=decline_outcome]").count() == 1
    assert page.locator("#confirm").count() == 0
    answered_case.refresh_from_db()
    assert (answered_case.status, answered_case.odr_outcome) == ("WITH_REGULATOR", "not_settled")
