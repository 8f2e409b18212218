"""Loading the shipped gazetteer into the Division table (idempotent)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ..models import Division
from .gazetteer_memory import gazetteer_changed

DATA = Path(__file__).resolve().parent.parent / "data"
_KIND = {"street": Division.Kind.URBAN, "town": Division.Kind.RURAL,
         "township": Division.Kind.RURAL}


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _float(value: str) -> float | None:
    return float(value) if value not in (None, "") else None


def _national_rows() -> list[Division]:
    return [
        Division(code=r["code"], name=r["name"], level=r["level"],
                 parent_id=r["parent_code"] or None, lat=_float(r["lat"]), lon=_float(r["lon"]),
                 kind="", source="cpca 0.5.5 adcodes (GCJ-02 converted to WGS-84)")
        for r in _read("divisions_cn.csv")
    ]


def _wuwei_townships(report: LoadReport) -> list[Division]:
    rows = []
    for r in _read("wuwei_townships.csv"):
        if not r["township_code"]:
            report.skipped += 1  # no official code yet (古丰镇): see data/SOURCES.md
            continue
        rows.append(Division(
            code=r["township_code"], name=r["township_name"], level=Division.Level.TOWNSHIP,
            parent_id=r["county_code"].ljust(12, "0"), kind=_KIND.get(r["kind"], ""),
            lat=_float(r["lat"]), lon=_float(r["lon"]),
            population=int(r["population"]) if r["population"] else None,
            population_year=int(r["population_year"]) if r["population_year"] else None,
            source=r["source"]))
    return rows


@transaction.atomic
def divisions_load_shipped() -> LoadReport:
    report = LoadReport()
    rows = _national_rows() + _wuwei_townships(report)
    existing = set(Division.objects.values_list("code", flat=True))
    report.created = sum(1 for d in rows if d.code not in existing)
    report.updated = len(rows) - report.created
    order = {"province": 0, "city": 1, "county": 2, "township": 3}
    rows.sort(key=lambda d: order[d.level])
    Division.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["code"],
        update_fields=["name", "level", "parent", "kind", "lat", "lon", "population",
                       "population_year", "source"])
    for r in _read("populations.csv"):
        Division.objects.filter(code=r["code"]).update(
            population=int(r["population"]), population_year=int(r["population_year"]))
    gazetteer_changed()
    return report
