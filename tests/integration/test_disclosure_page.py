"""The public disclosure page: open to everyone, states its period, defines each figure, shows
business and brand figures without personal data, keeps working on bad filters."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from complaints.demo_complaints import DemoCase
from tests.integration.stats_support import consumer_data, load_cases

pytestmark = pytest.mark.django_db
URL = "/disclosure/"

CASES = {
    0: DemoCase(40, "settled_performed", "美的"),
    1: DemoCase(80, "timed_out_ended", "美的", 1),
    2: DemoCase(50, "agreement", "格力"),
    3: DemoCase(2, "with_regulator", "海信", 0, shop=True),
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """The disclosure is cached per data version; a new test database reuses event ids."""
    cache.clear()


@pytest.fixture
def complaints(gazetteer):
    return load_cases(CASES)


def row_cells(html: str, table: str, name: str) -> dict[str, str]:
    body = re.search(rf'<table class="prices figures" id="{table}">(.*?)</table>', html, re.S).group(1)
    row = re.search(rf'<tr data-name="{name}">(.*?)</tr>', body, re.S).group(1)
    cells = re.findall(r'<td class="([a-z-]+)">(.*?)</td>', row, re.S)
    return {css: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for css, text in cells}


def test_anyone_can_read_it_and_the_nav_links_to_it(client, complaints):
    response = client.get(URL)
    assert response.status_code == 200
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_the_period_is_stated_and_every_figure_is_defined(client, complaints):
    html = client.get(URL).content.decode()
    assert re.search(r'id="period"[^>]*>[^<]*\d{4}-\d\d-\d\d[^<]*\d{4}-\d\d-\d\d', html)
    notes = re.search(r'<section class="notes" id="notes">(.*?)</section>', html, re.S).group(1)
    for key in ("period", "answered_in_time_share", "mediation_success_rate",
                "odr_settlement_rate", "business", "privacy"):
        assert f'data-key="{key}"' in notes


def test_business_and_brand_rows_show_each_rate_with_its_counts(client, complaints):
    html = client.get(URL).content.decode()
    midea = row_cells(html, "businesses", "美的集团")
    assert midea["complaints"] == "2"
    assert midea["in-time"] == "50% (1/2)"
    assert midea["mediation"] == "0% (0/1)"
    assert midea["odr"] == "50% (1/2)"
    gree = row_cells(html, "brands", "格力")
    assert (gree["in-time"], gree["mediation"], gree["odr"]) == ("100% (1/1)", "100% (1/1)",
                                                                "— (0/0)")
    assert 'id="unnamed-business"' in html


def test_no_personal_data_and_no_complaint_text_on_the_page(client, complaints):
    html = client.get(URL).content.decode()
    for secret in consumer_data(complaints.values()):
        assert secret not in html


def test_filters_apply_and_the_csv_link_keeps_them(client, complaints):
    html = client.get(URL, {"brand": "格力", "months": "24"}).content.decode()
    assert re.search(r'<td class="complaints">1</td>', html)
    link = re.search(r'id="csv-link" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("/api/v1/disclosure?") and "format=csv" in link
    assert "months=24" in link and "brand=" in link
    assert client.get(link).content.startswith(b"\xef\xbb\xbf")


def test_a_bad_filter_is_explained_and_the_page_still_shows_all(client, complaints):
    response = client.get(URL, {"brand": "不存在的牌子", "months": "99"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field="brand"' in html and 'data-field="months"' in html
    totals = re.search(r'<table class="prices figures" id="totals">(.*?)</table>', html, re.S)
    assert '<td class="complaints">4</td>' in totals.group(1)
