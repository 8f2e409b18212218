"""Full refresh: every township × every category, from the registry as it is on `today`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from geo.rules.coverage import assess, remote_offered

from ..models import TownshipCoverage
from . import store
from .inputs import CategoryBits, Gazetteer, registry_footprint, registry_touring

Progress = Callable[[int, int, str], None]


def refresh_all(*, gazetteer: Gazetteer, bits: CategoryBits, today: date, at: datetime,
                progress: Progress | None = None) -> tuple[int, list[str]]:
    """Recompute everything, store what differs: (township rows written, categories with remote)."""
    footprint = registry_footprint(today, bits)
    touring = registry_touring().of_outlets(footprint.outlet_id)
    store.sync_footprint(footprint, touring)
    position, written, remote = gazetteer.position, 0, []
    for done, category in enumerate(bits.codes, start=1):
        outlets = footprint.of_category(bits.bit(category))
        visits = touring.of_outlets(outlets.outlet_id).visits_per_township(gazetteer.codes, position)
        result = assess(gazetteer.points, outlets, visits)
        written += store.replace_coverage(category, gazetteer.codes, result, at)
        if remote_offered(outlets):
            remote.append(category)
        if progress:
            progress(done, len(bits.codes), category)
    TownshipCoverage.objects.exclude(category_id__in=bits.codes).delete()  # categories gone
    return written, remote
