"""The coverage benchmark (bench_coverage): national-scale data, a full refresh, incremental ones.

Incremental refreshes follow one outlet changed through the real write path (outlets_import,
authorization_change_state): its hook queues the job, which runs inline after commit when
REDIS_URL is unset (then the job's own CoverageRun row gives its time); with REDIS_URL set the
job is queued, so the benchmark runs the same service itself. Coverage is computed for the real
today (the job reads the clock); the data's validity dates are relative to the fixed TODAY.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from geo.models import Division
from geo.services import divisions_load_shipped

from .. import services
from ..catalog import catalog_seed
from ..coverage.selectors import region_coverage
from ..coverage.services import coverage_refresh, coverage_refresh_pending
from ..models import (
    Authorization,
    Brand,
    Category,
    CoverageRun,
    ExternalRef,
    Manufacturer,
    Outlet,
    TouringStop,
)
from .common import BenchRefused, Say
from .coverage_data import (
    COV_PREFIX,
    delete_bench_outlets,
    remove_earlier_run,
    write_outlets,
    write_townships,
)
from .network import load_places
from .run import analyze, database_label, foreign_outlet_count

ACTOR = "system:bench_coverage"
TARGET_FULL_S, TARGET_INCREMENTAL_S = 60.0, 1.0
COVERAGE_TABLES = ("townshipcoverage", "coverageoutlet", "coveragetouringstop")


@dataclass(frozen=True)
class CoverageBenchOptions:
    townships: int = 40_000
    outlets: int = 200_000
    seed: int = 42
    force: bool = False
    check: bool = True


def prepare(options: CoverageBenchOptions, say: Say) -> int:
    foreign = foreign_outlet_count()
    if foreign and not options.force:
        raise BenchRefused(f"the database holds {foreign} outlets the benchmark did not write; "
                           "use a scratch database (or --force)")
    removed = delete_bench_outlets()
    remove_earlier_run()
    divisions_load_shipped()
    catalog_seed()
    if removed:
        say(f"removed {removed:,} outlets of an earlier benchmark run")
    return removed


def digest_coverage() -> tuple[int, str]:
    """(rows, md5) of every stored coverage row without computed_at, in key order."""
    digest, count = hashlib.md5(usedforsecurity=False), 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT township_id, category_id, home_visit, touring, remote_diagnosis, "
                       "nearest_outlet_id, nearest_outlet_km FROM service_net_townshipcoverage "
                       "ORDER BY township_id, category_id")
        while rows := cursor.fetchmany(20_000):
            count += len(rows)
            digest.update(repr(rows).encode())
    return count, digest.hexdigest()


def vacuum() -> None:
    """The machines run PostgreSQL with autovacuum off: clear the dead rows a refresh leaves."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in COVERAGE_TABLES:
                cursor.execute(f"VACUUM ANALYZE service_net_{table}")


def _last_run_id() -> int:
    return CoverageRun.objects.order_by("-id").values_list("id", flat=True).first() or 0


def timed_change(label: str, write: Callable[[], None]) -> dict:
    """Write one change through the services, then take the refresh its hook queued."""
    before = _last_run_id()
    started = time.perf_counter()
    write()
    wall = time.perf_counter() - started
    run = CoverageRun.objects.filter(id__gt=before).order_by("id").last()
    if run is None:  # REDIS_URL is set: the job waits in the queue; do its work here
        at = timezone.now()
        run = coverage_refresh_pending(actor=ACTOR, at=at, today=timezone.localdate(at))
    return {"change": label, "kind": run.kind, "seconds": run.seconds,
            "rows_written": run.rows_written, "outlets_changed": run.outlets_changed,
            "write_and_refresh_s": wall}


def _registry_row(outlet: Outlet, maker_id: int, **changes) -> dict:
    """The outlet as its manufacturer would send it again (for outlets_import)."""
    auths = list(Authorization.objects.filter(outlet=outlet, brand__manufacturer_id=maker_id)
                 .prefetch_related("categories").select_related("brand"))
    stops = TouringStop.objects.filter(outlet=outlet).values_list("division_id", "visits_per_month")
    row = {
        "external_id": ExternalRef.objects.get(outlet=outlet, manufacturer_id=maker_id).external_id,
        "name": outlet.name, "address": outlet.address, "lat": outlet.lat, "lon": outlet.lon,
        "division_code": outlet.division_id, "phones": [f"139{outlet.id % 10**8:08d}"],
        "brands": [a.brand.name for a in auths],
        "categories": sorted({c.code for a in auths for c in a.categories.all()}),
        "valid_from": auths[0].valid_from.isoformat(), "valid_to": auths[0].valid_to.isoformat(),
        "service_modes": {"home_visit_radius_km": float(outlet.home_visit_radius_km),
                          "remote_diagnosis": outlet.remote_diagnosis,
                          "touring": [{"division_code": d, "visits_per_month": float(v)}
                                      for d, v in stops]},
    }
    return {**row, **changes}


def _sample_outlet(today, offset: int) -> tuple[Outlet, int]:
    """A bench outlet with home visits and an authorization valid today, and its manufacturer."""
    found = (Authorization.objects.filter(
        outlet__external_refs__external_id__startswith=COV_PREFIX, state="ACTIVE",
        valid_from__lte=today, valid_to__gte=today, outlet__home_visit_radius_km=30)
        .select_related("outlet", "brand").order_by("outlet_id"))
    auth = found[offset % found.count()]  # a small run has fewer than `offset` of them
    return auth.outlet, auth.brand.manufacturer_id


def bench_incremental(today) -> list[dict]:
    makers = Manufacturer.objects.in_bulk()
    moved, moved_maker = _sample_outlet(today, 0)
    suspended, _ = _sample_outlet(today, 1000)
    auth = Authorization.objects.filter(outlet=suspended, state="ACTIVE").select_related("brand").first()
    fresh = _registry_row(moved, moved_maker, external_id=COV_PREFIX + "NEW-1", lat=moved.lat + 0.05,
                          name=moved.name + "（新）", phones=["13912340000"])

    def upsert(row):
        return lambda: services.outlets_import(manufacturer=makers[moved_maker], rows=[row],
                                               actor=ACTOR, at=timezone.now())

    return [
        timed_change("move one outlet 30 km", upsert(_registry_row(moved, moved_maker,
                                                                   lat=moved.lat + 0.27))),
        timed_change("suspend one authorization", lambda: services.authorization_change_state(
            authorization_id=auth.id, manufacturer=auth.brand.manufacturer, action="suspend",
            reason="基准测试（合成数据）", actor=ACTOR, at=timezone.now())),
        timed_change("add one outlet", upsert(fresh)),
    ]


def bench_reads(today) -> dict:
    """A province's coverage for one category: stored (all brands) and one brand on request."""
    region = Division.objects.get(code="620000000000")
    category = Category.objects.get(code="refrigerator")
    out = {}
    for label, brand in (("stored", None), ("one brand", Brand.objects.get(name="海尔"))):
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            report = region_coverage(region, category, brand, at=timezone.now(), today=today)
            samples.append(time.perf_counter() - started)
        out[label] = {"townships": len(report.townships), "median_s": float(np.median(samples))}
    return out


def run_coverage_benchmark(options: CoverageBenchOptions, say: Say) -> dict:
    with override_settings(DEBUG=False):
        removed = prepare(options, say)
        places, rng = load_places(), np.random.default_rng(options.seed)
        started = time.perf_counter()
        towns = write_townships(rng, places, options.townships)
        say(f"wrote {len(towns.codes):,} townships; writing {options.outlets:,} outlets")
        data = {**write_outlets(rng, places, towns, options.outlets), "townships": len(towns.codes)}
        data["seconds"], data["analyze_s"] = time.perf_counter() - started, analyze()["seconds"]
        at = timezone.now()
        today = timezone.localdate(at)
        say(f"full refresh for {today} …")
        full = coverage_refresh(actor=ACTOR, at=at, today=today,
                                progress=lambda d, t, c: say(f"  {d}/{t} {c}"))
        say(f"  {full.rows_written:,} rows in {full.seconds:.1f} s; incremental refreshes …")
        incremental = bench_incremental(today)
        reads = bench_reads(today)
        check = _check_against_full(today, say) if options.check else None
        vacuum()
    return {
        "meta": {"date": at.isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
                 "database": database_label(), "today": today.isoformat(),
                 "categories": Category.objects.count(), "removed_earlier_run": removed,
                 "options": asdict(options)},
        "data": data, "full": {"seconds": full.seconds, "rows": full.rows_written},
        "incremental": incremental, "reads": reads, "check": check,
        "targets": {"full_s": TARGET_FULL_S, "incremental_s": TARGET_INCREMENTAL_S},
    }


def _check_against_full(today, say: Say) -> dict:
    """After the incremental refreshes, a full refresh must store exactly the same rows."""
    say("checking: a full refresh must store the same rows as the incremental ones left")
    rows, before = digest_coverage()
    at = timezone.now()
    again = coverage_refresh(actor=ACTOR, at=at, today=today)
    _, after = digest_coverage()
    return {"rows": rows, "identical": before == after, "full_again_s": again.seconds}


def _ok(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def format_coverage_report(r: dict) -> str:
    m, d, f = r["meta"], r["data"], r["full"]
    lines = [
        f"Coverage benchmark  {m['date']}  {m['database']}  {m['cpu_count']} CPUs  today {m['today']}",
        f"data       {d['townships']:,} townships, {d['outlets']:,} outlets, {d['authorizations']:,} "
        f"authorizations, {d['touring_stops']:,} touring stops, {m['categories']} categories: "
        f"written in {d['seconds']:.1f} s (ANALYZE {d['analyze_s']:.1f} s)",
        f"full       {f['rows']:,} township × category rows in {f['seconds']:.1f} s  "
        f"target < {TARGET_FULL_S:.0f} s: {_ok(f['seconds'] < TARGET_FULL_S)}",
    ]
    for i in r["incremental"]:
        lines.append(
            f"increment  {i['change']:<26} {i['kind']}: {i['rows_written']:,} rows in "
            f"{i['seconds'] * 1000:.0f} ms (write + refresh {i['write_and_refresh_s'] * 1000:.0f} ms)  "
            f"target < 1 s: {_ok(i['kind'] == 'incremental' and i['seconds'] < TARGET_INCREMENTAL_S)}")
    for label, q in r["reads"].items():
        lines.append(f"read       甘肃省 refrigerator, {label}: {q['townships']:,} townships in "
                     f"{q['median_s'] * 1000:.0f} ms (median of 5)")
    if r["check"]:
        c = r["check"]
        lines.append(f"check      incremental == full over {c['rows']:,} rows: "
                     f"{'yes' if c['identical'] else 'NO'} (full again {c['full_again_s']:.1f} s)")
    return "\n".join(lines)
