"""Synthetic national data for the coverage benchmark, written with COPY (fixed seed).

- townships: ~40,000 under China's real counties (about 14 each), within 30 km of the county's
  point; 70 % with a population, 1 % without a point. Codes use township numbers 700-999, which
  no real township uses; their `source` is SOURCE_MARK.
- outlets: 200,000 over the counties (city districts 4x denser), 1-3 brands each, 2-5 of 12
  categories per authorization, 3 % expired, 2 % suspended; home-visit radius none/10/20/30 km,
  30 % remote diagnosis, 20 % with 1-3 touring stops in their county. They carry the registry
  bench's marks (BENCH- external id, 【基准】 name): either benchmark removes the other's.
  Written straight to the tables (no cards, phones or audit rows: the refresh reads none of them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils import timezone

from geo.models import Division

from ..catalog import CATEGORIES
from ..coverage.store import copy_columns
from ..models import Authorization, Brand, ExternalRef, Outlet, TouringStop
from ..services.bulk import copy_rows
from .common import NAME_MARK, PREFIX, TODAY
from .network import Places

SOURCE_MARK = "【基准】bench_coverage synthetic township"
COV_PREFIX = PREFIX + "COV-"
TWELVE = [code for code, _, _ in CATEGORIES[:12]]
TOWNSHIP_JITTER_KM, OUTLET_JITTER_KM = 30.0, 10.0
RADII = (np.nan, np.nan, 10.0, 20.0, 30.0)
VISITS = (0.5, 1.0, 2.0, 4.0)


def _jitter(rng: np.random.Generator, lat: np.ndarray, lon: np.ndarray, km: float):
    r = km * np.sqrt(rng.random(len(lat)))
    angle = rng.uniform(0, 2 * np.pi, len(lat))
    lat2 = lat + r * np.cos(angle) / 111.32
    lon2 = lon + r * np.sin(angle) / (111.32 * np.maximum(np.cos(np.radians(lat)), 0.1))
    return np.round(np.clip(lat2, -89.9, 89.9), 6), np.round(lon2, 6)


@dataclass(frozen=True)
class Townships:
    codes: list[str]
    county: np.ndarray  # index into places.counties


def remove_earlier_run() -> None:
    """Delete the stored coverage and this benchmark's townships (and stops at them)."""
    with connection.cursor() as cursor:
        for table in ("townshipcoverage", "coverageoutlet", "coveragetouringstop", "coveragedirtyoutlet"):
            cursor.execute(f"DELETE FROM service_net_{table}")
        cursor.execute('DELETE FROM "service_net_touringstop" WHERE division_id IN '
                       '(SELECT code FROM geo_division WHERE source = %s)', [SOURCE_MARK])
        cursor.execute("DELETE FROM geo_division WHERE source = %s", [SOURCE_MARK])


def delete_bench_outlets() -> int:
    """The registry bench's outlets and ours, with plain SQL (the ORM's cascade is slow here)."""
    marked = ("SELECT DISTINCT r.outlet_id FROM service_net_externalref r JOIN service_net_outlet o "
              "ON o.id = r.outlet_id WHERE r.external_id LIKE %s AND o.name LIKE %s")
    params = [PREFIX + "%", NAME_MARK + "%"]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bench_ids AS {marked}", params)
        cursor.execute("SELECT count(*) FROM bench_ids")
        count = cursor.fetchone()[0]
        auths = ("SELECT id FROM service_net_authorization "
                 "WHERE outlet_id IN (SELECT outlet_id FROM bench_ids)")
        cursor.execute("DELETE FROM service_net_authorization_categories "
                       f"WHERE authorization_id IN ({auths})")
        for table in ("authorization", "outletphone", "touringstop", "priceitem", "externalref"):
            cursor.execute(f"DELETE FROM service_net_{table} WHERE outlet_id IN "
                           "(SELECT outlet_id FROM bench_ids)")
        cursor.execute("DELETE FROM service_net_outlet WHERE id IN (SELECT outlet_id FROM bench_ids)")
        cursor.execute("DROP TABLE bench_ids")
    return count


def write_townships(rng: np.random.Generator, places: Places, count: int) -> Townships:
    n = len(places.counties)
    county = np.repeat(np.arange(n), count // n)
    county = np.sort(np.concatenate([county, np.arange(count - len(county))]))
    lat0 = np.array([places.counties[i].lat for i in county])
    lon0 = np.array([places.counties[i].lon for i in county])
    lat, lon = _jitter(rng, lat0, lon0, TOWNSHIP_JITTER_KM)
    known_pop = rng.random(count) < 0.7
    population = rng.integers(3_000, 80_000, count)
    located = rng.random(count) >= 0.01
    codes, rows, seen = [], [], defaultdict(int)
    for i, c in enumerate(county):
        parent = places.counties[c]
        number = 700 + seen[c]
        seen[c] += 1
        code = f"{parent.code[:6]}{number:03d}000"
        codes.append(code)
        rows.append((code, f"{NAME_MARK}{parent.name}合成乡{number}", "township", parent.code, "rural",
                     float(lat[i]) if located[i] else None, float(lon[i]) if located[i] else None,
                     int(population[i]) if known_pop[i] else None, 2020 if known_pop[i] else None,
                     SOURCE_MARK))
    copy_rows(Division, ["code", "name", "level", "parent_id", "kind", "lat", "lon", "population",
                         "population_year", "source"], rows)
    return Townships(codes, county)


def _reserve_ids(model, count: int) -> np.ndarray:
    """Take `count` ids from the table's sequence (the rows are then sent with COPY)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [table, count])
        return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)


def _pick(rng: np.random.Generator, rows: int, choices: int, counts: np.ndarray):
    """For each row, counts[row] distinct picks of range(choices): (row index, pick) pairs."""
    order = np.argsort(rng.random((rows, choices)), axis=1)
    keep = np.arange(choices)[None, :] < counts[:, None]
    return np.nonzero(keep)[0], order[keep]


def write_outlets(rng: np.random.Generator, places: Places, towns: Townships, count: int) -> dict:
    """Outlets, external refs, authorizations (+ categories) and touring stops; returns counts."""
    weights = np.diff(np.concatenate([[0], places.cum_weights])).astype(float)
    county = rng.choice(len(places.counties), count, p=weights / weights.sum())
    lat, lon = _jitter(rng, np.array([places.counties[i].lat for i in county]),
                       np.array([places.counties[i].lon for i in county]), OUTLET_JITTER_KM)
    ids, now = _reserve_ids(Outlet, count), timezone.now()
    names = [places.counties[c].name for c in county.tolist()]
    copy_columns(Outlet, OUTLET_FIELDS, [
        ids, [f"{NAME_MARK}{n}覆盖测试网点{i}" for n, i in zip(names, ids.tolist(), strict=True)],
        [f"{n}基准路{i}号（合成数据）" for n, i in zip(names, ids.tolist(), strict=True)],
        [places.counties[c].code for c in county.tolist()], lat, lon, rng.choice(RADII, count),
        rng.random(count) < 0.3, ["repair"] * count, [True] * count, [False] * count, [""] * count,
        ["{}"] * count, [now] * count, [now] * count])
    auths = _write_authorizations(rng, ids, now)
    return {"outlets": count, "authorizations": auths,
            "touring_stops": _write_touring(rng, ids, county, towns)}


OUTLET_FIELDS = ["id", "name", "address", "division_id", "lat", "lon", "home_visit_radius_km",
                 "remote_diagnosis", "kind", "in_store", "is_demo", "opening_hours", "card",
                 "created_at", "updated_at"]
AUTH_FIELDS = ["id", "outlet_id", "brand_id", "valid_from", "valid_to", "state", "certificate_no",
               "state_reason", "created_at", "updated_at"]


def _write_authorizations(rng: np.random.Generator, outlet_ids: np.ndarray, now) -> int:
    brands = np.array(Brand.objects.order_by("id").values_list("id", "manufacturer_id"))
    row, pick = _pick(rng, len(outlet_ids), len(brands), rng.integers(1, 4, len(outlet_ids)))
    n = len(row)
    ids = _reserve_ids(Authorization, n)
    expired = rng.random(n) < 0.03
    days = rng.integers(30, 1100, n) * np.where(expired, -1, 1)
    end = np.datetime64(TODAY) + days.astype("timedelta64[D]")
    start = np.minimum(end, np.datetime64(TODAY)) - np.timedelta64(400, "D")
    copy_columns(Authorization, AUTH_FIELDS, [
        ids, outlet_ids[row], brands[pick, 0], start.astype(str), end.astype(str),
        np.where(rng.random(n) < 0.02, "SUSPENDED", "ACTIVE"), [""] * n, [""] * n, [now] * n, [now] * n])
    auth, category = _pick(rng, n, len(TWELVE), rng.integers(2, 6, n))
    copy_columns(Authorization.categories.through, ["authorization_id", "category_id"],
                 [ids[auth], np.array(TWELVE, dtype=object)[category]])
    pairs = np.unique(np.column_stack([brands[pick, 1], outlet_ids[row]]), axis=0)
    copy_columns(ExternalRef, ["manufacturer_id", "external_id", "outlet_id"],
                 [pairs[:, 0], [f"{COV_PREFIX}{o}" for o in pairs[:, 1].tolist()], pairs[:, 1]])
    return n


def _write_touring(rng: np.random.Generator, outlet_ids: np.ndarray, county: np.ndarray,
                   towns: Townships) -> int:
    """20 % of outlets visit 1-3 townships of their county (townships are sorted by county)."""
    first = np.searchsorted(towns.county, county)
    size = np.searchsorted(towns.county, county, side="right") - first
    touring = np.flatnonzero((rng.random(len(outlet_ids)) < 0.2) & (size > 0))
    stops = np.repeat(touring, rng.integers(1, 4, len(touring)))
    town = first[stops] + (rng.random(len(stops)) * size[stops]).astype(np.int64)
    pairs = np.unique(np.column_stack([stops, town]), axis=0)
    codes = np.array(towns.codes, dtype=object)
    n = len(pairs)
    copy_columns(TouringStop, ["outlet_id", "division_id", "schedule", "visits_per_month"],
                 [outlet_ids[pairs[:, 0]], codes[pairs[:, 1]], ["每月"] * n, rng.choice(VISITS, n)])
    return n
