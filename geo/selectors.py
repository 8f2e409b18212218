"""Reads of the geo app for other apps: divisions from addresses and points, and data gaps.

The complaint filing derives jurisdiction with the first three (the county-level regulator where
the business operates, 市场监督管理投诉举报处理暂行办法 art. 9); keep their names.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .geocoder import online_point
from .models import Division
from .rules.address import match_address
from .rules.codes import code_prefix, full_code
from .services.gazetteer_memory import loaded_gazetteer


def division_for_address(text: str, *, within: str | None = None) -> Division | None:
    """The deepest division `text` names for certain, or None (built from the in-memory
    gazetteer, parents attached: geo.services.gazetteer_memory).

    A township name found in two counties gives their common city (or None when they share
    none): never a guess. An address the gazetteer cannot place goes to the online geocoder when
    GEOCODER asks for one, and its point gives the county. `within` (a division code, 6 or 12
    digits) keeps only readings inside it.
    """
    gazetteer = loaded_gazetteer()
    match = match_address(gazetteer.addresses, text or "", within=full_code(within) if within else None)
    if match.place is not None:
        return gazetteer.division(match.place.code)
    point = None if match.ambiguous or within or not text else online_point(text)
    return county_for_point(*point) if point else None


def county_of(division: Division | None) -> Division | None:
    """The county a division lies in: itself for a county, its county for a township, else None."""
    while division is not None and division.level != Division.Level.COUNTY:
        if division.level != Division.Level.TOWNSHIP:
            return None
        division = division.parent
    return division


def county_for_point(lat: float, lon: float) -> Division | None:
    """The county containing a WGS-84 point (by boundary, else the nearest county seat)."""
    gazetteer = loaded_gazetteer()
    where = gazetteer.locate(lat, lon)
    return gazetteer.division(where.county.code) if where.county else None


# --- data quality (the regulators' page) ---

GAP_FILTERS = {
    "any": Q(lat__isnull=True) | Q(population__isnull=True),
    "coords": Q(lat__isnull=True),
    "population": Q(population__isnull=True),
}
GAP_LIST_LIMIT = 500


@dataclass(frozen=True)
class CountyGaps:
    county: Division
    townships: int
    townships_without_point: int
    townships_without_population: int


def divisions_in(region: Division | None) -> QuerySet[Division]:
    """Divisions inside `region` and the region itself (everything when None)."""
    qs = Division.objects.all()
    return qs.filter(code__startswith=code_prefix(region.code)) if region else qs


def gap_counts(region: Division | None) -> list[dict]:
    """Per level: divisions, and how many lack a point or a population."""
    rows = divisions_in(region).values("level").annotate(
        total=Count("code"), without_point=Count("code", filter=Q(lat__isnull=True)),
        without_population=Count("code", filter=Q(population__isnull=True)))
    order = {level: i for i, level in enumerate(Division.Level.values)}
    return sorted(rows, key=lambda r: order.get(r["level"], 9))


def county_gaps(region: Division | None, limit: int = GAP_LIST_LIMIT) -> list[CountyGaps]:
    """Each county in `region` with its townships' gaps, counties with most gaps first."""
    counties = divisions_in(region).filter(level=Division.Level.COUNTY).annotate(
        n=Count("children"),
        no_point=Count("children", filter=Q(children__lat__isnull=True)),
        no_population=Count("children", filter=Q(children__population__isnull=True)),
    ).order_by("-no_point", "-no_population", "code")[:limit]
    return [CountyGaps(c, c.n, c.no_point, c.no_population) for c in counties]


def divisions_with_gaps(region: Division | None, gap: str = "any",
                        limit: int = GAP_LIST_LIMIT) -> QuerySet[Division]:
    """Divisions in `region` lacking a point and/or a population (`gap`: any, coords, population)."""
    return (divisions_in(region).filter(GAP_FILTERS[gap]).select_related("parent")
            .order_by("code")[:limit])
