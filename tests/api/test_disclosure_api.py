"""GET /api/v1/disclosure: public figures per business and per brand, in JSON and CSV, without
personal data; each figure over its own denominator."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.demo_complaints import DemoCase
from tests.integration.stats_support import consumer_data, load_cases

pytestmark = pytest.mark.django_db
URL = "/api/v1/disclosure"

# index → case; the index also picks the category from the maker's list (service_net.demo).
CASES = {
    0: DemoCase(40, "settled_performed", "美的"),           # ODR answered in time, settled
    1: DemoCase(80, "timed_out_ended", "美的", 1),          # ODR missed; mediation ended
    2: DemoCase(50, "agreement", "格力"),                   # regulator first (格力 not in ODR)
    3: DemoCase(2, "with_regulator", "海信", 0, shop=True),  # not yet due; shop not named
    4: DemoCase(20, "withdrawn_in_odr", "美的"),            # withdrawn before an answer was due
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """The disclosure is cached per data version; a new test database reuses event ids."""
    cache.clear()


@pytest.fixture
def complaints(gazetteer):
    return load_cases(CASES)


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {row["name"]: row for row in rows}


def test_totals_count_each_figure_over_its_own_denominator(api, complaints):
    body = api.get(URL).json()
    t = body["totals"]
    assert t["complaints"] == 5
    # counted: 0 (in time), 1 (missed), 2 (in time); 3 not yet due, 4 withdrawn before due.
    assert (t["answered_in_time"], t["answers_counted"], t["answered_in_time_share"]) == (2, 3, 0.6667)
    assert (t["mediation_agreements"], t["mediations_closed"], t["mediation_success_rate"]) == (1, 2, 0.5)
    assert (t["odr_settled"], t["odr_cases_closed"], t["odr_settlement_rate"]) == (1, 2, 0.5)
    assert body["period"]["months"] == 12
    assert set(body["definitions"]) >= {"answered_in_time_share", "mediation_success_rate",
                                        "odr_settlement_rate", "period"}


def test_businesses_are_named_only_when_the_registry_identifies_them(api, complaints):
    body = api.get(URL).json()
    businesses = by_name(body["businesses"])
    assert set(businesses) == {"美的集团", "格力电器"}
    midea = businesses["美的集团"]
    assert (midea["kind"], midea["complaints"]) == ("manufacturer", 3)
    assert (midea["answered_in_time"], midea["answers_counted"]) == (1, 2)
    assert (midea["mediation_success_rate"], midea["odr_settlement_rate"]) == (0.0, 0.5)
    gree = businesses["格力电器"]
    assert (gree["answered_in_time_share"], gree["mediation_success_rate"]) == (1.0, 1.0)
    assert gree["odr_settlement_rate"] is None  # never in ODR: empty, not 0
    assert body["not_named"] == {"business": 1, "brand": 0}


def test_brands_carry_their_manufacturer_and_counts_per_category(api, complaints):
    body = api.get(URL).json()
    brands = by_name(body["brands"])
    assert {name: b["complaints"] for name, b in brands.items()} == {"美的": 3, "格力": 1, "海信": 1}
    assert brands["海信"]["manufacturer"] == "海信集团"
    assert {c["code"]: c["complaints"] for c in brands["美的"]["categories"]} == {
        "air_conditioner": 1, "refrigerator": 1, "range_hood": 1}
    assert sum(c["complaints"] for c in body["categories"]) == 5


def test_filters_narrow_to_a_brand_a_manufacturer_a_category_or_a_shorter_period(api, complaints):
    assert api.get(URL, {"brand": "Gree"}).json()["totals"]["complaints"] == 1
    assert api.get(URL, {"manufacturer": "美的集团"}).json()["totals"]["complaints"] == 3
    assert api.get(URL, {"category": "tv_flat_panel"}).json()["totals"]["complaints"] == 1
    one_month = api.get(URL, {"months": 1}).json()
    assert one_month["totals"]["complaints"] == 2  # 2 and 20 days ago
    assert one_month["period"]["months"] == 1


@pytest.mark.parametrize(("params", "field"), [
    ({"months": 0}, "months"), ({"months": 37}, "months"), ({"brand": "不存在的牌子"}, "brand"),
    ({"manufacturer": "无此厂"}, "manufacturer"), ({"category": "spaceship"}, "category"),
    ({"format": "xml"}, "format"),
])
def test_bad_filters_are_refused_naming_the_field(api, gazetteer, params, field):
    response = api.get(URL, params)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["data"]["errors"]] == [field]


def test_nothing_personal_and_no_complaint_text_is_published(api, complaints):
    json_text = api.get(URL).content.decode()
    csv_text = api.get(URL, {"format": "csv"}).content.decode("utf-8-sig")
    for secret in consumer_data(complaints.values()):
        assert secret not in json_text and secret not in csv_text
    assert "演示" not in json_text.replace("演示家电商场", "")  # facts and request say 演示


def test_csv_is_utf8_with_bom_one_row_per_business_and_brand(api, complaints):
    response = api.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["level"], r["name"]) for r in rows] == [
        ("total", ""), ("manufacturer", "美的集团"), ("manufacturer", "格力电器"),
        ("brand", "美的"), ("brand", "格力"), ("brand", "海信")]
    midea = rows[1]
    assert (midea["complaints"], midea["answered_in_time_share"], midea["category:refrigerator"]) == (
        "3", "0.5", "1")
    assert rows[2]["odr_settlement_rate"] == ""


def test_query_count_does_not_grow_with_the_number_of_complaints(api, complaints):
    with CaptureQueriesContext(connection) as few:
        api.get(URL)
    load_cases({5: DemoCase(30, "settled_performed", "海尔"), 6: DemoCase(60, "refused", "格力"),
                7: DemoCase(90, "agreement", "小米")})
    with CaptureQueriesContext(connection) as more:
        body = api.get(URL).json()
    assert body["totals"]["complaints"] == 8
    assert len(more) == len(few) <= 8
