"""The PostGIS alternative for nearest outlets: a scratch table, a GiST index, KNN queries.

The table `bench_knn` holds one row per active authorization (outlet, brand, categories,
validity, `geography(Point, 4326)`), copied from the registry. A query is the textbook KNN:
`ORDER BY geog <-> point LIMIT n` on the GiST index. `<->` on geography orders by distance on
the sphere; the same statement also returns the WGS-84 spheroid distance (`ST_Distance`), by
which the rows are re-ranked, so the answer can be compared with the exact geodesic ranking.
n = 2k rows per brand an outlet may carry (at most three in the benchmark data): k outlets, and
room for the sphere/spheroid difference (up to ~0.6 %) to reorder near-ties across the k-th place
(with n = k, 2 of 200 queries missed the true 5th outlet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

TABLE = "bench_knn"
MAX_BRANDS_PER_OUTLET = 3

CREATE = f"""
CREATE TABLE {TABLE} AS
SELECT a.id AS authorization_id, a.outlet_id, a.brand_id, a.valid_from, a.valid_to,
       coalesce(array_agg(c.category_id) FILTER (WHERE c.category_id IS NOT NULL), '{{}}') AS categories,
       ST_SetSRID(ST_MakePoint(o.lon, o.lat), 4326)::geography AS geog
FROM service_net_authorization a
JOIN service_net_outlet o ON o.id = a.outlet_id
LEFT JOIN service_net_authorization_categories c ON c.authorization_id = a.id
WHERE a.state = 'ACTIVE' AND o.lat IS NOT NULL AND o.lon IS NOT NULL
GROUP BY a.id, o.id
"""

KNN = f"""
WITH q AS (SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography AS p)
SELECT t.outlet_id, ST_Distance(t.geog, q.p) AS spheroid_m, t.geog <-> q.p AS sphere_m
FROM {TABLE} t, q
WHERE t.valid_from <= %(today)s AND t.valid_to >= %(today)s {{filters}}
ORDER BY t.geog <-> q.p
LIMIT %(limit)s
"""


def postgis_unavailable() -> str | None:
    """None when PostGIS can be used here; otherwise why not (for the report)."""
    if connection.vendor != "postgresql":
        return f"the database is {connection.vendor}, not PostgreSQL"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            cursor.execute("SELECT postgis_lib_version()")
            cursor.fetchone()
    except Exception as exc:  # the extension's files are not installed, or no privilege
        return (f"PostGIS is not available ({str(exc).strip().splitlines()[0]}); install it with "
                "`apt-get install -y postgresql-15-postgis-3` (make bench does)")
    return None


def postgis_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT postgis_lib_version()")
        return cursor.fetchone()[0]


def build_table() -> int:
    """(Re)create the scratch table from the registry, index it, ANALYZE; its row count."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(CREATE)
        cursor.execute(f"CREATE INDEX {TABLE}_geog ON {TABLE} USING gist (geog)")
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]


def drop_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


@dataclass(frozen=True)
class KnnAnswer:
    """The k nearest outlets by spheroid distance (km), and whether sphere order agreed."""

    hits: list[tuple[int, float]]
    sphere_order_differs: bool


def knn(lat: float, lon: float, *, brand_id: int | None, category: str | None, k: int,
        today: date) -> KnnAnswer:
    rows_per_outlet = 1 if brand_id is not None else MAX_BRANDS_PER_OUTLET  # one per outlet and brand
    filters, params = "", {"lat": lat, "lon": lon, "today": today, "limit": 2 * k * rows_per_outlet}
    if brand_id is not None:
        filters += " AND t.brand_id = %(brand)s"
        params["brand"] = brand_id
    if category is not None:
        filters += " AND %(category)s = ANY(t.categories)"
        params["category"] = category
    with connection.cursor() as cursor:
        cursor.execute(KNN.format(filters=filters), params)
        rows = cursor.fetchall()
    by_sphere = _first_per_outlet(rows)
    by_spheroid = _first_per_outlet(sorted(rows, key=lambda r: (r[1], r[0])))
    hits = [(outlet, spheroid / 1000.0) for outlet, spheroid, _ in by_spheroid[:k]]
    return KnnAnswer(hits, [r[0] for r in by_sphere[:k]] != [h[0] for h in hits])


def _first_per_outlet(rows: list[tuple]) -> list[tuple]:
    seen, out = set(), []
    for row in rows:
        if row[0] not in seen:
            seen.add(row[0])
            out.append(row)
    return out
