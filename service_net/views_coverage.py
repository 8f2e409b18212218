"""The regulators' coverage map (服务覆盖地图): townships coloured by each kind of service.

The page itself is a shell: the browser draws the map with the project's own copy of Leaflet from
the coverage API (GeoJSON and the gap report), so nothing is fetched from outside the machine.
Rural coverage is reported per kind of service, never blended (domain.md §7).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.access import regulator_required
from geo.models import Division
from geo.rules.codes import code_prefix, full_code

from .models import Brand, Category

# Administrators without a regulator profile start from the whole city.
DEFAULT_REGION = "620600000000"  # 武威市
_REGION_LEVELS = ("city", "county")
# The coverage API's paths under /api/v1/ (service_net/coverage/api.py).
GEOJSON_PATH = "coverage/geojson"
GAPS_PATH = "coverage/gaps"


def _home_division(user) -> Division:
    profile = getattr(user, "regulator", None)
    if profile is not None:
        return profile.division
    return Division.objects.get(code=DEFAULT_REGION)


def _regions(home: Division) -> list[Division]:
    """The home division and the cities and counties inside it: a regulator sees only their area."""
    inside = Division.objects.filter(code__startswith=code_prefix(home.code), level__in=_REGION_LEVELS)
    return [home, *inside.exclude(code=home.code).order_by("code")]


def _region(requested: str | None, regions: list[Division]) -> str:
    """The region asked for (6- or 12-digit code), else the home one; PermissionDenied outside."""
    if not requested:
        return regions[0].code
    code = full_code(requested.strip())
    if code not in {d.code for d in regions}:
        raise PermissionDenied
    return code


def _one_of(requested: str | None, allowed: list[str], default: str) -> str:
    """An unknown category or brand falls back to the default rather than failing the page."""
    return requested if requested in allowed else default


def _filters(request) -> dict:
    """Region, category and brand from the query string; a region outside the area is refused."""
    regions = _regions(_home_division(request.user))
    categories = list(Category.objects.all())
    brands = list(Brand.objects.order_by("name"))
    codes = [c.code for c in categories]
    return {"regions": regions, "categories": categories, "brands": brands,
            "region": _region(request.GET.get("region"), regions),
            "category": _one_of(request.GET.get("category"), codes, codes[0] if codes else ""),
            "brand": _one_of(request.GET.get("brand"), [b.name for b in brands], "")}


def _labels() -> dict:
    """Words the script puts into popups and lists, translated here (Chinese first)."""
    return {
        "yes": _("Yes"), "no": _("No"),
        "home_visit": _("Home visits"), "touring": _("Touring visits (at least monthly)"),
        "remote_diagnosis": _("Remote diagnosis"), "nearest_outlet": _("Nearest authorized outlet"),
        "none_found": _("None found"), "km": _("km"), "population": _("Population"),
        "population_unknown": _("Population unknown"),
        "unknown": _("Unknown"), "in_store": _("In-store repair"),
        "home_visit_radius": _("Home visits within"), "outlet": _("Authorized outlet"),
        "townships_layer": _("Township coverage"), "outlets_layer": _("Authorized outlets"),
        "townships_count": _("Townships"), "outlets_count": _("Outlets"),
        "radius_layer": _("Home-visit radius"), "counties_layer": _("County seats"),
        "no_gaps": _("Every township is served by home visits or touring visits."),
        "all_located": _("Every township has a location."),
        "load_failed": _("The coverage data could not be loaded. Please try again."),
        "touring_short": _("Touring visits"), "remote_only": _("Remote diagnosis only"),
        "unserved": _("Unserved"), "location_unknown": _("Location unknown"),
        "computed_at": _("Coverage computed at"),
        "county": {
            "townships": _("Townships"), "home_visit": _("Served by home visits"),
            "touring": _("Served by touring visits"), "remote_only": _("Remote diagnosis only"),
            "unserved": _("Unserved"), "undetermined": _("Location unknown, not toured"),
            "location_unknown": _("Townships without a location"),
            "population_home_visit": _("Known population served by home visits"),
            "population_touring": _("Known population served by touring visits"),
            "population_unknown_townships": _("Townships with unknown population"),
        },
    }


def _api(path: str) -> str:
    return reverse("api-v1:api-root") + path


def _map_config(filters: dict) -> dict:
    return {
        "geojson_url": _api(GEOJSON_PATH),
        "gaps_url": _api(GAPS_PATH),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "labels": _labels(),
        **{k: filters[k] for k in ("region", "category", "brand")},
    }


@regulator_required
def coverage_map(request):
    filters = _filters(request)
    query = {k: filters[k] for k in ("region", "category", "brand") if filters[k]}
    context = {**filters, "map_config": _map_config(filters),
               "csv_url": _api(GAPS_PATH) + "?" + urlencode({**query, "format": "csv"})}
    return render(request, "service_net/coverage_map.html", context)
