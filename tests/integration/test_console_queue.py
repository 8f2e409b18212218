"""The regulator's triage queue: who sees what, urgency order, signals, filters, search, masking,
and a bounded number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from tests.integration.console_support import file_case, in_days, login
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_NAME,
    CONSUMER_PHONE,
    entitlement_tables,
    evidence_root,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
URL = "/console/"


def queue_order(html: str) -> list[str]:
    return re.findall(r'<tr data-tracking="(\w+)"', html)


def row_html(html: str, complaint: Complaint) -> str:
    match = re.search(rf'<tr data-tracking="{complaint.tracking_number}".*?</tr>', html, re.S)
    assert match, f"{complaint.tracking_number} is not in the queue"
    return match.group(0)


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_account_without_the_regulator_role_is_refused(client, outsider):
    login(client, outsider)
    assert client.get(URL).status_code == 403


def test_each_regulator_sees_only_its_divisions_complaints(
        client, liangzhou_case, minqin_case, county_regulator, other_regulator, city_regulator):
    mine, theirs = liangzhou_case.tracking_number, minqin_case.tracking_number
    for profile, expected in ((county_regulator, {mine}), (other_regulator, {theirs}),
                              (city_regulator, {mine, theirs})):
        client.logout()
        login(client, profile)
        assert set(queue_order(client.get(URL).content.decode())) == expected, profile


def test_an_administrator_sees_every_county(admin_client, liangzhou_case, minqin_case):
    html = admin_client.get(URL).content.decode()
    assert set(queue_order(html)) == {liangzhou_case.tracking_number, minqin_case.tracking_number}


def test_overdue_comes_first_then_due_soonest_and_no_deadline_last(client, county_regulator):
    later = file_case(state={"due_date": in_days(5)})
    none = file_case(state={"due_date": None, "due_clock": "", "status": "IN_MEDIATION",
                            "clock_paused_since": timezone.localdate()})
    overdue = file_case(state={"due_date": in_days(-2)})
    soon = file_case(state={"due_date": in_days(1)})
    login(client, county_regulator)
    html = client.get(URL).content.decode()
    assert queue_order(html) == [c.tracking_number for c in (overdue, soon, later, none)]
    assert 'class="badge overdue"' in row_html(html, overdue)
    assert 'class="badge overdue"' not in row_html(html, soon)


def test_on_the_same_due_day_the_case_with_more_signals_comes_first(client, county_regulator):
    plain = file_case(state={"due_date": in_days(3)})
    vulnerable = file_case(state={"due_date": in_days(3), "vulnerable": True})
    login(client, county_regulator)
    assert queue_order(client.get(URL).content.decode()) == [
        vulnerable.tracking_number, plain.tracking_number]


def test_signals_are_shown_as_badges_with_words(client, county_regulator):
    delayed = file_case(state={"status": "SETTLED", "due_date": None, "due_clock": "",
                               "outcome": "odr_settled", "performance_due_date": in_days(-20),
                               "delay_flagged_at": timezone.now()})
    vulnerable = file_case(state={"vulnerable": True})
    login(client, county_regulator)
    html = client.get(URL).content.decode()
    assert 'data-signal="delay"' in row_html(html, delayed)
    assert "故意拖延" in row_html(html, delayed) or "Deliberate delay" in row_html(html, delayed)
    assert 'data-signal="vulnerable"' in row_html(html, vulnerable)
    assert 'data-signal="delay"' not in row_html(html, vulnerable)


def test_a_settled_case_leaves_the_queue_once_the_business_performed(client, county_regulator):
    performed = file_case(state={"status": "SETTLED", "due_date": None, "due_clock": "",
                                 "delay_flagged_at": timezone.now(),
                                 "performed_at": timezone.now()})
    login(client, county_regulator)
    assert performed.tracking_number not in queue_order(client.get(URL).content.decode())
    assert performed.tracking_number in queue_order(
        client.get(URL, {"status": "all"}).content.decode())


def test_a_third_complaint_against_one_respondent_within_90_days_is_a_repeated_respondent(
        client, county_regulator):
    old = file_case(respondent_name="凉州区重复家电行")
    Complaint.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=91))
    first = file_case(respondent_name="凉州区重复家电行")
    second = file_case(respondent_name="凉州区重复家电行")
    login(client, county_regulator)
    html = client.get(URL).content.decode()
    assert 'data-signal="repeated_respondent"' not in row_html(html, second), \
        "two in 90 days (the third is older) is not yet repeated"
    third = file_case(respondent_name="凉州区重复家电行")
    html = client.get(URL).content.decode()
    for complaint in (first, second, third):
        assert 'data-signal="repeated_respondent"' in row_html(html, complaint)


def test_a_repair_phone_of_a_suspected_fake_outlet_is_flagged_unless_dismissed(
        client, county_regulator):
    from service_net.models.fraud import Suspect

    victim = file_case(repair_outlet_name="海尔官方售后", repair_outlet_phone="400-123-4567")
    other = file_case()
    assert victim.repair_outlet_phone_key, "the filing service stores the normalized phone"
    now = timezone.now()
    suspect, _ = Suspect.objects.update_or_create(  # fraudapp may have made it at filing
        phone_key=victim.repair_outlet_phone_key,
        defaults={"first_seen_at": now, "last_seen_at": now, "score": 80, "state": "open",
                  "state_changed_at": now, "computed_at": now})
    login(client, county_regulator)
    html = client.get(URL).content.decode()
    assert 'data-signal="fake_outlet"' in row_html(html, victim)
    assert 'data-signal="fake_outlet"' not in row_html(html, other)
    Suspect.objects.filter(pk=suspect.pk).update(state="dismissed")
    assert 'data-signal="fake_outlet"' not in row_html(client.get(URL).content.decode(), victim)


def test_personal_data_is_masked_in_the_list(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    html = client.get(URL).content.decode()
    row = row_html(html, liangzhou_case)
    assert CONSUMER_NAME not in html and CONSUMER_PHONE not in html
    assert "张*三" in row and "138****2345" in row


def test_filters_narrow_the_queue(client, county_regulator, city_regulator, minqin_case):
    accepted = file_case(state={"status": "IN_MEDIATION", "due_clock": "mediation",
                                "accepted_at": timezone.now()})
    waiting = file_case()
    assigned = file_case(state={"assigned_to": county_regulator.user})
    flagged = file_case(state={"vulnerable": True})
    login(client, county_regulator)

    def shown(**query) -> set[str]:
        return set(queue_order(client.get(URL, query).content.decode()))

    assert shown(status="IN_MEDIATION") == {accepted.tracking_number}
    assert shown(clock="mediation") == {accepted.tracking_number}
    assert shown(assigned="me") == {assigned.tracking_number}
    assert assigned.tracking_number not in shown(assigned="none")
    assert shown(signal="vulnerable") == {flagged.tracking_number}
    assert waiting.tracking_number in shown(category="refrigerator")
    assert shown(category="washing_machine") == set()
    assert waiting.tracking_number in shown(brand=str(waiting.brand_id))
    client.logout()
    login(client, city_regulator)
    assert shown(county="620621000000") == {minqin_case.tracking_number}
    assert 'name="county"' in client.get(URL).content.decode()


def test_a_county_regulator_has_no_county_filter(client, county_regulator, liangzhou_case):
    login(client, county_regulator)
    assert 'name="county"' not in client.get(URL).content.decode()


def test_search_finds_by_tracking_number_respondent_or_brand(client, county_regulator):
    target = file_case(respondent_name="凉州区金星电器行")
    other = file_case(respondent_name="凉州区红旗商场", brand="某杂牌")
    login(client, county_regulator)

    def found(q: str) -> set[str]:
        return set(queue_order(client.get(URL, {"q": q}).content.decode()))

    spaced = f"{target.tracking_number[:2]} {target.tracking_number[2:7]} {target.tracking_number[7:]}"
    assert found(spaced.lower()) == {target.tracking_number}
    assert found(target.tracking_number[2:8]) == {target.tracking_number}
    assert found("金星") == {target.tracking_number}
    assert found("杂牌") == {other.tracking_number}
    assert found("品牌甲") == {target.tracking_number}


def test_the_queue_pages_through_many_complaints(client, county_regulator):
    for _ in range(27):
        file_case()
    login(client, county_regulator)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert len(queue_order(first)) == 25 and len(queue_order(second)) == 2
    assert not set(queue_order(first)) & set(queue_order(second))
    assert 'rel="next"' in first


def test_the_number_of_queries_does_not_grow_with_the_rows(
        client, county_regulator, django_assert_max_num_queries):
    for index in range(12):
        file_case(state={"vulnerable": index % 2 == 0, "assigned_to": county_regulator.user},
                  respondent_name=f"凉州区商场{index % 3}")
    login(client, county_regulator)
    client.get(URL)  # warm the session
    with django_assert_max_num_queries(12):
        html = client.get(URL, {"signal": "vulnerable"}).content.decode()
    assert len(queue_order(html)) == 6


def test_only_complaints_with_the_regulator_can_be_ticked_for_a_bulk_decision(
        client, county_regulator):
    waiting = file_case()
    mediating = file_case(state={"status": "IN_MEDIATION", "due_clock": "mediation"})
    login(client, county_regulator)
    html = client.get(URL).content.decode()
    assert f'name="ids" value="{waiting.pk}"' in row_html(html, waiting)
    assert 'name="ids"' not in row_html(html, mediating)


def staff_nav(html: str) -> list[str]:
    """The links of the staff strip under the site header, in order."""
    strip = re.search(r'<nav class="staff".*?</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', strip.group(0)) if strip else []


def test_the_site_header_gives_regulators_their_pages_and_the_console_links_the_dashboard(
        client, county_regulator):
    assert staff_nav(client.get("/verify/").content.decode()) == []
    login(client, county_regulator)
    assert staff_nav(client.get("/verify/").content.decode()) == [
        "/console/", "/console/dashboard/", "/fraud/suspects/", "/coverage/map/", "/geo/quality/",
        "/accounts/totp/"]  # issue 8: two-step login, for every member of staff
    queue = client.get(URL).content.decode()
    assert 'href="/console/dashboard/"' in queue.split('class="console-nav"', 1)[1]
    assert 'href="/console/" aria-current="page"' in queue
    dashboard = client.get("/console/dashboard/").content.decode()
    assert 'class="console-nav"' in dashboard and 'href="/console/?clock=overdue"' in dashboard
