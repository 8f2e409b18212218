"""A manufacturer's batch of outlets: every problem of every row, each with its row and field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pyproj import Geod

from service_net.rules.outlet_rows import (
    REQUIRED,
    Batch,
    OutletRecord,
    PriceLine,
    RowError,
    Touring,
    Vocabulary,
    validate_batch,
)

VALID_USCC = "91350100M000100Y43"
WUWEI = (37.93, 102.64)
VOCAB = Vocabulary(
    categories=frozenset({"refrigerator", "air_conditioner", "washing_machine"}),
    brands=frozenset({"品牌甲"}),
    division_exists=lambda code: code in {"620602000000", "620602101000", "620602102000"},
)
TWO_BRANDS = Vocabulary(
    categories=VOCAB.categories, brands=frozenset({"品牌甲", "品牌丙"}), division_exists=VOCAB.division_exists
)


def row(n: int = 1, **overrides) -> dict:
    data = {
        "external_id": f"EXT-{n}",
        "name": f"凉州区家电维修部{n}",
        "address": f"甘肃省武威市凉州区东大街{n}号",
        "lat": WUWEI[0],
        "lon": WUWEI[1],
        "phones": ["0935-2212345"],
        "categories": ["refrigerator"],
        "valid_from": "2025-01-01",
        "valid_to": "2030-12-31",
    }
    data.update(overrides)
    return data


def errors_of(*rows, vocab: Vocabulary = VOCAB) -> list[tuple[int, str]]:
    return [(e.index, e.field) for e in validate_batch(list(rows), vocab).errors]


def only_record(data: dict, vocab: Vocabulary = VOCAB) -> OutletRecord:
    batch = validate_batch([data], vocab)
    assert batch.errors == []
    assert len(batch.records) == 1
    return batch.records[0]


def metres(a_lat, a_lon, b_lat, b_lon) -> float:
    return Geod(ellps="WGS84").inv(a_lon, a_lat, b_lon, b_lat)[2]


# --- valid rows -------------------------------------------------------------------------------


def test_valid_row_becomes_an_outlet_record():
    record = only_record(row())
    assert record == OutletRecord(
        external_id="EXT-1",
        name="凉州区家电维修部1",
        address="甘肃省武威市凉州区东大街1号",
        lat=37.93,
        lon=102.64,
        phones=(("09352212345", "landline", "0935-2212345"),),
        categories=("refrigerator",),
        valid_from=date(2025, 1, 1),
        valid_to=date(2030, 12, 31),
        brands=("品牌甲",),
    )


def test_empty_batch_is_empty():
    assert validate_batch([], VOCAB) == Batch()


def test_valid_rows_keep_their_order():
    batch = validate_batch([row(1), row(2), row(3)], VOCAB)
    assert [r.external_id for r in batch.records] == ["EXT-1", "EXT-2", "EXT-3"]
    assert batch.errors == []


def test_full_row_with_optional_fields():
    record = only_record(
        row(
            uscc=VALID_USCC.lower(),
            division_code="620602",
            certificate_no="CERT-9",
            opening_hours="8:00-18:00",
            kind="community",
            brands=["品牌甲"],
            in_store=False,
            home_visit_radius_km=30,
            remote_diagnosis=True,
            touring=[{"division_code": "620602101", "schedule": "每周一", "visits_per_month": 4}],
            price_list=[
                {"item": "上门费", "price": 30, "visit_fee": True},
                {"item": "压缩机更换", "pricing_method": "按配件价目表", "covers": "冰箱"},
            ],
        )
    )
    assert record.uscc == VALID_USCC
    assert record.division_code == "620602000000"
    assert (record.certificate_no, record.opening_hours, record.kind) == ("CERT-9", "8:00-18:00", "community")
    assert (record.in_store, record.home_visit_radius_km, record.remote_diagnosis) == (
        False,
        Decimal(30),
        True,
    )
    assert record.touring == (Touring("620602101000", "每周一", Decimal(4)),)
    assert record.price_list == (
        PriceLine(item="上门费", price_yuan=Decimal(30), is_visit_fee=True),
        PriceLine(item="压缩机更换", covers="冰箱", pricing_method="按配件价目表"),
    )


def test_service_modes_object_is_read_like_top_level_fields():
    nested = only_record(row(service_modes={"in_store": False, "home_visit_radius_km": 15}))
    assert (nested.in_store, nested.home_visit_radius_km) == (False, Decimal(15))


def test_same_phone_typed_twice_is_kept_once():
    record = only_record(row(phones=["0935-2212345", "+86 935 221 2345", "13912345678"]))
    assert [p[0] for p in record.phones] == ["09352212345", "13912345678"]


def test_csv_style_strings_are_parsed():
    record = only_record(
        {
            "external_id": "CSV-1",
            "name": "凉州维修部",
            "address": "东大街1号",
            "lat": "37.93",
            "lon": "102.64",
            "phones": "0935-6600001；13912345678",
            "categories": "refrigerator;air_conditioner",
            "valid_from": "2025-01-01",
            "valid_to": "2030-12-31",
            "in_store": "否",
            "remote_diagnosis": "true",
            "home_visit_radius_km": "30",
            "price_list": "item=30;检测费=50",
            "touring": "620602101000:每月5日",
        }
    )
    assert (record.lat, record.lon) == WUWEI
    assert record.phones == (
        ("09356600001", "landline", "0935-6600001"),
        ("13912345678", "mobile", "13912345678"),
    )
    assert record.categories == ("refrigerator", "air_conditioner")
    assert (record.in_store, record.remote_diagnosis, record.home_visit_radius_km) == (
        False,
        True,
        Decimal(30),
    )
    assert record.price_list == (
        PriceLine(item="item", price_yuan=Decimal(30)),
        PriceLine(item="检测费", price_yuan=Decimal(50)),
    )
    assert record.touring == (Touring("620602101000", "每月5日", Decimal(1)),)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("y", True),
        ("是", True),
        ("false", False),
        ("0", False),
        ("no", False),
        ("n", False),
        ("否", False),
        (True, True),
        (False, False),
    ],
)
def test_csv_flags_read_true_and_false(text, value):
    assert only_record(row(remote_diagnosis=text)).remote_diagnosis is value


@pytest.mark.parametrize("separator", [";", "；", ",", "，", "、", "/"])
def test_csv_code_lists_split_on_any_separator(separator):
    record = only_record(row(categories=f"refrigerator{separator} air_conditioner"))
    assert record.categories == ("refrigerator", "air_conditioner")


def test_brands_default_to_all_vocabulary_brands():
    assert only_record(row(), TWO_BRANDS).brands == ("品牌丙", "品牌甲")


def test_price_list_key_absent_leaves_posted_list_alone():
    assert only_record(row()).price_list is None


def test_price_list_present_but_empty_list_clears_the_list():
    assert only_record(row(price_list=[])).price_list == ()


@pytest.mark.parametrize("empty", ["", "  "], ids=["empty-string", "blank"])
def test_price_list_present_but_empty_string_clears_the_list(empty):
    assert only_record(row(price_list=empty)).price_list == ()


def test_price_list_entries_split_on_semicolons_only_so_commas_stay_in_text():
    record = only_record(row(price_list="维修费=1000;上门费(10公里内,含税)=30"))
    assert [p.item for p in record.price_list] == ["维修费", "上门费(10公里内,含税)"]


@pytest.mark.parametrize("name", ["touring", "service_modes"])
def test_empty_string_nested_field_means_none(name):
    record = only_record(row(**{name: ""}))
    assert (record.touring, record.in_store) == ((), True)


@pytest.mark.parametrize(
    ("system", "lat", "lon"),
    [
        pytest.param("gcj02", 37.9302886, 102.6417214, id="GCJ-02-AMap"),
        pytest.param("GCJ02", 37.9302886, 102.6417214, id="GCJ-02-upper-case"),
        pytest.param("bd09", 37.9361148, 102.6482965, id="BD-09-Baidu"),
    ],
)
def test_chinese_map_coordinates_are_converted_to_wgs84(system, lat, lon):
    record = only_record(row(lat=lat, lon=lon, coord_system=system))
    assert record.lat == pytest.approx(WUWEI[0], abs=1e-5)
    assert record.lon == pytest.approx(WUWEI[1], abs=1e-5)
    assert 100 < metres(lat, lon, record.lat, record.lon) < 2000


def test_gcj02_input_moves_the_record_a_few_hundred_metres():
    record = only_record(row(coord_system="gcj02"))
    assert 100 < metres(*WUWEI, record.lat, record.lon) < 1000


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
