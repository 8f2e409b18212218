"""Benchmark of the outlet registry at national scale (the bench_registry command).

Builds a synthetic network of outlets over China's counties through the real write path
(services.outlets_import, one call per manufacturer and batch), then times the public reads
(nearest outlets, verification) and a CSV import. Every outlet it writes has an external_id
starting with BENCH- and a name starting with 【基准】; a later run removes them first. The
same seed gives the same registry: the benchmark's 'today' is a fixed date.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import os
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from geo.models import Division
from geo.rules.coords import CHINA_LAT, CHINA_LON
from geo.services import divisions_load_shipped

from . import selectors, services
from .catalog import BRANDS, catalog_seed
from .demo import MAKER_CATEGORIES
from .models import Authorization, Brand, Category, ExternalRef, Manufacturer, Outlet
from .registry_index import registry_index
from .rules.csv_input import csv_rows
from .rules.uscc import ALPHABET, uscc_check_char
from .services.audit import registry_touch

PREFIX, NAME_MARK = "BENCH-", "【基准】"  # the marks of the benchmark's outlets
ACTOR = "system:bench_registry"
TODAY = date(2026, 6, 1)  # fixed, so that a seed always gives the same registry and answers
BATCH_OUTLETS = 20_000  # outlets per batch: at most this many rows per outlets_import call
DISTRICT_WEIGHT, COUNTY_WEIGHT = 4, 1  # city districts (names ending in 区) are denser
JITTER_KM, QUERY_JITTER_KM = 10.0, 30.0
EXPIRED_SHARE, SUSPENDED_SHARE = 0.03, 0.02
RADII = (None, None, 10, 20, 30)
BENCH_MAKER, BENCH_BRAND = "基准测试厂商", "基准牌"
PRICE_LIST = [{"item": "上门服务费", "price": "30", "visit_fee": True}, {"item": "检测费", "price": "50"}]
CSV_PRICE_LIST = "上门服务费=30;检测费=50"
CSV_COLUMNS = ("external_id", "name", "address", "lat", "lon", "division_code", "phones",
               "categories", "brands", "valid_from", "valid_to", "uscc", "certificate_no",
               "opening_hours", "kind", "home_visit_radius_km", "remote_diagnosis", "price_list")
TARGET_P50_MS, TARGET_IMPORT_S = 2.0, 60.0

Say = Callable[[str], None]


class BenchRefused(Exception):
    """The database holds outlets the benchmark did not write (and --force was not given)."""


@dataclass(frozen=True)
class BenchOptions:
    outlets: int = 200_000
    queries: int = 2000
    import_rows: int = 100_000
    seed: int = 42
    force: bool = False


# --- the database -------------------------------------------------------------------------

def bench_outlet_ids():
    """The outlets this benchmark wrote: a BENCH- external_id and a name marked 【基准】."""
    return ExternalRef.objects.filter(external_id__startswith=PREFIX,
                                      outlet__name__startswith=NAME_MARK).values("outlet_id")


def prepare(options: BenchOptions, say: Say) -> int:
    """Refuse a registry with real outlets; load reference data; drop an earlier run's outlets."""
    foreign = Outlet.objects.exclude(id__in=bench_outlet_ids()).count()
    if foreign and not options.force:
        raise BenchRefused(f"the database holds {foreign} outlets the benchmark did not write; "
                           "use a scratch database (or --force)")
    divisions_load_shipped()
    catalog_seed()
    ids = sorted(set(bench_outlet_ids().values_list("outlet_id", flat=True)))
    for start in range(0, len(ids), 5000):
        Outlet.objects.filter(id__in=ids[start:start + 5000]).delete()
    if ids:
        registry_touch()
        say(f"removed {len(ids):,} outlets of an earlier benchmark run")
    return len(ids)


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


# --- synthetic outlets --------------------------------------------------------------------

@dataclass(frozen=True)
class County:
    code: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Places:
    counties: list[County]
    cum_weights: list[int]

    def pick(self, rng: random.Random) -> County:
        return rng.choices(self.counties, cum_weights=self.cum_weights)[0]


def load_places() -> Places:
    counties = [County(*row) for row in Division.objects.filter(
        level=Division.Level.COUNTY, lat__isnull=False).order_by("code").values_list(
        "code", "name", "lat", "lon")]
    weights = (DISTRICT_WEIGHT if c.name.endswith("区") else COUNTY_WEIGHT for c in counties)
    return Places(counties, list(itertools.accumulate(weights)))


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point uniformly within `km` of (lat, lon), kept inside China's box."""
    r, angle = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat2 = lat + r * math.cos(angle) / 111.32
    lon2 = lon + r * math.sin(angle) / (111.32 * max(math.cos(math.radians(lat)), 0.1))
    return (round(min(max(lat2, CHINA_LAT[0]), CHINA_LAT[1]), 6),
            round(min(max(lon2, CHINA_LON[0]), CHINA_LON[1]), 6))


def uscc(county_code: str, serial: int) -> str:
    """A valid, unique credit code of an individual business (92…) from a serial number."""
    digits = []
    for _ in range(9):
        serial, rest = divmod(serial, len(ALPHABET))
        digits.append(ALPHABET[rest])
    body = "92" + county_code[:6] + "".join(reversed(digits))
    return body + uscc_check_char(body)


def validity(rng: random.Random) -> tuple[date, date]:
    if rng.random() < EXPIRED_SHARE:
        end = TODAY - timedelta(days=rng.randint(1, 700))
        return end - timedelta(days=rng.randint(365, 1100)), end
    return TODAY - timedelta(days=rng.randint(30, 1100)), TODAY + timedelta(days=rng.randint(30, 1100))


def mobile_display(rng: random.Random, key: str) -> str:
    return rng.choice((f"{key[:3]} {key[3:7]} {key[7:]}", key, f"{key[:3]}-{key[3:7]}-{key[7:]}"))


@dataclass
class Network:
    """Deterministic synthetic outlets: one stream of random numbers, numbers from counters."""

    rng: random.Random
    places: Places
    brand_makers: dict[str, str]  # brand name -> manufacturer name
    prefix: str = PREFIX
    mobile_base: int = 13_000_000_000
    service_base: int = 4_001_000_000
    serial_base: int = 0
    serial: int = 0
    phones_issued: int = 0
    known: list[tuple[str, tuple[str, ...]]] | None = field(default_factory=list)
    fallback_categories: tuple[str, ...] = ()  # for a manufacturer without typical categories

    def next_outlet(self) -> dict[str, dict]:
        """One outlet as each of its manufacturers lists it: {manufacturer name: row}."""
        rng, county = self.rng, self.places.pick(self.rng)
        self.serial += 1
        n = self.serial_base + self.serial
        lat, lon = jitter(rng, county.lat, county.lon, JITTER_KM)
        brands = sorted(rng.sample(sorted(self.brand_makers), min(rng.randint(1, 3), len(self.brand_makers))))
        common = {
            "external_id": f"{self.prefix}{n:07d}", "name": f"{NAME_MARK}{county.name}家电维修服务部{n}号",
            "address": f"{county.name}基准路{n}号（合成数据）", "lat": lat, "lon": lon,
            "division_code": county.code, "phones": self._phones(brands), "uscc": uscc(county.code, n),
            "opening_hours": "08:30-18:00", "kind": "repair", "remote_diagnosis": rng.random() < 0.3,
            "home_visit_radius_km": rng.choice(RADII),
        }
        by_maker: dict[str, list[str]] = defaultdict(list)
        for name in brands:
            by_maker[self.brand_makers[name]].append(name)
        return {maker: {**common, "brands": names, **self._authorization(maker, n)}
                for maker, names in sorted(by_maker.items())}

    def _phones(self, brands: list[str]) -> list[str]:
        keys = [str(self.mobile_base + self.phones_issued)]
        self.phones_issued += 1
        if self.rng.random() < 0.5:
            if self.rng.random() < 0.3:
                keys.append(str(self.service_base + self.phones_issued))
            else:
                keys.append(str(self.mobile_base + self.phones_issued))
            self.phones_issued += 1
        if self.known is not None:
            self.known.extend((key, tuple(brands)) for key in keys)
        return [mobile_display(self.rng, k) if len(k) == 11 else f"{k[:3]}-{k[3:6]}-{k[6:]}"
                for k in keys]

    def _authorization(self, maker: str, n: int) -> dict:
        choices = MAKER_CATEGORIES.get(maker) or list(self.fallback_categories)
        count = min(self.rng.randint(2, 5), len(choices))
        valid_from, valid_to = validity(self.rng)
        return {"categories": self.rng.sample(choices, count), "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat(), "certificate_no": f"BENCH-{maker[:2]}-{n}",
                "price_list": PRICE_LIST}


def seeded_brand_makers() -> dict[str, str]:
    return {brand[0]: maker for maker, brands in BRANDS.items() for brand in brands}


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


# --- timing reads -------------------------------------------------------------------------

def summarize(samples: list[float]) -> dict:
    ms = np.asarray(samples) * 1000.0
    return {"count": len(ms), "p50_ms": float(np.percentile(ms, 50)),
            "p90_ms": float(np.percentile(ms, 90)), "p99_ms": float(np.percentile(ms, 99)),
            "mean_ms": float(ms.mean()), "max_ms": float(ms.max())}


def timed(calls: list[Callable[[], object]], digest: Callable[[Any], object]) -> tuple[dict, list]:
    """Time each call; keep only a digest of each answer, so the heap (and GC pauses) stay small."""
    samples, digests = [], []
    for call in calls:
        started = time.perf_counter()
        answer = call()
        samples.append(time.perf_counter() - started)
        digests.append(digest(answer))
    return summarize(samples), digests


@dataclass(frozen=True)
class NearQuery:
    lat: float
    lon: float
    brand: Brand | None
    category: str | None

    def __call__(self) -> list:
        return selectors.nearest_outlets(lat=self.lat, lon=self.lon, brand=self.brand,
                                         category=self.category, limit=5, today=TODAY)


    def index_only(self) -> list:
        """The in-memory part alone (with its version check): no outlet rows are loaded."""
        return registry_index().nearest(self.lat, self.lon, brand_id=self.brand.id if self.brand else None,
                                        category=self.category, k=5, today=TODAY)


@dataclass(frozen=True)
class VerifyQuery:
    phone: str
    brand: Brand | None

    def __call__(self) -> selectors.Verification:
        return selectors.verify(phone=self.phone, brand=self.brand, today=TODAY)


def near_queries(rng: random.Random, places: Places, brands: list[Brand], count: int) -> list[NearQuery]:
    """Points where people live; a quarter each: no filter, brand, category, brand and category."""
    queries = []
    for _ in range(count):
        county = places.pick(rng)
        lat, lon = jitter(rng, county.lat, county.lon, QUERY_JITTER_KM)
        mix = rng.randrange(4)
        brand = rng.choice(brands) if mix in (1, 3) else None
        makers = [brand.manufacturer.name] if brand else sorted(MAKER_CATEGORIES)
        category = rng.choice(MAKER_CATEGORIES[rng.choice(makers)]) if mix in (2, 3) else None
        queries.append(NearQuery(lat, lon, brand, category))
    return queries


def typed_phone(rng: random.Random, key: str) -> str:
    if len(key) == 11:
        return rng.choice((f"+86 {key[:3]} {key[3:7]} {key[7:]}", f"{key[:3]}-{key[3:7]}-{key[7:]}",
                           key, f"0086-{key}", f"(+86) {key}"))
    return rng.choice((f"{key[:3]}-{key[3:6]}-{key[6:]}", key, f"{key[:3]} {key[3:7]} {key[7:]}"))


def verify_queries(rng: random.Random, known: list[tuple[str, tuple[str, ...]]],
                   brands: dict[str, Brand], count: int) -> list[VerifyQuery]:
    """Known numbers with their brand (35 %), no brand (20 %), another brand (20 %); unknown (25 %)."""
    queries = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.25:
            queries.append(VerifyQuery(typed_phone(rng, f"159{rng.randrange(10**8):08d}"), None))
            continue
        key, names = rng.choice(known)
        others = sorted(set(brands) - set(names))
        name = rng.choice(names) if roll < 0.6 else (rng.choice(others) if roll >= 0.8 else None)
        queries.append(VerifyQuery(typed_phone(rng, key), brands[name] if name else None))
    return queries


def warm_index(near: list[NearQuery], verify: list[VerifyQuery]) -> dict:
    """Build the in-memory index, then the KD-tree of every filter the queries use."""
    started = time.perf_counter()
    index = registry_index()
    built = time.perf_counter() - started
    keys = {(q.brand.id if q.brand else None, q.category) for q in near}
    keys |= {(q.brand.id, None) for q in verify if q.brand}
    started = time.perf_counter()
    for brand_id, category in sorted(keys, key=str):
        index.nearest(35.0, 105.0, brand_id=brand_id, category=category, k=1, today=TODAY)
    trees = time.perf_counter() - started
    near[0]()  # the warm-up call
    return {"index_build_s": built, "authorizations_indexed": len(index.outlet_id),
            "filter_trees": len(keys), "filter_trees_s": trees}


def bench_reads(options: BenchOptions, places: Places, known: list, say: Say) -> dict:
    brands = list(Brand.objects.filter(manufacturer__name__in=BRANDS).select_related("manufacturer")
                  .order_by("name"))
    rng = random.Random(options.seed + 2)
    near = near_queries(rng, places, brands, options.queries)
    verify = verify_queries(rng, known, {b.name: b for b in brands}, options.queries)
    known.clear()  # the caller's only copy: free it before timing (fewer, shorter GC pauses)
    warm = warm_index(near, verify)
    say(f"  index built in {warm['index_build_s']:.2f} s; timing {len(near)} + {len(verify)} queries")
    near_stats, hits = timed(near, len)
    index_stats, _ = timed([q.index_only for q in near], len)
    verify_stats, verdicts = timed(verify, lambda answer: answer.verdict.verdict)
    near_stats["mean_hits"] = float(np.mean(hits))
    verify_stats["verdicts"] = dict(Counter(verdicts))
    return {"index": warm, "nearest": near_stats, "nearest_index_only": index_stats,
            "verify": verify_stats}


# --- the CSV import -----------------------------------------------------------------------

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


# --- the whole run ------------------------------------------------------------------------

def run_benchmark(options: BenchOptions, say: Say) -> dict:
    """Every figure of a run, as a JSON-ready dict. DEBUG is off so no query log is kept."""
    with override_settings(DEBUG=False):
        removed = prepare(options, say)
        places = load_places()
        say(f"building {options.outlets:,} outlets over {len(places.counties):,} counties")
        net = Network(random.Random(options.seed), places, seeded_brand_makers())
        build = build_registry(net, options.outlets, say)
        known, net.known = net.known or [], None
        suspended = suspend_some(random.Random(options.seed + 1), SUSPENDED_SHARE)
        analyzed = analyze()
        say(f"  suspended {suspended['suspended']:,} authorizations; ANALYZE {analyzed['seconds']:.1f} s; "
            "measuring reads")
        reads = bench_reads(options, places, known, say)
        outlets_at_reads = Outlet.objects.count()
        say(f"importing a CSV of {options.import_rows:,} new outlets")
        imported = bench_import(options, places, say)
    return {
        "meta": {"date": timezone.now().isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
                 "database": database_label(), "outlets": outlets_at_reads,
                 "removed_earlier_run": removed, "today": TODAY.isoformat(),
                 "options": asdict(options)},
        "build": build, "suspend": suspended, "analyze": analyzed, **reads, "import": imported,
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
