"""Timing the public reads: nearest outlets (with and without loading rows) and verification."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import selectors
from ..catalog import BRANDS
from ..demo import MAKER_CATEGORIES
from ..models import Brand
from ..registry_index import registry_index
from .common import TODAY, BenchOptions, Say
from .network import Places, jitter

QUERY_JITTER_KM = 30.0


def summarize(samples: list[float]) -> dict:
    ms = np.asarray(samples) * 1000.0
    return {"count": len(ms), "p50_ms": float(np.percentile(ms, 50)),
            "p90_ms": float(np.percentile(ms, 90)), "p99_ms": float(np.percentile(ms, 99)),
            "mean_ms": float(ms.mean()), "max_ms": float(ms.max()),
            "per_s": float(len(ms) / (ms.sum() / 1000.0)) if ms.sum() else 0.0}


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
