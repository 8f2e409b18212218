"""Shared rows and vocabulary for the outlet-row validation tests."""

from __future__ import annotations

from pyproj import Geod

from service_net.rules.outlet_rows import (
    OutletRecord,
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
