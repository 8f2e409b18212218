"""Coverage as the API shows it: JSON report, GeoJSON (RFC 7946), gap list (JSON and CSV)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from django.utils import timezone

from geo.models import Division
from geo.rules.codes import code_prefix
from geo.rules.coverage import Rollup, TownshipStatus, rank_gaps, rollup
from geo.rules.placement import METHOD, PlacementStep

from .selectors import RegionCoverage, TownshipRow, areas_of

GAP_COLUMNS = ("rank", "code", "name", "county_code", "county_name", "population",
               "population_known", "location_known", "remote_only", "nearest_outlet_km",
               "nearest_outlet_name")


def _iso(at: datetime | None) -> str | None:
    return timezone.localtime(at).isoformat() if at else None


def _km(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def header(report: RegionCoverage) -> dict:
    r, c = report.region, report.category
    return {
        "region": {"code": r.code, "name": r.name, "level": r.level},
        "category": {"code": c.code, "name_zh": c.name_zh, "name_en": c.name_en},
        "brand": report.brand.name if report.brand else None,
        "computed_at": _iso(report.computed_at),
        "computed_for": report.computed_for.isoformat() if report.computed_for else None,
        "stored": report.brand is None,
    }


def rollup_counts(r: Rollup) -> dict:
    """Flat counts (also GeoJSON county properties): townships per kind, population per kind."""
    return {"townships": r.townships, **r.townships_by_kind, "location_unknown": r.location_unknown,
            "population_unknown_townships": r.population_unknown,
            **{f"population_{kind}": value for kind, value in r.population_by_kind.items()}}


def _area_rollups(report: RegionCoverage) -> list[tuple[Division, Rollup]]:
    statuses = [t.status for t in report.townships]
    rollups = []
    for area in areas_of(report.region):
        prefix = code_prefix(area.code)
        rollups.append((area, rollup(s for s in statuses if s.code.startswith(prefix))))
    return rollups


def _status_dict(s: TownshipStatus) -> dict:
    return {"location_known": s.location_known, "home_visit": s.home_visit, "touring": s.touring,
            "remote_diagnosis": s.remote_diagnosis, "remote_only": s.remote_only,
            "unserved": s.unserved}


def township_dict(t: TownshipRow) -> dict:
    nearest = None
    if t.nearest_outlet_id is not None:
        nearest = {"id": t.nearest_outlet_id, "name": t.nearest_outlet_name,
                   "distance_km": _km(t.nearest_km)}
    return {"code": t.code, "name": t.name, "county_code": t.county_code,
            "population": t.population, "lat": t.lat, "lon": t.lon, **_status_dict(t.status),
            "nearest_outlet": nearest}


def coverage_dict(report: RegionCoverage) -> dict:
    return {
        **header(report),
        "rollups": [{"code": area.code, "name": area.name, "level": area.level, **rollup_counts(r)}
                    for area, r in _area_rollups(report)],
        "townships": [township_dict(t) for t in report.townships],
    }


def _point(lat: float | None, lon: float | None) -> dict | None:
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _feature(kind: str, key, geometry: dict | None, properties: dict) -> dict:
    return {"type": "Feature", "id": f"{kind}:{key}", "geometry": geometry,
            "properties": {"kind": kind, **properties}}


def geojson(report: RegionCoverage, outlets: list[dict]) -> dict:
    features = [
        _feature("township", t.code, _point(t.lat, t.lon), {
            "code": t.code, "name": t.name, "county_code": t.county_code,
            "population": t.population, **_status_dict(t.status),
            "nearest_outlet_id": t.nearest_outlet_id, "nearest_outlet_km": _km(t.nearest_km),
            "nearest_outlet_name": t.nearest_outlet_name})
        for t in report.townships
    ]
    features += [
        _feature("outlet", o["id"], _point(o["lat"], o["lon"]), {
            "id": o["id"], "name": o["name"], "in_store": o["in_store"],
            "home_visit_radius_km": None if o["home_visit_radius_km"] is None
            else float(o["home_visit_radius_km"]),
            "remote_diagnosis": o["remote_diagnosis"]})
        for o in outlets
    ]
    features += [
        _feature("county", area.code, _point(area.lat, area.lon),
                 {"code": area.code, "name": area.name, **rollup_counts(r)})
        for area, r in _area_rollups(report) if area.level == Division.Level.COUNTY
    ]
    return {"type": "FeatureCollection", **header(report), "features": features}


def gap_rows(report: RegionCoverage) -> list[dict]:
    """Townships without service on site, most people first; unknown population last, flagged."""
    by_code = {t.code: t for t in report.townships}
    county_names = dict(Division.objects.filter(code__in={t.county_code for t in report.townships})
                        .values_list("code", "name"))
    rows = []
    for rank, status in enumerate(rank_gaps(t.status for t in report.townships), start=1):
        t = by_code[status.code]
        rows.append({"rank": rank, "code": t.code, "name": t.name, "county_code": t.county_code,
                     "county_name": county_names.get(t.county_code, ""),
                     "population": t.population, "population_known": t.population is not None,
                     "location_known": status.location_known, "home_visit": status.home_visit,
                     "touring": status.touring, "remote_only": status.remote_diagnosis,
                     "nearest_outlet_km": _km(t.nearest_km),
                     "nearest_outlet_name": t.nearest_outlet_name})
    return rows


def gaps_dict(report: RegionCoverage) -> dict:
    rows = gap_rows(report)
    return {**header(report), "count": len(rows), "gaps": rows}


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A published outlet name starting with = + - @ would run as a formula in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def gaps_csv(report: RegionCoverage) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese names correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(GAP_COLUMNS)
    for row in gap_rows(report):
        writer.writerow([_csv_cell(row[c]) for c in GAP_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def placement_dict(report: RegionCoverage, steps: list[PlacementStep], *, k: int,
                   radius_km: float, excluded_without_location: int) -> dict:
    by_code = {t.code: t for t in report.townships}
    total_towns = total_people = 0
    out = []
    for rank, step in enumerate(steps, start=1):
        seat = by_code[step.seat]
        total_towns += len(step.newly_served)
        total_people += step.population
        out.append({
            "rank": rank,
            "seat": {"code": seat.code, "name": seat.name, "county_code": seat.county_code,
                     "lat": seat.lat, "lon": seat.lon},
            "newly_served": [{"code": c, "name": by_code[c].name,
                              "population": by_code[c].population} for c in step.newly_served],
            "newly_served_townships": len(step.newly_served),
            "newly_served_population": step.population,
            "newly_served_population_unknown": step.population_unknown,
            "cumulative_townships": total_towns, "cumulative_population": total_people,
        })
    return {**header(report), "method": METHOD, "k": k, "radius_km": radius_km,
            "gaps_without_location": excluded_without_location, "steps": out}
