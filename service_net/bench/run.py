"""The whole run: a scratch database made ready, the registry built, reads and an import timed."""

from __future__ import annotations

import os
import random
import time
from collections import Counter, defaultdict
from dataclasses import asdict

from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import override_settings
from django.utils import timezone

from geo.services import divisions_load_shipped

from .. import services
from ..catalog import BRANDS, catalog_seed
from ..models import Authorization, ExternalRef, Manufacturer, Outlet
from ..services.audit import registry_touch
from .common import ACTOR, NAME_MARK, PREFIX, TODAY, BenchOptions, BenchRefused, Say
from .coverage_data import delete_bench_outlets, remove_earlier_run
from .imports import bench_import
from .network import Network, Places, load_places, seeded_brand_makers
from .reads import bench_reads

BATCH_OUTLETS = 20_000  # outlets per batch: at most this many rows per outlets_import call
SUSPENDED_SHARE = 0.02
TARGET_P50_MS, TARGET_IMPORT_S = 2.0, 60.0


# --- the database -------------------------------------------------------------------------

def bench_outlet_ids():
    """The outlets this benchmark wrote: a BENCH- external_id and a name marked 【基准】."""
    return ExternalRef.objects.filter(external_id__startswith=PREFIX,
                                      outlet__name__startswith=NAME_MARK).values("outlet_id")


def foreign_outlet_count() -> int:
    """Outlets the benchmark did not write (NOT EXISTS: a NOT IN over 200,000 ids is quadratic)."""
    return Outlet.objects.exclude(Exists(bench_outlet_ids().filter(outlet_id=OuterRef("pk")))).count()


def prepare(options: BenchOptions, say: Say) -> int:
    """Refuse a registry with real outlets; load reference data; drop an earlier run's outlets.

    Either benchmark's outlets (and the coverage benchmark's townships and stored coverage) go
    with plain SQL: the ORM's cascade takes minutes over 200,000 outlets.
    """
    foreign = foreign_outlet_count()
    if foreign and not options.force:
        raise BenchRefused(f"the database holds {foreign} outlets the benchmark did not write; "
                           "use a scratch database (or --force)")
    divisions_load_shipped()
    catalog_seed()
    remove_earlier_run()
    removed = delete_bench_outlets()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM service_net_changerecord WHERE actor LIKE %s", ["system:bench%"])
    if removed:
        registry_touch()
        say(f"removed {removed:,} outlets of an earlier benchmark run")
    return removed


def analyze() -> dict:
    """Planner statistics after the bulk load: what autovacuum would have gathered meanwhile.

    Without them (autovacuum off, or not yet run) PostgreSQL misjudges the small prefetch
    queries of a read and may start parallel workers for each, which costs 15-20 ms a call.
    """
    autovacuum = None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
    return {"seconds": time.perf_counter() - started, "autovacuum": autovacuum}


def database_label() -> str:
    try:
        version = ".".join(str(part) for part in connection.get_database_version())
    except NotImplementedError:
        version = "?"
    return f"{connection.vendor} {version}"


# --- building the registry ----------------------------------------------------------------

def build_registry(net: Network, count: int, say: Say) -> dict:
    """Write `count` outlets through outlets_import, per manufacturer, BATCH_OUTLETS at a time.

    The time includes an ANALYZE after each batch (reported apart as analyze_s).
    """
    makers = {m.name: m for m in Manufacturer.objects.filter(name__in=BRANDS)}
    totals: Counter = Counter(analyze_s=0.0)
    started = time.perf_counter()
    for done in range(0, count, BATCH_OUTLETS):
        size = min(BATCH_OUTLETS, count - done)
        per_maker: dict[str, list[dict]] = defaultdict(list)
        for _ in range(size):
            for maker, row in net.next_outlet().items():
                per_maker[maker].append(row)
        for maker in sorted(per_maker):
            result = services.outlets_import(manufacturer=makers[maker], rows=per_maker[maker],
                                             actor=ACTOR, at=timezone.now())
            totals.update(rows=len(per_maker[maker]), calls=1, created=result.created,
                          updated=result.updated)
        totals["analyze_s"] += analyze()["seconds"]  # as autovacuum would, between batches
        say(f"  built {done + size:,}/{count:,} outlets ({time.perf_counter() - started:.0f} s)")
    seconds = time.perf_counter() - started
    return {**totals, "outlets": count, "seconds": seconds, "rows_per_s": totals["rows"] / seconds}


def suspend_some(rng: random.Random, share: float) -> dict:
    """Suspend a share of the benchmark's authorizations through the state-change service."""
    auths = list(Authorization.objects.filter(outlet_id__in=bench_outlet_ids()).order_by("id")
                 .values_list("id", "brand__manufacturer_id"))
    chosen = rng.sample(auths, round(len(auths) * share))
    makers = Manufacturer.objects.in_bulk()
    started = time.perf_counter()
    for auth_id, maker_id in chosen:
        services.authorization_change_state(
            authorization_id=auth_id, manufacturer=makers[maker_id], action="suspend",
            reason="基准测试：暂停授权（合成数据）", actor=ACTOR, at=timezone.now())
    return {"authorizations": len(auths), "suspended": len(chosen),
            "seconds": time.perf_counter() - started}


# --- the whole run ------------------------------------------------------------------------

def build_bench_registry(options: BenchOptions, say: Say) -> tuple[dict, Places, list]:
    """The synthetic national registry, built through the real write path.

    Returns the figures of the build, the places (for queries) and the phone numbers issued
    with their brands (for verification queries).
    """
    removed = prepare(options, say)
    places = load_places()
    say(f"building {options.outlets:,} outlets over {len(places.counties):,} counties")
    net = Network(random.Random(options.seed), places, seeded_brand_makers())
    build = build_registry(net, options.outlets, say)
    known, net.known = net.known or [], None
    suspended = suspend_some(random.Random(options.seed + 1), SUSPENDED_SHARE)
    analyzed = analyze()
    say(f"  suspended {suspended['suspended']:,} authorizations; ANALYZE {analyzed['seconds']:.1f} s")
    figures = {"removed_earlier_run": removed, "build": build, "suspend": suspended, "analyze": analyzed}
    return figures, places, known


def run_benchmark(options: BenchOptions, say: Say) -> dict:
    """Every figure of a run, as a JSON-ready dict. DEBUG is off so no query log is kept."""
    with override_settings(DEBUG=False, COVERAGE_REFRESH_ON_WRITE=False):
        registry, places, known = build_bench_registry(options, say)
        say("measuring reads")
        reads = bench_reads(options, places, known, say)
        outlets_at_reads = Outlet.objects.count()
        say(f"importing a CSV of {options.import_rows:,} new outlets")
        imported = bench_import(options, places, say)
    return {
        "meta": {"date": timezone.now().isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
                 "database": database_label(), "outlets": outlets_at_reads,
                 "removed_earlier_run": registry["removed_earlier_run"], "today": TODAY.isoformat(),
                 "options": asdict(options)},
        "build": registry["build"], "suspend": registry["suspend"], "analyze": registry["analyze"],
        **reads, "import": imported,
        "targets": {"p50_ms": TARGET_P50_MS, "import_s": TARGET_IMPORT_S},
    }


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def format_report(r: dict) -> str:
    m, b, s, ix, imp = r["meta"], r["build"], r["suspend"], r["index"], r["import"]
    lines = [
        f"Registry benchmark  {m['date']}  {m['database']}  {m['cpu_count']} CPUs  "
        f"{m['outlets']:,} outlets at query time",
        f"build      {b['outlets']:,} outlets = {b['rows']:,} rows in {b['calls']} outlets_import calls:"
        f" {b['seconds']:.1f} s ({b['rows_per_s']:,.0f} rows/s; "
        f"ANALYZE between batches {b['analyze_s']:.1f} s of it)",
        f"suspend    {s['suspended']:,} of {s['authorizations']:,} authorizations: {s['seconds']:.1f} s; "
        f"then ANALYZE {r['analyze']['seconds']:.1f} s (server autovacuum: {r['analyze']['autovacuum']})",
        f"index      build {ix['index_build_s']:.2f} s ({ix['authorizations_indexed']:,} active "
        f"authorizations); {ix['filter_trees']} filter trees {ix['filter_trees_s']:.2f} s",
        f"{'':10} {'count':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'max ms':>8}"
        "  target p50 < 2 ms",
    ]
    for name, label in (("nearest", "nearest"), ("nearest_index_only", " index"), ("verify", "verify")):
        q = r[name]
        lines.append(f"{label:10} {q['count']:>6} {q['p50_ms']:>8.2f} {q['p90_ms']:>8.2f} "
                     f"{q['p99_ms']:>8.2f} {q['mean_ms']:>8.2f} {q['max_ms']:>8.1f}  "
                     f"{_verdict(q['p50_ms'] < TARGET_P50_MS)}")
    lines.append(f"{'':10} nearest: {r['nearest']['mean_hits']:.2f} hits/query; verify verdicts: "
                 f"{r['verify']['verdicts']}")
    for label, run in (("import", imp["first"]), ("re-import", imp["again"])):
        lines.append(
            f"{label:10} {run['rows']:,} rows ({imp['csv_bytes'] / 1e6:.1f} MB): "
            f"parse {run['parse_s']:.1f} s, "
            f"outlets_import {run['seconds']:.1f} s ({run['rows_per_s']:,.0f} rows/s); created "
            f"{run['created']:,}, updated {run['updated']:,}, unchanged {run['unchanged']:,}  "
            f"target < 60 s: {_verdict(run['seconds'] < TARGET_IMPORT_S)}")
    return "\n".join(lines)
