"""Timing a CSV import: a fresh manufacturer's file of new outlets, then the same file again."""

from __future__ import annotations

import csv
import io
import random
import time

from django.utils import timezone

from .. import services
from ..models import Category, Manufacturer
from ..rules.csv_input import csv_rows
from .common import ACTOR, PREFIX, BenchOptions, Say
from .network import Network, Places

BENCH_MAKER, BENCH_BRAND = "基准测试厂商", "基准牌"
CSV_PRICE_LIST = "上门服务费=30;检测费=50"
CSV_COLUMNS = ("external_id", "name", "address", "lat", "lon", "division_code", "phones",
               "categories", "brands", "valid_from", "valid_to", "uscc", "certificate_no",
               "opening_hours", "kind", "home_visit_radius_km", "remote_diagnosis", "price_list")


def csv_cell(value) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


def csv_file(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**{k: csv_cell(v) for k, v in row.items()}, "price_list": CSV_PRICE_LIST})
    return out.getvalue().encode("utf-8")


def timed_import(maker: Manufacturer, data: bytes) -> dict:
    started = time.perf_counter()
    rows = csv_rows(data)
    parsed = time.perf_counter()
    result = services.outlets_import(manufacturer=maker, rows=rows, actor=ACTOR, at=timezone.now(),
                                     first_row=2)
    seconds = time.perf_counter() - parsed
    return {"rows": len(rows), "parse_s": parsed - started, "seconds": seconds,
            "rows_per_s": len(rows) / seconds, "created": result.created,
            "updated": result.updated, "unchanged": result.unchanged}


def bench_import(options: BenchOptions, places: Places, say: Say) -> dict:
    """A fresh manufacturer's file of new outlets, imported and then imported again unchanged."""
    maker, _ = services.manufacturer_create(name=BENCH_MAKER, brands=[BENCH_BRAND])
    net = Network(random.Random(options.seed + 3), places, {BENCH_BRAND: BENCH_MAKER},
                  prefix=PREFIX + "IMP-", mobile_base=13_800_000_000, service_base=4_008_000_000,
                  serial_base=10_000_000, known=None,
                  fallback_categories=tuple(Category.objects.order_by("code").values_list("code", flat=True)))
    data = csv_file([net.next_outlet()[BENCH_MAKER] for _ in range(options.import_rows)])
    say(f"  CSV of {options.import_rows:,} rows: {len(data) / 1e6:.1f} MB")
    first = timed_import(maker, data)
    say(f"  imported in {first['seconds']:.1f} s; re-importing unchanged")
    return {"csv_bytes": len(data), "first": first, "again": timed_import(maker, data)}
