"""Helpers for the coverage tests: outlets written through the registry services, row snapshots."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from geo.models import Division
from service_net.models import Authorization, TownshipCoverage
from service_net.services import authorization_change_state, outlets_import
from tests.factories import outlet_row

ACTOR = "test:coverage"
CATEGORIES = ["refrigerator", "air_conditioner", "washing_machine"]


def township(code: str) -> Division:
    return Division.objects.get(code=code)


def outlet_at(n: int, lat: float, lon: float, *, radius=None, remote=False, touring=(),
              categories=("refrigerator",), **overrides) -> dict:
    """A registry row for outlet n at (lat, lon) with the given service modes."""
    return outlet_row(n, lat=round(lat, 6), lon=round(lon, 6), categories=list(categories),
                      service_modes={"home_visit_radius_km": radius, "remote_diagnosis": remote,
                                     "touring": [{"division_code": code, "visits_per_month": visits}
                                                 for code, visits in touring]},
                      **overrides)


def put(manufacturer, rows: list[dict]) -> dict[str, int]:
    """Upsert rows for a manufacturer through the registry's write path; external_id -> outlet id."""
    result = outlets_import(manufacturer=manufacturer, rows=rows, actor=ACTOR, at=timezone.now())
    return result.outlet_ids


def change_state(outlet_id: int, action: str) -> None:
    auth = Authorization.objects.select_related("brand__manufacturer").filter(outlet_id=outlet_id).first()
    authorization_change_state(authorization_id=auth.id, manufacturer=auth.brand.manufacturer,
                               action=action, reason="测试", actor=ACTOR, at=timezone.now())


def refresh_kwargs(today: date | None = None) -> dict:
    at = timezone.now()
    return {"actor": ACTOR, "at": at, "today": today or timezone.localdate(at)}


def snapshot() -> dict[tuple[str, str], tuple]:
    """Every stored row without its computed_at: what full and incremental must agree on."""
    return {(t, c): rest for t, c, *rest in TownshipCoverage.objects.values_list(
        "township_id", "category_id", "home_visit", "touring", "remote_diagnosis",
        "nearest_outlet_id", "nearest_outlet_km")}


def row_of(code: str, category: str = "refrigerator") -> TownshipCoverage:
    return TownshipCoverage.objects.get(township_id=code, category_id=category)
