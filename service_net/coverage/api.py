"""GET /api/v1/coverage…: rural service coverage per township and category (domain.md §7).

Public, like the registry it is computed from. Thin handlers: parse, one selector, render.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from config.api_errors import documents_errors
from config.errors import InvalidInput

from . import presenters, selectors
from .selectors import RegionCoverage

router = Router(tags=["coverage"])

_KINDS = ("Each kind of service is reported apart, never blended: home visits (an authorized "
          "outlet's declared radius reaches the township, exact geodesic), touring (visited at "
          "least monthly), remote diagnosis (advice only).")


class CoverageQuery(Schema):
    region: str = Field(..., description="6- or 12-digit code of a province, city or county")
    category: str = Field(..., description="appliance category code, e.g. refrigerator")
    brand: str | None = Field(None, description="one brand: computed now instead of stored")


class GapsQuery(CoverageQuery):
    format: str = Field("json", description="json or csv (UTF-8 with BOM, for Excel)")


class PlacementQuery(CoverageQuery):
    k: int = Field(3, ge=1, le=20)
    radius_km: float = Field(30.0, gt=0, le=300)


def _report(q: CoverageQuery) -> RegionCoverage:
    region = selectors.region_resolve(q.region)
    category = selectors.category_resolve(q.category)
    brand = selectors.brand_find(q.brand)
    at = timezone.now()
    return selectors.region_coverage(region, category, brand, at=at, today=timezone.localdate(at))


@router.get("", summary="Coverage of a region's townships for a category",
            description="Rollups per county and city, and every township. " + _KINDS)
@documents_errors(404, 409)  # unknown region; coverage not computed yet
def coverage(request, q: Query[CoverageQuery]):
    return presenters.coverage_dict(_report(q))


@router.get("/geojson", summary="Coverage as GeoJSON: townships, outlets, counties",
            description="A FeatureCollection; properties.kind is township, outlet or county. " + _KINDS)
@documents_errors(404, 409)  # unknown region; coverage not computed yet
def coverage_geojson(request, q: Query[CoverageQuery]):
    report = _report(q)
    body = presenters.geojson(report, selectors.outlets_shown(report))
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/geo+json")


@router.get("/gaps", summary="Townships without service on site, most people first",
            description="No home visit and no touring; remote-only ones included and flagged; "
                        "unknown population last and flagged. format=csv for Excel.")
@documents_errors(404, 409)  # unknown region; coverage not computed yet
def coverage_gaps(request, q: Query[GapsQuery]):
    if q.format not in ("json", "csv"):
        raise InvalidInput([{"field": "format", "reason": "json or csv"}])
    report = _report(q)
    if q.format == "json":
        return presenters.gaps_dict(report)
    response = HttpResponse(presenters.gaps_csv(report), content_type="text/csv; charset=utf-8")
    name = f"coverage-gaps-{report.region.code}-{report.category.code}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/placement", summary="Where k new outlets would help most",
            description="Township seats for new outlets making home visits within radius_km, "
                        "chosen by greedy maximum coverage, (1-1/e)-approximate: population newly "
                        "served first (where known), then townships newly served.")
@documents_errors(404, 409)  # unknown region; coverage not computed yet
def coverage_placement(request, q: Query[PlacementQuery]):
    report = _report(q)
    steps, left_out = selectors.placement(report, k=q.k, radius_km=q.radius_km)
    return presenters.placement_dict(report, steps, k=q.k, radius_km=q.radius_km,
                                     excluded_without_location=left_out)
