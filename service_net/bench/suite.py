"""`manage.py bench`: every figure of issue 7 in one run, each beside its alternative.

Order: the registry is built once (nearest, verify and import need it); nearest (Sanbao vs
PostGIS vs geopy); verify in process and over HTTP; the CSV import; complaint intake over HTTP
and pgbench; last the coverage refresh, whose own national data replaces the registry's outlets.
"""

from __future__ import annotations

import os
import platform
import random
from dataclasses import asdict, dataclass, field
from importlib.metadata import version

from django.test.utils import override_settings
from django.utils import timezone

from complaints.services.entitlements import entitlement_tables_seed
from geo.services import divisions_load_shipped

from ..catalog import catalog_seed
from ..models import Brand, Outlet
from .common import TODAY, BenchOptions, Say
from .coverage_run import CoverageBenchOptions, run_coverage_benchmark
from .http_reads import bench_verify_http
from .imports import bench_import
from .intake import bench_intake, bench_pgbench, remove_earlier_complaints
from .nearest_compare import bench_nearest_compare
from .reads import near_queries, timed, verify_queries, warm_index
from .run import build_bench_registry, database_label
from .server.process import gunicorn
from .targets import evaluate

PARTS = ("nearest", "verify", "import", "intake", "coverage")


@dataclass(frozen=True)
class SuiteOptions:
    only: tuple[str, ...] = PARTS
    outlets: int = 200_000
    seed: int = 42
    queries: int = 2000
    geopy_queries: int = 8
    geopy_seconds: float = 240.0
    import_rows: int = 100_000
    townships: int = 40_000
    workers: int = field(default_factory=lambda: 2 * (os.cpu_count() or 1) + 1)
    concurrency: int = 16
    http_requests: int = 20_000
    http_seconds: float = 20.0
    intake_requests: int = 10_000
    intake_seconds: float = 20.0
    redis_url: str = "redis://127.0.0.1:6379/11"
    force: bool = False

    def registry_options(self) -> BenchOptions:
        return BenchOptions(outlets=self.outlets, queries=self.queries, import_rows=self.import_rows,
                            seed=self.seed, force=self.force)


def meta(options: SuiteOptions) -> dict:
    packages = ("Django", "django-ninja", "gunicorn", "psycopg", "numpy", "scipy", "pyproj", "geopy",
                "rq", "redis")
    return {"date": timezone.now().isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
            "machine": platform.machine(), "python": platform.python_version(),
            "database": database_label(), "versions": {p: version(p) for p in packages},
            "today": TODAY.isoformat(), "options": asdict(options)}


def run_suite(options: SuiteOptions, say: Say) -> dict:
    results: dict = {"meta": meta(options)}
    with override_settings(DEBUG=False, COVERAGE_REFRESH_ON_WRITE=False):
        remove_earlier_complaints()  # they may name outlets that are about to be removed
        if {"nearest", "verify", "import"} & set(options.only):
            results.update(registry_parts(options, say))
        if "intake" in options.only:
            results["intake"] = intake_part(options, say)
    if "coverage" in options.only:
        say("coverage: national gazetteer and registry, full and incremental refresh")
        results["coverage"] = run_coverage_benchmark(
            CoverageBenchOptions(townships=options.townships, outlets=options.outlets, seed=options.seed,
                                 force=options.force), say)
    results["targets"] = evaluate(results)
    return results


def registry_parts(options: SuiteOptions, say: Say) -> dict:
    registry, places, known = build_bench_registry(options.registry_options(), say)
    out: dict = {"registry": {**registry, "outlets": Outlet.objects.count()}}
    brands = list(Brand.objects.filter(name__in=_seeded_brand_names()).select_related("manufacturer")
                  .order_by("name"))
    rng = random.Random(options.seed + 2)
    near = near_queries(rng, places, brands, options.queries)
    verify = verify_queries(rng, known, {b.name: b for b in brands}, options.queries)
    known.clear()
    out["registry"]["index"] = warm_index(near, verify)
    if "nearest" in options.only:
        say(f"nearest: {len(near)} queries")
        with_cards, hits = timed(near, len)
        out["nearest"] = {"with_cards": with_cards, **bench_nearest_compare(
            near, geopy_sample=options.geopy_queries, geopy_budget_s=options.geopy_seconds, say=say)}
    if "verify" in options.only:
        out["verify"] = verify_part(options, verify, say)
    if "import" in options.only:
        say(f"import: a CSV of {options.import_rows:,} new outlets")
        out["import"] = bench_import(options.registry_options(), places, say)
    return out


def _seeded_brand_names() -> list[str]:
    from ..catalog import BRANDS

    return [brand[0] for brands in BRANDS.values() for brand in brands]


def verify_part(options: SuiteOptions, verify: list, say: Say) -> dict:
    # A lookup is stored once per number, brand and day: a re-run on the same day would otherwise
    # measure only the cheap duplicate path.
    from ..models import FraudObservation

    FraudObservation.objects.filter(source=FraudObservation.Source.LOOKUP).delete()
    say(f"verify: {len(verify)} lookups in process")
    in_process, _ = timed(verify, lambda answer: answer.verdict.verdict)
    say(f"  {in_process['per_s']:,.0f} lookups/s; over HTTP with {options.workers} gunicorn workers …")
    with gunicorn(workers=options.workers, redis_url=options.redis_url) as server:
        http = bench_verify_http(server, verify, count=options.http_requests,
                                 seconds=options.http_seconds, concurrency=options.concurrency)
    say(f"  HTTP {http['verify']['per_s']:,.0f}/s vs constant {http['constant']['per_s']:,.0f}/s")
    return {"in_process": in_process, "http": http}


def intake_part(options: SuiteOptions, say: Say) -> dict:
    divisions_load_shipped()
    catalog_seed()
    entitlement_tables_seed()
    say(f"intake: POST /api/v1/complaints, {options.workers} gunicorn workers, "
        f"{options.concurrency} clients, ≤ {options.intake_requests:,} requests / "
        f"{options.intake_seconds:.0f} s")
    with gunicorn(workers=options.workers, redis_url=options.redis_url, preload_index=False) as server:
        http = bench_intake(server, redis_url=options.redis_url, count=options.intake_requests,
                            seconds=options.intake_seconds, concurrency=options.concurrency,
                            today=timezone.localdate())
    say(f"  {http['accepted_per_s']:,.0f} complaints/s accepted, p99 {http['load']['p99_ms']:.0f} ms; "
        f"acknowledged {http['acknowledged']:,}, stored {http['stored']:,}; pgbench …")
    pgbench = bench_pgbench(clients=options.concurrency, seconds=options.intake_seconds)
    return {"http": http, "pgbench": pgbench,
            "ratio": http["accepted_per_s"] / pgbench["tps"] if pgbench.get("tps") else None}
