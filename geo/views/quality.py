"""The regulators' data-quality page: divisions without a point or a population, per county.

Gaps are shown, never filled: an empty cell is unknown, not zero (geo/data/SOURCES.md).
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from config.access import regulator_required

from .. import selectors
from ..models import Division
from ..rules.codes import full_code


def _own_region(user) -> Division | None:
    profile = getattr(user, "regulator", None)
    return profile.division if profile else None


def _chosen_region(request) -> tuple[Division | None, list[dict]]:
    code = (request.GET.get("region") or "").strip()
    if not code:
        return _own_region(request.user), []
    region = Division.objects.filter(code=full_code(code)).first() if code.isdigit() else None
    if region is None:
        reason = _("Unknown region code %(code)s.") % {"code": code}
        return _own_region(request.user), [{"field": "region", "reason": reason}]
    return region, []


@regulator_required
def data_quality(request):
    region, errors = _chosen_region(request)
    gap = request.GET.get("gap") if request.GET.get("gap") in selectors.GAP_FILTERS else "any"
    context = {
        "region": region, "gap": gap, "errors": errors,
        "levels": [{**row, "label": Division.Level(row["level"]).label}
                   for row in selectors.gap_counts(region)],
        "counties": selectors.county_gaps(region),
        "gaps": selectors.divisions_with_gaps(region, gap),
        "limit": selectors.GAP_LIST_LIMIT,
    }
    return render(request, "geo/data_quality.html", context)
