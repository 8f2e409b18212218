"""A county regulator triages complaints in a real browser: logs in, finds the complaint in the
queue, opens it and accepts it; and decides several at once from the queue."""

from __future__ import annotations

import pytest

from complaints.models import Complaint
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.console_support import file_case
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("entitlement_tables", "evidence_root")]


def log_in(page, live_server, profile) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/console/")
    page.fill("#id_username", profile.user.get_username())
    page.fill("#id_password", REGULATOR_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("#queue")


def test_a_regulator_opens_a_complaint_from_the_queue_and_accepts_it(
        live_server, laptop_page, county_regulator, other_regulator):
    page = laptop_page
    complaint = file_case(state={"vulnerable": True})
    elsewhere = file_case(county="minqin")
    log_in(page, live_server, county_regulator)

    row = page.locator(f'#queue tr[data-tracking="{complaint.tracking_number}"]')
    assert row.count() == 1
    assert page.locator(f'#queue tr[data-tracking="{elsewhere.tracking_number}"]').count() == 0
    assert row.locator('[data-signal="vulnerable"]').is_visible()
    assert "张*三" in row.inner_text(), "masked in the list"

    row.locator("a.tracking-inline").click()
    page.wait_for_selector("#status[data-status=WITH_REGULATOR]")
    assert "张小三" in page.locator("#consumer").inner_text(), "in full on the case"
    page.click("#accept")
    page.wait_for_selector("#status[data-status=IN_MEDIATION]")
    assert page.locator("ul.messages li.success").is_visible()
    assert page.locator("#pause-form").count() == 1, "mediation's actions are offered now"
    complaint.refresh_from_db()
    assert complaint.status == "IN_MEDIATION"
    assert complaint.events.filter(action="complaints.complaint.accept",
                                   actor_id=county_regulator.user.username).count() == 1


def test_a_regulator_ticks_all_decidable_rows_and_accepts_them_at_once(
        live_server, phone_page, county_regulator):
    page = phone_page
    waiting = [file_case(), file_case()]
    mediating = file_case(state={"status": "IN_MEDIATION", "due_clock": "mediation"})
    log_in(page, live_server, county_regulator)

    page.check("#check-all")
    assert page.locator('#queue input[name="ids"]:checked').count() == 2
    page.check('input[name="decision"][value="accept"]')
    page.click("#bulk-submit")
    page.wait_for_selector("#bulk-done")
    for complaint in waiting:
        assert page.locator(f'#bulk-done li[data-tracking="{complaint.tracking_number}"]').count() == 1
    statuses = dict(Complaint.objects.values_list("pk", "status"))
    assert [statuses[c.pk] for c in waiting] == ["IN_MEDIATION", "IN_MEDIATION"]
    assert statuses[mediating.pk] == "IN_MEDIATION"
