"""What coverage is computed from: the townships, and the outlets authorized per category.

`registry_footprint` reads the registry (authorizations ACTIVE and valid on `today`, as in
verify and nearest) into one row per outlet with a bitmask of its categories, all brands
together; `stored_footprint` reads the copy the stored coverage was computed from (the same
columns). Touring stops likewise. Rows are read through a plain cursor: at national scale the
ORM's per-row conversion of 200,000 rows costs more than the query.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BigIntegerField, Case, F, FloatField, QuerySet, Sum, Value, When
from django.db.models.functions import Cast

from geo.models import Division
from geo.rules.coverage import Points, ServingOutlets

from ..models import Authorization, Category, CoverageOutlet, CoverageTouringStop, TouringStop
from .grid import grid_cell

CHUNK = 5000


def fetch_rows(queryset: QuerySet) -> list[tuple]:
    """Rows of a values_list queryset through a plain cursor (no per-row ORM conversion)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. `__in=[]`: the ORM knows there is nothing to ask for
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


@dataclass(frozen=True)
class Gazetteer:
    """Every township (level township), sorted by code; NaN coordinates where unknown."""

    codes: np.ndarray
    points: Points

    @cached_property
    def position(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes.tolist())}

    def fingerprint(self, categories: list[str]) -> str:
        """Changes when townships or their points or the categories change (then: full refresh)."""
        digest = hashlib.md5(usedforsecurity=False)
        digest.update(",".join(categories).encode())
        digest.update("\n".join(self.codes.tolist()).encode())
        digest.update(np.nan_to_num(self.points.lat, nan=999.0).tobytes())
        digest.update(np.nan_to_num(self.points.lon, nan=999.0).tobytes())
        return digest.hexdigest()


def load_gazetteer() -> Gazetteer:
    rows = fetch_rows(Division.objects.filter(level=Division.Level.TOWNSHIP).order_by("code")
                  .values_list("code", "lat", "lon"))
    codes = np.array([r[0] for r in rows], dtype=object)
    lat = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=float)
    lon = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
    return Gazetteer(codes, Points(lat, lon))


def category_codes() -> list[str]:
    return list(Category.objects.order_by("code").values_list("code", flat=True))


MAX_CATEGORIES = 63  # a footprint's categories are one bigint bitmask


@dataclass(frozen=True)
class CategoryBits:
    """Bit i of a footprint's `categories` mask stands for codes[i] (stored on CoverageState)."""

    codes: tuple[str, ...]

    def __post_init__(self):
        if len(self.codes) > MAX_CATEGORIES:
            raise ValueError(f"coverage handles at most {MAX_CATEGORIES} categories")

    def bit(self, code: str) -> int:
        return 1 << self.codes.index(code)

    def in_mask(self, mask: int) -> list[str]:
        return [code for i, code in enumerate(self.codes) if mask >> i & 1]

    def case(self) -> Case:
        """SQL: the bit of a through row's category_id (0 for a category not known here)."""
        return Case(*(When(category_id=code, then=Value(1 << i)) for i, code in enumerate(self.codes)),
                    default=Value(0), output_field=BigIntegerField())


@dataclass(frozen=True)
class Footprint:
    """One row per outlet authorized for something: where, which service modes, which categories."""

    outlet_id: np.ndarray
    mask: np.ndarray  # CategoryBits bitmask
    lat: np.ndarray
    lon: np.ndarray
    radius_km: np.ndarray  # NaN: no home visits
    remote: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> Footprint:
        """From (outlet_id, mask, lat, lon, radius or None, remote) rows."""
        if not rows:
            return cls(*(np.zeros(0, dtype=t) for t in (np.int64, np.int64, float, float, float, bool)))
        outlet_id, mask, lat, lon, radius, remote = zip(*rows, strict=True)
        return cls(np.array(outlet_id, dtype=np.int64), np.array(mask, dtype=np.int64),
                   np.array(lat, dtype=float), np.array(lon, dtype=float),
                   np.array([np.nan if r is None else float(r) for r in radius], dtype=float),
                   np.array(remote, dtype=bool))

    @classmethod
    def concat(cls, parts: list[Footprint]) -> Footprint:
        """The parts together, each outlet once."""
        joined = cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in cls._fields()))
        _, first = np.unique(joined.outlet_id, return_index=True)
        return joined.select(np.sort(first))

    @staticmethod
    def _fields() -> tuple[str, ...]:
        return ("outlet_id", "mask", "lat", "lon", "radius_km", "remote")

    def __len__(self) -> int:
        return len(self.outlet_id)

    def select(self, mask) -> Footprint:
        return Footprint(*(getattr(self, f)[mask] for f in self._fields()))

    def serving(self) -> ServingOutlets:
        return ServingOutlets.columns(self.outlet_id, self.lat, self.lon, self.radius_km,
                                      self.remote)

    def of_category(self, bit: int) -> ServingOutlets:
        return self.select((self.mask & bit) != 0).serving()

    def union(self) -> int:
        """Every category bit any of these outlets has."""
        return int(np.bitwise_or.reduce(self.mask)) if len(self) else 0

    def remote_in(self, bit: int) -> bool:
        return bool((self.remote & ((self.mask & bit) != 0)).any())


FOOTPRINT_FIELDS = ["outlet_id", "categories", "lat", "lon", "home_visit_radius_km",
                    "remote_diagnosis", "cell"]


def footprint_columns(f: Footprint) -> list[np.ndarray]:
    """CoverageOutlet columns in FOOTPRINT_FIELDS order (NaN radius: NULL)."""
    return [f.outlet_id, f.mask, f.lat, f.lon, f.radius_km, f.remote, grid_cell(f.lat, f.lon)]


def registry_footprint(today: date, bits: CategoryBits, outlet_ids: list[int] | None = None) -> Footprint:
    """Every outlet with an authorization ACTIVE and valid on `today` (any brand), and the
    categories of all those authorizations together."""
    outlet = "authorization__outlet__"
    grouped = Authorization.categories.through.objects.filter(
        authorization__state=Authorization.State.ACTIVE, authorization__valid_from__lte=today,
        authorization__valid_to__gte=today,
    ).values(f"{outlet}id", f"{outlet}lat", f"{outlet}lon", f"{outlet}home_visit_radius_km",
             f"{outlet}remote_diagnosis").annotate(mask=Sum(bits.case(), distinct=True))
    chunks = [None] if outlet_ids is None else list(_chunks(outlet_ids))
    rows = []
    for chunk in chunks:
        query = grouped if chunk is None else grouped.filter(authorization__outlet_id__in=chunk)
        rows += [(oid, mask, lat, lon, radius, remote)
                 for oid, lat, lon, radius, remote, mask in fetch_rows(query) if mask]
    return Footprint.from_rows(rows)


_STORED_COLUMNS = FOOTPRINT_FIELDS[:-1]


def stored_footprint(queryset: QuerySet[CoverageOutlet]) -> Footprint:
    return Footprint.from_rows(fetch_rows(queryset.values_list(*_STORED_COLUMNS)))


def stored_footprint_of(outlet_ids: list[int]) -> Footprint:
    rows = []
    for chunk in _chunks(outlet_ids):
        rows += fetch_rows(CoverageOutlet.objects.filter(outlet_id__in=chunk)
                           .values_list(*_STORED_COLUMNS))
    return Footprint.from_rows(rows)


def in_category(queryset: QuerySet[CoverageOutlet], bit: int) -> QuerySet[CoverageOutlet]:
    return queryset.annotate(in_category=F("categories").bitand(bit)).filter(in_category__gt=0)


@dataclass(frozen=True)
class Touring:
    """Touring stops: (outlet, township, visits per month) as columns."""

    outlet_id: np.ndarray
    township: np.ndarray
    visits: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> Touring:
        if not rows:
            return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0))
        outlet_id, township, visits = zip(*rows, strict=True)
        return cls(np.array(outlet_id, dtype=np.int64), np.array(township, dtype=object),
                   np.array(visits, dtype=float))

    def of_outlets(self, outlet_ids: np.ndarray) -> Touring:
        mask = np.isin(self.outlet_id, outlet_ids)
        return Touring(self.outlet_id[mask], self.township[mask], self.visits[mask])

    def visits_per_township(self, codes: np.ndarray, position: dict[str, int]) -> np.ndarray:
        """Per township of `codes`, the most visits per month of any stop (0 where none)."""
        visits = np.zeros(len(codes))
        for township, value in zip(self.township.tolist(), self.visits.tolist(), strict=True):
            i = position.get(township)
            if i is not None and value > visits[i]:
                visits[i] = value
        return visits

TOURING_FIELDS = ["outlet_id", "township_id", "visits_per_month"]


def registry_touring(outlet_ids: list[int] | None = None) -> Touring:
    """The registry's touring stops (of these outlets, or all)."""
    stops = TouringStop.objects.annotate(visits=Cast("visits_per_month", FloatField()))
    columns = ("outlet_id", "division_id", "visits")
    if outlet_ids is None:
        return Touring.from_rows(fetch_rows(stops.values_list(*columns)))
    rows = []
    for chunk in _chunks(outlet_ids):
        rows += fetch_rows(stops.filter(outlet_id__in=chunk).values_list(*columns))
    return Touring.from_rows(rows)


def stored_touring() -> Touring:
    return Touring.from_rows(fetch_rows(CoverageTouringStop.objects.values_list(*TOURING_FIELDS)))


def stored_touring_of(outlet_ids: list[int]) -> Touring:
    rows = []
    for chunk in _chunks(outlet_ids):
        rows += fetch_rows(CoverageTouringStop.objects.filter(outlet_id__in=chunk)
                           .values_list(*TOURING_FIELDS))
    return Touring.from_rows(rows)
