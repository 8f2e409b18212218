"""A clearly labelled SYNTHETIC network of authorized outlets across Wuwei's four counties.

Every outlet is marked is_demo and named 【演示】; phone numbers are invented 0935-555xxxx
landlines and credit codes are generated with a valid check character. Nothing here describes
a real business. The network is loaded through the same upsert service manufacturers use, so
it has an audit trail, and loading it twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from django.db import transaction

from geo.models import Division

from .models import Authorization, Manufacturer
from .rules.uscc import uscc_check_char
from .services import authorization_change_state, outlets_import

SEED = 620600
ACTOR = "system:load_demo"
VALID = (date(2025, 1, 1), date(2030, 12, 31))
EXPIRED = (date(2024, 1, 1), date(2026, 6, 30))

MAKER_CATEGORIES = {
    "海尔集团": ["refrigerator", "washing_machine", "air_conditioner", "electric_water_heater",
                "tv_flat_panel"],
    "美的集团": ["air_conditioner", "refrigerator", "washing_machine", "microwave_oven",
                "range_hood", "gas_water_heater", "electric_fan", "dishwasher"],
    "格力电器": ["air_conditioner", "electric_fan", "water_purifier"],
    "海信集团": ["tv_flat_panel", "refrigerator", "air_conditioner"],
    "TCL实业": ["tv_flat_panel", "air_conditioner", "washing_machine"],
    "四川长虹": ["tv_flat_panel", "tv_crt", "refrigerator"],
    "小米集团": ["mobile_phone", "tv_flat_panel", "vacuum_cleaner"],
    "华为终端": ["mobile_phone", "computer"],
}
PRICE_LIST = [
    {"item": "上门服务费", "covers": "10公里内上门一次", "price": "30", "visit_fee": True},
    {"item": "检测费", "covers": "故障检测，维修则免收", "price": "50"},
    {"item": "维修工时费", "pricing_method": "按维修项目，20-150元/项，见店内公示"},
    {"item": "配件费", "pricing_method": "按厂家配件指导价"},
]


def _uscc(rng: random.Random) -> str:
    body = "92620602" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + uscc_check_char(body)


def _towns(county: str) -> list[Division]:
    return list(Division.objects.filter(parent_id=county, level="township", lat__isnull=False)
                .order_by("code"))


def demo_rows() -> dict[str, list[dict]]:
    """Outlet rows per manufacturer, deterministic for a given gazetteer."""
    rng = random.Random(SEED)
    counties = ["620602000000", "620621000000", "620622000000", "620623000000"]
    rows: dict[str, list[dict]] = {m: [] for m in MAKER_CATEGORIES}
    number = 100
    for county in counties:
        towns = _towns(county)
        seat_towns, rural = towns[:3], towns[3:]
        hubs = seat_towns + rng.sample(rural, min(len(rural), 7 if county == counties[0] else 4))
        for town in hubs:
            makers = rng.sample(sorted(MAKER_CATEGORIES), 2 if town in seat_towns else 1)
            uscc = _uscc(rng)
            number += 1
            lat = round(town.lat + rng.uniform(-0.008, 0.008), 6)
            lon = round(town.lon + rng.uniform(-0.008, 0.008), 6)
            touring = [{"division_code": t.code, "schedule": "每月第一个周三",
                        "visits_per_month": 1} for t in rng.sample(rural, min(2, len(rural)))]
            radius = rng.choice([15, 25, 40])  # outlet-level: the same in every maker's listing
            for maker in makers:
                brand_names = None if maker != "海尔集团" else ["海尔", "卡萨帝"]
                rows[maker].append({
                    "external_id": f"DEMO-{town.code}",
                    "name": f"【演示】{town.name}家电维修服务部",
                    "address": f"{town.parent.name}{town.name}(演示地址，非真实)",
                    "lat": lat, "lon": lon, "division_code": town.code,
                    "phones": [f"0935-555{number:04d}"],
                    "categories": MAKER_CATEGORIES[maker],
                    **({"brands": brand_names} if brand_names else {}),
                    "valid_from": VALID[0].isoformat(), "valid_to": VALID[1].isoformat(),
                    "uscc": uscc, "certificate_no": f"DEMO-{maker[:2]}-{number}",
                    "opening_hours": "08:30-18:00",
                    "service_modes": {"in_store": True,
                                      "home_visit_radius_km": radius,
                                      "remote_diagnosis": True,
                                      "touring": touring},
                    "price_list": PRICE_LIST,
                })
    _special_cases(rows)
    return rows


def _special_cases(rows: dict[str, list[dict]]) -> None:
    """One expired authorization, so every verdict can be seen in the demo."""
    gree = rows["格力电器"]
    if gree:
        gree[-1] = {**gree[-1], "valid_from": EXPIRED[0].isoformat(),
                    "valid_to": EXPIRED[1].isoformat()}


@transaction.atomic
def demo_network_load(at: datetime) -> dict[str, dict]:
    summary = {}
    for maker_name, rows in demo_rows().items():
        maker = Manufacturer.objects.get(name=maker_name)
        result = outlets_import(manufacturer=maker, rows=rows, actor=ACTOR, at=at, demo=True)
        summary[maker_name] = {"created": result.created, "updated": result.updated,
                               "unchanged": result.unchanged}
    _revoke_one(at)
    return summary


def _revoke_one(at: datetime) -> None:
    """One revoked authorization (a demo of the `inactive` verdict); once only."""
    auth = (Authorization.objects.filter(brand__name="美的", outlet__is_demo=True)
            .order_by("-outlet__division_id").first())
    if auth and auth.state == Authorization.State.ACTIVE and not auth.state_changed_at:
        authorization_change_state(
            authorization_id=auth.id, manufacturer=auth.brand.manufacturer, action="revoke",
            reason="演示：授权到期未续约，已撤销", actor=ACTOR, at=at)
