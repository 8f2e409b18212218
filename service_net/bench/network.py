"""Synthetic outlets: counties weighted by density, jittered coordinates, valid credit codes."""

from __future__ import annotations

import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from geo.models import Division
from geo.rules.coords import CHINA_LAT, CHINA_LON

from ..catalog import BRANDS
from ..demo import MAKER_CATEGORIES
from ..rules.uscc import ALPHABET, uscc_check_char
from .common import NAME_MARK, PREFIX, TODAY

DISTRICT_WEIGHT, COUNTY_WEIGHT = 4, 1  # city districts (names ending in 区) are denser
JITTER_KM = 10.0
EXPIRED_SHARE = 0.03
RADII = (None, None, 10, 20, 30)
PRICE_LIST = [{"item": "上门服务费", "price": "30", "visit_fee": True}, {"item": "检测费", "price": "50"}]


@dataclass(frozen=True)
class County:
    code: str
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Places:
    counties: list[County]
    cum_weights: list[int]

    def pick(self, rng: random.Random) -> County:
        return rng.choices(self.counties, cum_weights=self.cum_weights)[0]


def load_places() -> Places:
    counties = [County(*row) for row in Division.objects.filter(
        level=Division.Level.COUNTY, lat__isnull=False).order_by("code").values_list(
        "code", "name", "lat", "lon")]
    weights = (DISTRICT_WEIGHT if c.name.endswith("区") else COUNTY_WEIGHT for c in counties)
    return Places(counties, list(itertools.accumulate(weights)))


def jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point uniformly within `km` of (lat, lon), kept inside China's box."""
    r, angle = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat2 = lat + r * math.cos(angle) / 111.32
    lon2 = lon + r * math.sin(angle) / (111.32 * max(math.cos(math.radians(lat)), 0.1))
    return (round(min(max(lat2, CHINA_LAT[0]), CHINA_LAT[1]), 6),
            round(min(max(lon2, CHINA_LON[0]), CHINA_LON[1]), 6))


def uscc(county_code: str, serial: int) -> str:
    """A valid, unique credit code of an individual business (92…) from a serial number."""
    digits = []
    for _ in range(9):
        serial, rest = divmod(serial, len(ALPHABET))
        digits.append(ALPHABET[rest])
    body = "92" + county_code[:6] + "".join(reversed(digits))
    return body + uscc_check_char(body)


def validity(rng: random.Random) -> tuple[date, date]:
    if rng.random() < EXPIRED_SHARE:
        end = TODAY - timedelta(days=rng.randint(1, 700))
        return end - timedelta(days=rng.randint(365, 1100)), end
    return TODAY - timedelta(days=rng.randint(30, 1100)), TODAY + timedelta(days=rng.randint(30, 1100))


def mobile_display(rng: random.Random, key: str) -> str:
    return rng.choice((f"{key[:3]} {key[3:7]} {key[7:]}", key, f"{key[:3]}-{key[3:7]}-{key[7:]}"))


@dataclass
class Network:
    """Deterministic synthetic outlets: one stream of random numbers, numbers from counters."""

    rng: random.Random
    places: Places
    brand_makers: dict[str, str]  # brand name -> manufacturer name
    prefix: str = PREFIX
    mobile_base: int = 13_000_000_000
    service_base: int = 4_001_000_000
    serial_base: int = 0
    serial: int = 0
    phones_issued: int = 0
    known: list[tuple[str, tuple[str, ...]]] | None = field(default_factory=list)
    fallback_categories: tuple[str, ...] = ()  # for a manufacturer without typical categories

    def next_outlet(self) -> dict[str, dict]:
        """One outlet as each of its manufacturers lists it: {manufacturer name: row}."""
        rng, county = self.rng, self.places.pick(self.rng)
        self.serial += 1
        n = self.serial_base + self.serial
        lat, lon = jitter(rng, county.lat, county.lon, JITTER_KM)
        brands = sorted(rng.sample(sorted(self.brand_makers), min(rng.randint(1, 3), len(self.brand_makers))))
        common = {
            "external_id": f"{self.prefix}{n:07d}", "name": f"{NAME_MARK}{county.name}家电维修服务部{n}号",
            "address": f"{county.name}基准路{n}号（合成数据）", "lat": lat, "lon": lon,
            "division_code": county.code, "phones": self._phones(brands), "uscc": uscc(county.code, n),
            "opening_hours": "08:30-18:00", "kind": "repair", "remote_diagnosis": rng.random() < 0.3,
            "home_visit_radius_km": rng.choice(RADII),
        }
        by_maker: dict[str, list[str]] = defaultdict(list)
        for name in brands:
            by_maker[self.brand_makers[name]].append(name)
        return {maker: {**common, "brands": names, **self._authorization(maker, n)}
                for maker, names in sorted(by_maker.items())}

    def _phones(self, brands: list[str]) -> list[str]:
        keys = [str(self.mobile_base + self.phones_issued)]
        self.phones_issued += 1
        if self.rng.random() < 0.5:
            if self.rng.random() < 0.3:
                keys.append(str(self.service_base + self.phones_issued))
            else:
                keys.append(str(self.mobile_base + self.phones_issued))
            self.phones_issued += 1
        if self.known is not None:
            self.known.extend((key, tuple(brands)) for key in keys)
        return [mobile_display(self.rng, k) if len(k) == 11 else f"{k[:3]}-{k[3:6]}-{k[6:]}"
                for k in keys]

    def _authorization(self, maker: str, n: int) -> dict:
        choices = MAKER_CATEGORIES.get(maker) or list(self.fallback_categories)
        count = min(self.rng.randint(2, 5), len(choices))
        valid_from, valid_to = validity(self.rng)
        return {"categories": self.rng.sample(choices, count), "valid_from": valid_from.isoformat(),
                "valid_to": valid_to.isoformat(), "certificate_no": f"BENCH-{maker[:2]}-{n}",
                "price_list": PRICE_LIST}


def seeded_brand_makers() -> dict[str, str]:
    return {brand[0]: maker for maker, brands in BRANDS.items() for brand in brands}
