"""The regulators' dashboard: who may see it, that it counts only their division's complaints,
and what it counts — open cases by state and deadline, overdue clocks, business rates, trends."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.demo_complaints import DemoCase
from complaints.stats.dashboard import dashboard_for
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.stats_support import load_cases

pytestmark = pytest.mark.django_db
URL = "/console/dashboard/"

CASES = {  # county 0 = 凉州区 (county_regulator), 1 = 民勤县
    0: DemoCase(25, "with_regulator", "海信", 0, shop=True),  # acceptance decision overdue
    1: DemoCase(1, "with_business", "美的"),                  # ODR answer not yet due
    2: DemoCase(40, "in_mediation", "格力"),                  # 45 working days: not overdue
    3: DemoCase(60, "settled_performed", "美的"),             # settled: not open
    4: DemoCase(45, "agreement_not_notified", "格力"),        # closure notice overdue
    5: DemoCase(20, "in_mediation", "小米", 1),               # another county
}


@pytest.fixture
def complaints(gazetteer):
    return load_cases(CASES)


def login(client, user) -> None:
    assert client.login(username=user.get_username(), password=REGULATOR_PASSWORD)


def kpi(html: str, name: str) -> int:
    return int(re.search(rf'id="kpi-{name}"><span class="n">(\d+)</span>', html).group(1))


def bar_values(html: str, chart: str) -> dict[str, str]:
    svg = re.search(rf'<svg[^>]* id="{chart}".*?</svg>', html, re.S).group(0)
    return dict(re.findall(r'<g class="bar" data-key="([^"]*)" data-value="([^"]*)"', svg))


def test_anonymous_visitor_is_sent_to_the_login_page(client, gazetteer):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_account_without_a_regulator_role_is_refused(client, outsider, manufacturer_staff):
    login(client, outsider)
    assert client.get(URL).status_code == 403


def test_county_regulator_sees_open_cases_of_their_county_by_state(client, county_regulator,
                                                                   complaints):
    login(client, county_regulator.user)
    html = client.get(URL).content.decode()
    assert kpi(html, "open") == 3
    states = bar_values(html, "chart-states")
    assert (states["WITH_REGULATOR"], states["WITH_BUSINESS"], states["IN_MEDIATION"]) == (
        "1", "1", "1")
    assert states["BUSINESS_PROPOSED"] == "0"


def test_overdue_clocks_are_counted_open_or_closed(client, county_regulator, complaints):
    login(client, county_regulator.user)
    html = client.get(URL).content.decode()
    assert kpi(html, "overdue") == 2
    overdue = bar_values(html, "chart-overdue")
    assert (overdue["regulator_acceptance"], overdue["termination_notice"]) == ("1", "1")
    assert overdue["mediation"] == overdue["odr_settlement"] == "0"
    buckets = bar_values(html, "chart-deadlines")
    assert buckets["overdue"] == "1"  # of the open cases; the closure notice is a closed case
    assert sum(int(buckets[b]) for b in ("due_today", "within_3_wd", "later", "provisional")) == 2


def test_city_regulator_sees_every_county_and_another_county_only_its_own(
        city_regulator, other_regulator, complaints):
    today = timezone.localdate()
    assert dashboard_for(city_regulator.user, today=today).open_total == 4
    minqin = dashboard_for(other_regulator.user, today=today)
    assert minqin.open_total == 1
    assert [name for name, _ in minqin.businesses] == ["小米集团"]


def test_business_rates_count_odr_answers_in_time_and_settled_or_agreed_cases(
        county_regulator, complaints):
    report = dashboard_for(county_regulator.user, today=timezone.localdate())
    tallies = dict(report.businesses)
    assert set(tallies) == {"美的集团", "格力电器", "凉州区演示家电商场"}
    midea = tallies["美的集团"]
    assert midea.complaints == 2
    assert (midea.business_answered_in_time, midea.business_answer_counted) == (1, 1)
    assert (midea.resolved, midea.ended) == (1, 1)
    gree = tallies["格力电器"]
    assert gree.response_rate is None  # never in ODR
    assert (gree.resolved, gree.ended) == (1, 1)


def test_trends_show_twelve_months_per_category(client, county_regulator, complaints):
    report = dashboard_for(county_regulator.user, today=timezone.localdate())
    assert len(report.months) == 12 and report.months[-1].day == 1
    assert all(len(counts) == 12 for _, counts in report.trends)
    assert sum(sum(counts) for _, counts in report.trends) == 5
    login(client, county_regulator.user)
    html = client.get(URL).content.decode()
    assert html.count('<g class="series') == len(report.trends)


def test_query_count_does_not_grow_with_the_number_of_complaints(client, county_regulator,
                                                                 complaints):
    login(client, county_regulator.user)
    client.get(URL)  # the first request after login starts the staff session's clock (one write)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    load_cases({6: DemoCase(100, "refused", "美的", 0, skip_business=True),
                7: DemoCase(200, "timed_out_ended", "海尔"), 8: DemoCase(15, "paused", "格力")})
    with CaptureQueriesContext(connection) as more:
        html = client.get(URL).content.decode()
    assert kpi(html, "open") == 4
    assert len(more) == len(few) <= 14
