"""The nearest-outlet index: active authorizations in memory, one KD-tree per (brand, category).

Each process keeps one index and reloads it when the registry version (bumped in the same
transaction as every registry write) has moved on. Validity dates are checked per query, so an
authorization that expires at midnight drops out without a reload. The index also carries the
lookup tables of verify (phone key / certificate → outlets, and the outlets' cards: verify_index).

The version check is one tiny query (`current_versions`): inside a transaction it runs on every
call (the transaction may hold its own uncommitted writes, and tests roll back); outside one a
process re-reads it at most every VERSION_CHECK_S (50 ms; settings.SANBAO_VERSION_CHECK_MS), so
another process's committed write is seen within that time, and a write of this process to a
brand, alias, category or warning (model signals) or a flush at once.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save

from geo.index import PointIndex

from .models import Authorization, Brand, BrandAlias, Category, FraudWarning, RegistryState
from .verify_index import VerifyLookup, build_lookup


@dataclass(frozen=True)
class NearHit:
    outlet_id: int
    distance_km: float


@dataclass
class RegistryIndex:
    version: str
    outlet_id: np.ndarray
    brand_id: np.ndarray
    cat_mask: np.ndarray
    valid_from: np.ndarray
    valid_to: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    category_bit: dict[str, int]
    lookup: VerifyLookup | None = None
    _trees: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def nearest(self, lat: float, lon: float, *, brand_id: int | None, category: str | None,
                k: int, today: date) -> list[NearHit]:
        if category is not None and category not in self.category_bit:
            return []
        positions, tree = self._tree(brand_id, category)
        day = today.toordinal()

        def valid_today(pos: np.ndarray) -> np.ndarray:
            rows = positions[pos]
            return (self.valid_from[rows] <= day) & (day <= self.valid_to[rows])

        hits = tree.nearest(lat, lon, k, accept=valid_today)
        return [NearHit(int(self.outlet_id[positions[h.position]]), h.distance_km) for h in hits]

    def _tree(self, brand_id: int | None, category: str | None):
        key = (brand_id, category)
        with self._lock:
            if key not in self._trees:
                mask = np.ones(len(self.outlet_id), dtype=bool)
                if brand_id is not None:
                    mask &= self.brand_id == brand_id
                if category is not None:
                    mask &= (self.cat_mask & (1 << self.category_bit[category])) != 0
                positions = np.flatnonzero(mask)
                self._trees[key] = (positions, PointIndex(
                    self.lat[positions], self.lon[positions], group=self.outlet_id[positions]))
            return self._trees[key]


@dataclass(frozen=True)
class Versions:
    """What the in-memory reads depend on: the registry, the standing warnings, the catalog."""

    registry: str
    warnings: str
    catalog: str


@functools.cache
def _versions_sql(vendor: str) -> str:
    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    if vendor == "postgresql":
        def digest(rows: str, order: str) -> str:
            return f"md5(coalesce(string_agg({rows}, ',' ORDER BY {order}), ''))"
    else:  # SQLite (the demo): the rows themselves; the tables are small
        def digest(rows: str, order: str) -> str:
            return f"coalesce(group_concat({rows}, ','), '')"
    brands = ("id || ':' || name || ':' || name_en || ':' || manufacturer_id || ':' "
              "|| coalesce(parent_id, 0)")
    aliases = "brand_id || ':' || alias"
    # Warnings are only published (a new, higher id) or withdrawn (one fewer standing).
    warnings = ("count(*) || ':' || coalesce(max(id), 0) || ':' "
                "|| coalesce(sum(CASE WHEN withdrawn_at IS NULL THEN 1 ELSE 0 END), 0)")
    return (
        f"SELECT (SELECT version FROM {table(RegistryState)} WHERE id = 1), "
        f"(SELECT {warnings} FROM {table(FraudWarning)}), "
        f"(SELECT {digest(brands, 'id')} FROM {table(Brand)}) "
        f"|| (SELECT {digest(aliases, 'id')} FROM {table(BrandAlias)}) "
        f"|| (SELECT {digest('code', 'code')} FROM {table(Category)})"
    )


VERSION_CHECK_S = getattr(settings, "SANBAO_VERSION_CHECK_MS", 50) / 1000.0
_checked: tuple[float, int, Versions] | None = None  # (monotonic time, local generation, versions)
_local_generation = 0


def note_local_write(**_kwargs) -> None:
    """A write in this process that the versions cover: the next read checks them again."""
    global _local_generation
    _local_generation += 1


for _model in (Brand, BrandAlias, Category, FraudWarning):
    post_save.connect(note_local_write, sender=_model, dispatch_uid=f"versions_{_model.__name__}_save")
    post_delete.connect(note_local_write, sender=_model, dispatch_uid=f"versions_{_model.__name__}_del")
# `flush` (a transactional test's teardown) empties every table and then sends post_migrate.
post_migrate.connect(note_local_write, dispatch_uid="versions_flush")


def _read_versions() -> Versions:
    """Plain SQL, as it runs before every read (the ORM's query building cost more than the
    query itself, ~0.7 ms of a 1 ms nearest on 2 slow cores)."""
    with connection.cursor() as cursor:
        cursor.execute(_versions_sql(connection.vendor))
        row = cursor.fetchone()
    return Versions(*("" if value is None else str(value) for value in row))


def current_versions() -> Versions:
    """The versions as this connection sees them (re-read at most every VERSION_CHECK_S outside
    a transaction; on every call inside one)."""
    global _checked
    if connection.in_atomic_block:
        return _read_versions()
    seen, now = _checked, time.monotonic()
    if seen is not None and now - seen[0] < VERSION_CHECK_S and seen[1] == _local_generation:
        return seen[2]
    generation = _local_generation
    versions = _read_versions()
    _checked = (now, generation, versions)
    return versions


def registry_version() -> str:
    """The registry's version token."""
    return current_versions().registry


def build_index(version: str) -> RegistryIndex:
    rows = list(Authorization.objects.filter(state=Authorization.State.ACTIVE).values_list(
        "id", "outlet_id", "brand_id", "valid_from", "valid_to", "outlet__lat", "outlet__lon"
    ).order_by("id"))
    position = {row[0]: i for i, row in enumerate(rows)}
    cat_mask = np.zeros(len(rows), dtype=np.int64)
    category_bit: dict[str, int] = {}
    through = Authorization.categories.through.objects.filter(
        authorization__state=Authorization.State.ACTIVE)
    for auth_id, code in through.values_list("authorization_id", "category_id").iterator(10000):
        bit = category_bit.setdefault(code, len(category_bit))
        if auth_id in position:
            cat_mask[position[auth_id]] |= 1 << bit
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    return RegistryIndex(
        version=version,
        outlet_id=np.array(columns[1], dtype=np.int64),
        brand_id=np.array(columns[2], dtype=np.int64),
        cat_mask=cat_mask,
        valid_from=np.array([d.toordinal() for d in columns[3]], dtype=np.int64),
        valid_to=np.array([d.toordinal() for d in columns[4]], dtype=np.int64),
        lat=np.array(columns[5], dtype=float),
        lon=np.array(columns[6], dtype=float),
        category_bit=category_bit,
        lookup=build_lookup(),
    )


_current: RegistryIndex | None = None
_build_lock = threading.Lock()


def registry_index(version: str | None = None) -> RegistryIndex:
    """The index for the registry as it is now (see current_versions for the version check), or
    as of `version` when the caller has just read the versions."""
    global _current
    version = registry_version() if version is None else version
    index = _current
    if index is not None and index.version == version:
        return index
    with _build_lock:
        if _current is None or _current.version != version:
            _current = build_index(version)
        return _current
