"""A manufacturer's batch of outlets: every problem of every row, each with its row and field."""

from __future__ import annotations

import pytest

from service_net.rules.outlet_rows import (
    REQUIRED,
    RowError,
    validate_batch,
)
from tests.unit.outlet_rows_support import (
    VALID_USCC,
    VOCAB,
    errors_of,
    row,
)

# --- faults: one error each, with the right index and field -------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        pytest.param(
            {"categories": ["refrigerator", "toaster"]},
            "categories",
            "unknown category: toaster",
            id="unknown-category",
        ),
        pytest.param({"phones": ["0935-22A2345"]}, "phones", "not digits", id="malformed-phone"),
        pytest.param({"phones": ["+1 650 253 0000"]}, "phones", "+86", id="foreign-phone"),
        pytest.param({"phones": ["--"]}, "phones", "empty", id="phone-only-separators"),
        pytest.param({"uscc": VALID_USCC[:17] + "4"}, "uscc", "check character", id="GB32100-check-char"),
        pytest.param(
            {"uscc": VALID_USCC[:9] + "O" + VALID_USCC[10:]},
            "uscc",
            "not allowed: O",
            id="GB32100-forbidden-letter",
        ),
        pytest.param({"uscc": "91350100M"}, "uscc", "18 characters", id="GB32100-length"),
        pytest.param({"lat": 48.8566, "lon": 2.3522}, "lon", "outside China", id="outside-china-Paris"),
        pytest.param({"lat": 37.93, "lon": 160.0}, "lon", "outside China", id="lon-outside-china"),
        pytest.param({"lat": -100.0, "lon": 102.64}, "lat", "outside China", id="lat-beyond-90"),
        pytest.param({"lat": 102.64, "lon": 37.93}, "lat", "swapped", id="lat-lon-swapped"),
        pytest.param({"lat": "北纬37度"}, "lat", "not a number", id="lat-not-a-number"),
        pytest.param({"lon": "nan"}, "lon", "not a finite number", id="lon-nan"),
        pytest.param(
            {"valid_from": "2026-07-01", "valid_to": "2026-06-30"},
            "valid_to",
            "2026-06-30 is before valid_from 2026-07-01",
            id="valid-to-before-valid-from",
        ),
        pytest.param({"valid_from": "2026/07/01"}, "valid_from", "YYYY-MM-DD", id="date-not-iso"),
        pytest.param({"coord_system": "utm"}, "coord_system", "unknown 'utm'", id="unknown-coord-system"),
        pytest.param({"brands": ["品牌乙"]}, "brands", "not your brand: 品牌乙", id="foreign-brand"),
        pytest.param({"brands": "品牌甲;品牌乙"}, "brands", "not your brand: 品牌乙", id="foreign-brand-csv"),
        pytest.param(
            {"division_code": "6206"}, "division_code", "6, 9 or 12 digits", id="division-malformed"
        ),
        pytest.param(
            {"division_code": "110101"},
            "division_code",
            "unknown division 110101000000",
            id="division-unknown",
        ),
        pytest.param({"kind": "warehouse"}, "kind", "unknown kind 'warehouse'", id="unknown-kind"),
        pytest.param({"external_id": "X" * 65}, "external_id", "longer than 64", id="external-id-too-long"),
        pytest.param(
            {"home_visit_radius_km": 600}, "home_visit_radius_km", "between 0 and 500", id="radius-too-large"
        ),
        pytest.param(
            {"home_visit_radius_km": -5}, "home_visit_radius_km", "non-negative", id="radius-negative"
        ),
        pytest.param({"in_store": "maybe"}, "in_store", "not true/false", id="flag-unreadable"),
        pytest.param({"touring": "9999:每月5日"}, "touring", "6, 9 or 12 digits", id="touring-bad-code"),
        pytest.param(
            {"touring": "999999:每月5日"},
            "touring",
            "unknown division 999999000000",
            id="touring-unknown-division",
        ),
        pytest.param(
            {"touring": [{"schedule": "每月5日"}]},
            "touring",
            "needs a division_code",
            id="touring-stop-without-code",
        ),
        pytest.param({"touring": "[not json"}, "touring", "not valid JSON", id="touring-bad-json"),
        pytest.param(
            {"price_list": "上门费"},
            "price_list",
            "needs a price or a pricing_method",
            id="price-without-amount",
        ),
        pytest.param({"price_list": [{"price": 30}]}, "price_list", "needs an item", id="price-without-item"),
        pytest.param(
            {"price_list": {"item": "上门费"}}, "price_list", "must be a list", id="price-list-object"
        ),
        pytest.param({"service_modes": "[1]"}, "service_modes", "must be an object", id="service-modes-list"),
    ],
)
def test_fault_single_problem_is_reported_with_index_and_field(overrides, field, says):
    batch = validate_batch([row(1), row(2, **overrides)], VOCAB)
    assert [(e.index, e.field) for e in batch.errors] == [(1, field)]
    assert says in batch.errors[0].reason
    assert [r.external_id for r in batch.records] == ["EXT-1"]


def test_fault_latitude_outside_china_names_lat():
    assert errors_of(row(lat=60.0, lon=100.0)) == [(0, "lat")]


@pytest.mark.parametrize("name", REQUIRED)
def test_fault_missing_required_field(name):
    data = row()
    del data[name]
    batch = validate_batch([data], VOCAB)
    assert batch.errors == [RowError(0, name, "required")]
    assert batch.records == []


@pytest.mark.parametrize("blank", ["", "   ", [], None], ids=["empty", "blank", "empty-list", "null"])
def test_fault_blank_required_field_counts_as_missing(blank):
    assert errors_of(row(name=blank)) == [(0, "name")]


def test_fault_all_missing_required_fields_are_listed():
    batch = validate_batch([{"external_id": "E"}], VOCAB)
    assert [e.field for e in batch.errors] == [n for n in REQUIRED if n != "external_id"]


def test_fault_row_that_is_not_an_object():
    batch = validate_batch([row(1), ["EXT-2", "name"]], VOCAB)
    assert batch.errors == [RowError(1, "", "each outlet must be an object")]
    assert len(batch.records) == 1


def test_fault_duplicate_external_id_is_reported_on_the_second_row_naming_the_first():
    batch = validate_batch([row(1), row(2), row(3, external_id="EXT-1")], VOCAB)
    assert batch.errors == [RowError(2, "external_id", "duplicate external_id 'EXT-1' (also at index 0)")]
    assert [r.external_id for r in batch.records] == ["EXT-1", "EXT-2"]


def test_fault_duplicate_external_id_ignores_surrounding_spaces():
    assert errors_of(row(1, external_id="A"), row(2, external_id=" A ")) == [(1, "external_id")]


def test_fault_row_with_three_problems_yields_three_errors():
    batch = validate_batch([row(categories=["toaster"], phones=["abc"], uscc="91350100M000100Y44")], VOCAB)
    assert sorted(e.field for e in batch.errors) == ["categories", "phones", "uscc"]
    assert {e.index for e in batch.errors} == {0}
    assert batch.records == []


def test_fault_every_row_and_every_problem_is_collected():
    batch = validate_batch(
        [
            row(1),
            row(2, phones=["0935-22A2345", "13912345678"], lat=102.64, lon=37.93),
            row(3, valid_from="2026-07-01", valid_to="2026-06-30", brands=["品牌乙"]),
            row(4, coord_system="osgb"),
            row(5),
            row(6, external_id="EXT-5"),
        ],
        VOCAB,
    )
    assert [(e.index, e.field) for e in batch.errors] == [
        (1, "lat"),
        (1, "phones"),
        (2, "valid_to"),
        (2, "brands"),
        (3, "coord_system"),
        (5, "external_id"),
    ]
    assert [r.external_id for r in batch.records] == ["EXT-1", "EXT-5"]


def test_fault_price_that_is_not_a_number_is_named_first():
    batch = validate_batch([row(price_list="上门费=三十")], VOCAB)
    assert {(e.index, e.field) for e in batch.errors} == {(0, "price_list")}
    assert batch.errors[0].reason == "not a number: '三十'"


def test_fault_two_bad_phones_are_both_reported():
    batch = validate_batch([row(phones="abc;0935-221")], VOCAB)
    assert [(e.index, e.field) for e in batch.errors] == [(0, "phones"), (0, "phones")]


def test_fault_phone_list_of_separators_only_needs_one_number():
    assert validate_batch([row(phones=";；")], VOCAB).errors == [
        RowError(0, "phones", "at least one phone number is required")
    ]
