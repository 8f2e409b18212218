"""A manufacturer's batch of outlets: valid rows become clean records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from service_net.rules.outlet_rows import (
    Batch,
    OutletRecord,
    PriceLine,
    Touring,
    validate_batch,
)
from tests.unit.outlet_rows_support import (
    TWO_BRANDS,
    VALID_USCC,
    VOCAB,
    WUWEI,
    metres,
    only_record,
    row,
)

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
