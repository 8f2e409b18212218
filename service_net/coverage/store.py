"""Writing the coverage read model: township rows and the footprint they were computed from.

Called only by the refresh services, inside their transaction; readers (the API) keep seeing the
previous rows until it commits. A full refresh writes only the rows that differ from what is
stored: deleting and re-inserting 600,000 rows would leave as many dead index entries behind
(measured: twice the cost of writing into an empty table, with autovacuum off as here).

The rows come as numpy columns, so on PostgreSQL they are sent with COPY in text form built
column by column; adapting them value by value (services/bulk.copy_rows) costs several seconds
more at national scale. Elsewhere (the SQLite demo) they go through copy_rows' ORM fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db import connection
from django.db.models import Model

from geo.rules.coverage import NO_OUTLET, Assessment

from ..models import CoverageOutlet, CoverageTouringStop, TownshipCoverage
from ..services.bulk import copy_rows
from .inputs import (
    CHUNK,
    FOOTPRINT_FIELDS,
    TOURING_FIELDS,
    Footprint,
    Touring,
    fetch_rows,
    footprint_columns,
    stored_footprint,
    stored_touring,
)

COVERAGE_FIELDS = ["township_id", "category_id", "home_visit", "touring", "remote_diagnosis",
                   "nearest_outlet_id", "nearest_outlet_km", "computed_at"]
NULL = r"\N"
COPY_BATCH = 50_000


@dataclass(frozen=True)
class Repeat:
    """A column holding one value n times (formatted once)."""

    value: object
    n: int

    def __len__(self) -> int:
        return self.n


_BOOL_TEXT = {None: NULL, True: "t", False: "f"}


def _as_python(column) -> list:
    """Plain Python values, None for NaN (for the ORM fallback)."""
    if isinstance(column, Repeat):
        return [column.value] * column.n
    values = column.tolist() if isinstance(column, np.ndarray) else list(column)
    return [None if isinstance(v, float) and v != v else v for v in values]


def _as_text(column) -> list[str]:
    """One column in COPY text format. Our values hold no tab, newline or backslash."""
    if isinstance(column, Repeat):
        return [_as_text([column.value])[0]] * column.n
    if not isinstance(column, np.ndarray) or column.dtype == object:
        return [_BOOL_TEXT[v] if v is None or isinstance(v, bool) else str(v) for v in column]
    if column.dtype == bool:
        return np.where(column, "t", "f").tolist()
    if column.dtype.kind == "f":  # numpy prints the shortest text that reads back exactly
        return np.where(np.isnan(column), NULL, column.astype(str)).tolist()
    return column.astype(str).tolist()


def copy_columns(model: type[Model], fields: list[str], columns: list) -> None:
    """Insert rows given as equal-length columns (numpy arrays or lists) in `fields` order."""
    if not len(columns[0]):
        return
    if connection.vendor != "postgresql":
        copy_rows(model, fields, zip(*(_as_python(c) for c in columns), strict=True))
        return
    meta = model._meta
    names = ", ".join(f'"{meta.get_field(f).column}"' for f in fields)
    texts = [_as_text(c) for c in columns]
    lines = ["\t".join(row) for row in zip(*texts, strict=True)]
    with connection.cursor() as cursor, cursor.cursor.copy(
            f'COPY "{meta.db_table}" ({names}) FROM STDIN') as copy:
        for start in range(0, len(lines), COPY_BATCH):
            copy.write("\n".join(lines[start:start + COPY_BATCH]) + "\n")


def insert_coverage(category: str, codes: np.ndarray, a: Assessment, at: datetime) -> int:
    """Store one category's assessment of these townships (rows must not exist); returns count."""
    n = len(codes)
    home = [h if known else None
            for h, known in zip(a.home_visit.tolist(), a.location_known.tolist(), strict=True)]
    nearest = [None if i == NO_OUTLET else i for i in a.nearest_outlet_id.tolist()]
    copy_columns(TownshipCoverage, COVERAGE_FIELDS, [
        codes, Repeat(category, n), home, a.touring, a.remote_diagnosis, nearest, a.nearest_km,
        Repeat(at, n)])
    return n


def delete_coverage(category: str, codes: list[str]) -> None:
    for start in range(0, len(codes), CHUNK):
        TownshipCoverage.objects.filter(category_id=category,
                                        township_id__in=codes[start:start + CHUNK]).delete()


def replace_coverage(category: str, codes: np.ndarray, a: Assessment, at: datetime) -> int:
    """Make the category's stored rows for exactly these townships equal `a`, writing only the
    rows that differ (so they keep the computed_at of the refresh that last changed them).
    Returns the number of rows written."""
    stored = fetch_rows(TownshipCoverage.objects.filter(category_id=category).order_by(
        "township_id").values_list("township_id", "home_visit", "touring", "remote_diagnosis",
                                   "nearest_outlet_id", "nearest_outlet_km"))
    if [r[0] for r in stored] != codes.tolist():  # other townships (or none yet): rewrite all
        TownshipCoverage.objects.filter(category_id=category).delete()
        return insert_coverage(category, codes, a, at)
    changed = np.flatnonzero(_differs(stored, a))
    delete_coverage(category, codes[changed].tolist())
    return insert_coverage(category, codes[changed], a.take(changed), at)


def _differs(stored: list[tuple], a: Assessment) -> np.ndarray:
    _, home, touring, remote, nearest, km = zip(*stored, strict=True) if stored else ([],) * 6
    stored_home = np.array([-1 if h is None else int(h) for h in home], dtype=np.int8)
    stored_km = np.array([np.nan if d is None else d for d in km], dtype=float)
    same_km = (stored_km == a.nearest_km) | (np.isnan(stored_km) & np.isnan(a.nearest_km))
    return ((stored_home != np.where(a.location_known, a.home_visit, -1))
            | (np.array(touring, dtype=bool) != a.touring)
            | (np.array(remote, dtype=bool) != a.remote_diagnosis)
            | (np.array([NO_OUTLET if i is None else i for i in nearest], dtype=np.int64)
               != a.nearest_outlet_id)
            | ~same_km)


def sync_footprint(footprint: Footprint, touring: Touring) -> int:
    """Make the stored footprint equal the registry's, rewriting only the outlets that differ.
    Returns the number of outlets whose footprint or touring stops changed."""
    stored = stored_footprint(CoverageOutlet.objects.order_by("outlet_id"))
    changed = _changed_outlets(stored, footprint) | _changed_touring(stored_touring(), touring)
    ids = np.array(sorted(changed), dtype=np.int64)
    replace_footprint_of(ids.tolist(), footprint.select(np.isin(footprint.outlet_id, ids)),
                         touring.of_outlets(ids))
    return len(ids)


def _changed_outlets(stored: Footprint, new: Footprint) -> set[int]:
    common, at_stored, at_new = np.intersect1d(stored.outlet_id, new.outlet_id, return_indices=True)
    a, b = stored.select(at_stored), new.select(at_new)
    same = ((a.mask == b.mask) & (a.lat == b.lat) & (a.lon == b.lon) & (a.remote == b.remote)
            & ((a.radius_km == b.radius_km) | (np.isnan(a.radius_km) & np.isnan(b.radius_km))))
    return set(common[~same].tolist()) | set(np.setxor1d(stored.outlet_id, new.outlet_id).tolist())


def _changed_touring(stored: Touring, new: Touring) -> set[int]:
    def stops(t: Touring) -> set[tuple]:
        return set(zip(t.outlet_id.tolist(), t.township.tolist(), t.visits.tolist(), strict=True))

    return {stop[0] for stop in stops(stored) ^ stops(new)}


def replace_footprint_of(outlet_ids: list[int], footprint: Footprint, touring: Touring) -> None:
    for start in range(0, len(outlet_ids), CHUNK):
        chunk = outlet_ids[start:start + CHUNK]
        CoverageOutlet.objects.filter(outlet_id__in=chunk).delete()
        CoverageTouringStop.objects.filter(outlet_id__in=chunk).delete()
    _insert_footprint(footprint, touring)


def _insert_footprint(footprint: Footprint, touring: Touring) -> None:
    copy_columns(CoverageOutlet, FOOTPRINT_FIELDS, footprint_columns(footprint))
    copy_columns(CoverageTouringStop, TOURING_FIELDS,
                 [touring.outlet_id, touring.township, touring.visits])
