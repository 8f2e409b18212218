"""What verify reads, in memory: phone key and certificate → outlets, the outlets' cards, and the
catalog (brand names and aliases, category codes).

The lookup tables are built with the nearest index (registry_index.build_index), so they share its
registry version: a registry write is seen by the next read that sees the new version. The cards
are kept as their JSON text, back to back in one bytes object with an offsets array, and parsed
when read: 200,000 cards take ~250 MB that way (as dicts, several GB), and a forked server worker
shares the pages (no per-card reference counts are touched).

The catalog snapshot follows its own version (a digest of the brand, alias and category tables).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import orjson
from django.db.models import TextField
from django.db.models.functions import Cast

from .models import Authorization, Brand, BrandAlias, Category, Outlet, OutletPhone

CHUNK = 10_000


@dataclass(frozen=True)
class VerifyLookup:
    by_phone: dict[str, tuple[int, ...]]  # normalized phone key → outlet ids, ascending
    by_certificate: dict[str, tuple[int, ...]]  # certificate number → outlet ids, ascending
    ids: np.ndarray  # outlet ids, ascending
    starts: np.ndarray  # card i is blob[starts[i]:starts[i + 1]]
    blob: bytes

    def card(self, outlet_id: int) -> dict | None:
        i = int(np.searchsorted(self.ids, outlet_id))
        if i == len(self.ids) or self.ids[i] != outlet_id:
            return None
        return orjson.loads(self.blob[self.starts[i]:self.starts[i + 1]])

    def cards(self, outlet_ids: Iterable[int]) -> list[dict]:
        """The cards of these outlets, in the order given (missing ones left out)."""
        found = (self.card(i) for i in outlet_ids)
        return [card for card in found if card is not None]


def _grouped(pairs: Iterable[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    groups: dict[str, set[int]] = defaultdict(set)
    for key, outlet_id in pairs:
        groups[key].add(outlet_id)
    return {key: tuple(sorted(ids)) for key, ids in groups.items()}


def build_lookup() -> VerifyLookup:
    """Read the phone keys, certificates and cards of every outlet (a few seconds at 200,000)."""
    phones = _grouped(OutletPhone.objects.values_list("number", "outlet_id").iterator(CHUNK))
    certificates = _grouped(Authorization.objects.exclude(certificate_no="").values_list(
        "certificate_no", "outlet_id").iterator(CHUNK))
    texts = Outlet.objects.order_by("id").values_list("id", Cast("card", TextField()))
    ids, parts, starts, offset = [], [], [0], 0
    for outlet_id, text in texts.iterator(CHUNK):
        data = text.encode()
        ids.append(outlet_id)
        parts.append(data)
        offset += len(data)
        starts.append(offset)
    return VerifyLookup(by_phone=phones, by_certificate=certificates,
                        ids=np.array(ids, dtype=np.int64), starts=np.array(starts, dtype=np.int64),
                        blob=b"".join(parts))


@dataclass(frozen=True)
class Catalog:
    """Brands by what a consumer may type, and the category codes (as brand_resolve decides)."""

    version: str
    by_name: dict[str, Brand]
    by_name_en: dict[str, Brand]  # upper-cased English name → the first brand by name
    by_alias: dict[str, Brand]  # case-folded alias → brand
    categories: frozenset[str]
    rank: dict[int, int]  # brand id → position in the model's order

    def brand(self, text: str) -> Brand | None:
        """As Brand.objects.filter(Q(name=text) | Q(name_en__iexact=text)).first(), else the
        alias (stored case-folded)."""
        found = [b for b in (self.by_name.get(text), self.by_name_en.get(text.upper())) if b]
        if found:
            return min(found, key=lambda b: self.rank[b.id])
        return self.by_alias.get(text.casefold())


def build_catalog(version: str) -> Catalog:
    by_name: dict[str, Brand] = {}
    by_name_en: dict[str, Brand] = {}
    brands = list(Brand.objects.all())  # in the model's order (by name, the database's collation)
    for brand in brands:
        by_name[brand.name] = brand
        if brand.name_en:
            by_name_en.setdefault(brand.name_en.upper(), brand)
    by_id = {b.id: b for b in brands}
    by_alias = {alias: by_id[brand_id]
                for alias, brand_id in BrandAlias.objects.values_list("alias", "brand_id")}
    return Catalog(version, by_name, by_name_en, by_alias,
                   frozenset(Category.objects.values_list("code", flat=True)),
                   {b.id: i for i, b in enumerate(brands)})


_catalog: Catalog | None = None
_catalog_lock = threading.Lock()


def catalog(version: str) -> Catalog:
    global _catalog
    found = _catalog
    if found is not None and found.version == version:
        return found
    with _catalog_lock:
        if _catalog is None or _catalog.version != version:
            _catalog = build_catalog(version)
        return _catalog
