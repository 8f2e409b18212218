"""Nearest outlets three ways on the same registry: Sanbao's index, a geopy loop, PostGIS KNN.

- Sanbao: `registry_index().nearest` (KD-tree candidates, exact geodesic ranking), timed alone
  and with the outlets' cards read (what the API serves).
- geopy: the straightforward code a team would write first: every active authorization in
  memory, filtered in a Python loop, `geopy.distance.geodesic` to each candidate outlet, sorted.
  At ~4,500 geodesics/s it takes tens of seconds a query at national scale, so it runs on a
  sample of the queries (bounded in count and seconds); its ratio to Sanbao is taken on the same
  sample, and the report says so.
- PostGIS: see postgis.py; skipped with the reason when the extension is unavailable.

Agreement: the same k outlets in the same order, compared per query; where the lists differ only
by outlets at the same distance (within 1 m) the difference is a tie, not a mismatch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from django.db import connection
from geopy.distance import geodesic

from . import postgis
from .common import TODAY, Say
from .reads import NearQuery, summarize

K = 5
TIE_KM = 0.001


@dataclass(frozen=True)
class Candidates:
    """Every active authorization as plain Python lists (the geopy loop's input)."""

    outlet_id: list[int]
    brand_id: list[int]
    categories: list[frozenset]
    valid_from: list[date]
    valid_to: list[date]
    lat: list[float]
    lon: list[float]


def load_candidates() -> Candidates:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.outlet_id, a.brand_id, coalesce(array_agg(c.category_id) FILTER "
            "(WHERE c.category_id IS NOT NULL), '{}'), a.valid_from, a.valid_to, o.lat, o.lon "
            "FROM service_net_authorization a JOIN service_net_outlet o ON o.id = a.outlet_id "
            "LEFT JOIN service_net_authorization_categories c ON c.authorization_id = a.id "
            "WHERE a.state = 'ACTIVE' AND o.lat IS NOT NULL GROUP BY a.id, o.id ORDER BY a.id")
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    return Candidates(list(columns[0]), list(columns[1]), [frozenset(c) for c in columns[2]],
                      list(columns[3]), list(columns[4]), list(columns[5]), list(columns[6]))


def geopy_nearest(c: Candidates, q: NearQuery, k: int, today: date) -> list[tuple[int, float]]:
    """The straightforward loop: filter, geodesic to each candidate outlet once, sort, take k."""
    brand_id = q.brand.id if q.brand else None
    best: dict[int, float] = {}
    for i in range(len(c.outlet_id)):
        if brand_id is not None and c.brand_id[i] != brand_id:
            continue
        if q.category is not None and q.category not in c.categories[i]:
            continue
        if not c.valid_from[i] <= today <= c.valid_to[i] or c.outlet_id[i] in best:
            continue
        best[c.outlet_id[i]] = geodesic((q.lat, q.lon), (c.lat[i], c.lon[i])).km
    return sorted(best.items(), key=lambda item: (item[1], item[0]))[:k]


def compare(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> str:
    """'same', 'tie' (differs only among outlets at the same distance) or 'mismatch'."""
    if [x[0] for x in a] == [x[0] for x in b]:
        return "same"
    if len(a) == len(b) and all(abs(x[1] - y[1]) <= TIE_KM for x, y in zip(a, b, strict=True)):
        return "tie"
    return "mismatch"


def _timed(calls) -> tuple[list[float], list]:
    samples, answers = [], []
    for call in calls:
        started = time.perf_counter()
        answers.append(call())
        samples.append(time.perf_counter() - started)
    return samples, answers


def _agreement(reference: list, other: list, queries: list[NearQuery]) -> dict:
    verdicts = [compare(r, o) for r, o in zip(reference, other, strict=True)]
    bad = [{"query": _describe(q), "sanbao": r, "other": o}
           for q, r, o, v in zip(queries, reference, other, verdicts, strict=True) if v == "mismatch"]
    return {"queries": len(verdicts), "same": verdicts.count("same"), "ties": verdicts.count("tie"),
            "mismatches": len(bad), "examples": bad[:3]}


def _describe(q: NearQuery) -> dict:
    return {"lat": q.lat, "lon": q.lon, "brand": q.brand.name if q.brand else None, "category": q.category}


def sanbao_hits(q: NearQuery) -> list[tuple[int, float]]:
    return [(h.outlet_id, h.distance_km) for h in q.index_only()]


def bench_geopy(near: list[NearQuery], sanbao: list, sanbao_samples: list[float], *, sample: int,
                budget_s: float, say: Say) -> dict:
    started = time.perf_counter()
    candidates = load_candidates()
    loaded = time.perf_counter() - started
    samples, answers = [], []
    for q in near[:sample]:
        if samples and sum(samples) > budget_s:
            break
        s, a = _timed([lambda q=q: geopy_nearest(candidates, q, K, TODAY)])
        samples += s
        answers += a
        say(f"  geopy loop: query {len(samples)} took {s[0]:.1f} s")
    n = len(samples)
    same_sanbao = summarize(sanbao_samples[:n])
    stats = summarize(samples)
    return {**stats, "sample_of": len(near), "candidates_loaded_s": loaded,
            "authorizations": len(candidates.outlet_id),
            "sanbao_on_sample": same_sanbao, "ratio_p50": stats["p50_ms"] / same_sanbao["p50_ms"],
            "agreement": _agreement(sanbao[:n], answers, near[:n])}


def bench_postgis(near: list[NearQuery], sanbao: list, sanbao_stats: dict, say: Say) -> dict:
    reason = postgis.postgis_unavailable()
    if reason:
        say(f"  PostGIS skipped: {reason}")
        return {"skipped": reason}
    started = time.perf_counter()
    rows = postgis.build_table()
    built = time.perf_counter() - started
    say(f"  PostGIS table: {rows:,} rows, GiST index, in {built:.1f} s")

    def call(q: NearQuery):
        return lambda: postgis.knn(q.lat, q.lon, brand_id=q.brand.id if q.brand else None,
                                   category=q.category, k=K, today=TODAY)

    call(near[0])()  # warm-up
    samples, answers = _timed([call(q) for q in near])
    postgis.drop_table()
    stats = summarize(samples)
    return {**stats, "version": postgis.postgis_version(), "rows": rows, "build_s": built,
            "ratio_p50": stats["p50_ms"] / sanbao_stats["p50_ms"],
            "sphere_order_differs": sum(a.sphere_order_differs for a in answers),
            "agreement": _agreement(sanbao, [a.hits for a in answers], near)}


def bench_nearest_compare(near: list[NearQuery], *, geopy_sample: int, geopy_budget_s: float,
                          say: Say) -> dict:
    """Sanbao's answers and times on `near`, beside PostGIS (all queries) and geopy (a sample)."""
    near[0].index_only()  # warm-up
    sanbao_samples, sanbao = _timed([lambda q=q: sanbao_hits(q) for q in near])
    sanbao_stats = summarize(sanbao_samples)
    say(f"  Sanbao index: p50 {sanbao_stats['p50_ms']:.3f} ms; PostGIS …")
    result = {"k": K, "sanbao": sanbao_stats,
              "postgis": bench_postgis(near, sanbao, sanbao_stats, say)}
    say(f"  geopy loop on up to {geopy_sample} queries (at most ~{geopy_budget_s:.0f} s) …")
    result["geopy"] = bench_geopy(near, sanbao, sanbao_samples, sample=geopy_sample,
                                  budget_s=geopy_budget_s, say=say)
    return result
