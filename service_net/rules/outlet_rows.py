"""Validate a manufacturer's batch of outlets (JSON list or CSV rows) into clean records.

Every problem of every row is collected, each naming the row and the field, so a manufacturer
fixes a whole file in one round. JSON and CSV go through the same function: CSV cells arrive as
strings, so lists are split on ';' and numbers and booleans are parsed from text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from geo.rules.coords import COORD_SYSTEMS, WGS84, china_location_problem, to_wgs84

from .phones import PhoneError, normalize_phone
from .uscc import uscc_problem

OUTLET_KINDS = ("repair", "community", "in_store")
REQUIRED = ("external_id", "name", "address", "lat", "lon", "phones", "categories",
            "valid_from", "valid_to")
_LIST_SPLIT = re.compile(r"[;；]")  # free-text entries (touring, prices) may contain commas
_CODE_SPLIT = re.compile(r"[;；,，、/]")  # phones and codes never do


@dataclass(frozen=True)
class RowError:
    index: int
    field: str
    reason: str


@dataclass(frozen=True)
class PriceLine:
    item: str
    covers: str = ""
    price_yuan: Decimal | None = None
    pricing_method: str = ""
    is_visit_fee: bool = False


@dataclass(frozen=True)
class Touring:
    division_code: str
    schedule: str = ""
    visits_per_month: Decimal = Decimal(1)


@dataclass(frozen=True)
class OutletRecord:
    external_id: str
    name: str
    address: str
    lat: float
    lon: float
    phones: tuple[tuple[str, str, str], ...]  # (key, kind, as published)
    categories: tuple[str, ...]
    valid_from: date
    valid_to: date
    brands: tuple[str, ...] = ()
    uscc: str | None = None
    division_code: str | None = None
    certificate_no: str = ""
    opening_hours: str = ""
    kind: str = "repair"
    in_store: bool = True
    home_visit_radius_km: Decimal | None = None
    remote_diagnosis: bool = False
    touring: tuple[Touring, ...] = ()
    price_list: tuple[PriceLine, ...] | None = None  # None: leave the posted list as it is


@dataclass
class Batch:
    records: list[OutletRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class Vocabulary:
    """What the rows may refer to: the registry's codes, passed in by the caller."""

    categories: frozenset[str]
    brands: frozenset[str]  # the manufacturer's own brand names
    division_exists: Callable[[str], bool]


def validate_batch(rows: Iterable[object], vocab: Vocabulary) -> Batch:
    batch = Batch()
    first_index: dict[str, int] = {}
    for index, row in enumerate(rows):
        errors: list[RowError] = []
        record = _validate_row(index, row, vocab, errors)
        if record is not None and record.external_id in first_index:
            errors.append(RowError(index, "external_id", (
                f"duplicate external_id '{record.external_id}' "
                f"(also at index {first_index[record.external_id]})")))
        elif record is not None:
            first_index[record.external_id] = index
        batch.errors.extend(errors)
        if record is not None and not errors:
            batch.records.append(record)
    return batch


class _Row:
    """Field access for one row that records every problem instead of stopping at the first."""

    def __init__(self, index: int, data: dict, errors: list[RowError]):
        self.index, self.data, self.errors = index, data, errors

    def fail(self, name: str, reason: str) -> None:
        self.errors.append(RowError(self.index, name, reason))

    def raw(self, name: str):
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else value

    def present(self, name: str) -> bool:
        return self.raw(name) not in (None, "", [])

    def text(self, name: str, max_len: int, default: str = "") -> str:
        value = self.raw(name)
        if value in (None, ""):
            return default
        value = str(value)
        if len(value) > max_len:
            self.fail(name, f"longer than {max_len} characters")
        return value

    def number(self, name: str) -> float | None:
        value = self.raw(name)
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(name, f"not a number: {value!r}")
            return None
        if number != number or number in (float("inf"), float("-inf")):
            self.fail(name, "not a finite number")
            return None
        return number

    def decimal(self, name: str, value=None) -> Decimal | None:
        value = self.raw(name) if value is None else value
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            self.fail(name, f"not a number: {value!r}")
            return None
        if not result.is_finite() or result < 0:
            self.fail(name, "must be a non-negative number")
            return None
        return result

    def day(self, name: str) -> date | None:
        value = self.raw(name)
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(name, f"not a date (YYYY-MM-DD): {value!r}")
            return None

    def flag(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value in (None, ""):
            return default
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text in {"1", "true", "yes", "y", "是"}:
            return True
        if text in {"0", "false", "no", "n", "否"}:
            return False
        self.fail(name, f"not true/false: {value!r}")
        return default

    def items(self, name: str, separators: re.Pattern = _LIST_SPLIT) -> list:
        value = self.raw(name)
        if value in (None, ""):
            return []
        if isinstance(value, list):
            return [v.strip() if isinstance(v, str) else v for v in value]
        if isinstance(value, str):
            return [part.strip() for part in separators.split(value) if part.strip()]
        self.fail(name, "must be a list")
        return []

    def entries(self, name: str, keys: tuple[str, str], pair_sep: str, shape: str) -> list:
        """A list of objects: JSON, or the CSV shorthand 'a<pair_sep>b;a<pair_sep>b'."""
        value = self.structured(name)
        if value in (None, "", []):
            return []
        if isinstance(value, str):
            return [dict(zip(keys, p.split(pair_sep, 1), strict=False)) for p in self.items(name)]
        if not isinstance(value, list):
            self.fail(name, f"must be a list of {shape}")
            return []
        return value

    def structured(self, name: str):
        """A nested value: JSON in a CSV cell, or already an object/list in JSON."""
        value = self.raw(name)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            try:
                return json.loads(value)
            except json.JSONDecodeError as exc:
                self.fail(name, f"not valid JSON: {exc.msg}")
                return None
        return value


def _validate_row(index: int, data: object, vocab: Vocabulary, errors: list[RowError]):
    if not isinstance(data, dict):
        errors.append(RowError(index, "", "each outlet must be an object"))
        return None
    row = _Row(index, data, errors)
    for name in REQUIRED:
        if not row.present(name):
            row.fail(name, "required")
    if errors:
        return None
    external_id = row.text("external_id", 64)
    location = _location(row)
    phones = _phones(row)
    categories = _categories(row, vocab)
    valid_from, valid_to = row.day("valid_from"), row.day("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        row.fail("valid_to", f"{valid_to} is before valid_from {valid_from}")
    uscc = _uscc(row)
    division_code = _division(row, vocab)
    brands = _brands(row, vocab)
    kind = row.text("kind", 16, "repair")
    if kind not in OUTLET_KINDS:
        row.fail("kind", f"unknown kind '{kind}'; use one of {', '.join(OUTLET_KINDS)}")
    modes = _service_modes(row, vocab)
    price_list = _price_list(row) if "price_list" in data else None
    record_fields = dict(
        external_id=external_id, name=row.text("name", 128), address=row.text("address", 256),
        phones=phones, categories=categories, valid_from=valid_from, valid_to=valid_to,
        brands=brands, uscc=uscc, division_code=division_code,
        certificate_no=row.text("certificate_no", 64), opening_hours=row.text("opening_hours", 128),
        kind=kind, price_list=price_list, **modes,
    )
    if errors or location is None:
        return None
    return OutletRecord(lat=location[0], lon=location[1], **record_fields)


def _location(row: _Row) -> tuple[float, float] | None:
    lat, lon = row.number("lat"), row.number("lon")
    system = row.text("coord_system", 8, WGS84).lower()
    if system not in COORD_SYSTEMS:
        row.fail("coord_system", f"unknown '{system}'; use one of {', '.join(COORD_SYSTEMS)}")
        return None
    if lat is None or lon is None:
        return None
    problem = china_location_problem(lat, lon)
    if problem:
        row.fail(*problem)
        return None
    point = to_wgs84(lat, lon, system)
    return round(point.lat, 7), round(point.lon, 7)


def _phones(row: _Row) -> tuple[tuple[str, str, str], ...]:
    seen: dict[str, tuple[str, str, str]] = {}
    for raw in row.items("phones", _CODE_SPLIT):
        try:
            phone = normalize_phone(str(raw))
        except PhoneError as exc:
            row.fail("phones", str(exc))
            continue
        seen.setdefault(phone.key, (phone.key, phone.kind, str(raw)[:32]))
    if not seen and not any(e.field == "phones" for e in row.errors):
        row.fail("phones", "at least one phone number is required")
    return tuple(seen.values())


def _categories(row: _Row, vocab: Vocabulary) -> tuple[str, ...]:
    codes = [str(c) for c in row.items("categories", _CODE_SPLIT)]
    unknown = [c for c in codes if c not in vocab.categories]
    if unknown:
        row.fail("categories", f"unknown category: {', '.join(unknown)}")
    return tuple(dict.fromkeys(codes))


def _uscc(row: _Row) -> str | None:
    if not row.present("uscc"):
        return None
    code = str(row.raw("uscc")).upper()
    problem = uscc_problem(code)
    if problem:
        row.fail("uscc", f"invalid unified social credit code: {problem}")
    return code


def _division_code(value: str) -> str | None:
    value = str(value)
    if re.fullmatch(r"[0-9]{6}", value):
        return value + "000000"
    if re.fullmatch(r"[0-9]{9}", value):
        return value + "000"
    return value if re.fullmatch(r"[0-9]{12}", value) else None


def _division(row: _Row, vocab: Vocabulary, name: str = "division_code", value=None):
    value = row.raw(name) if value is None else value
    if value in (None, ""):
        return None
    code = _division_code(value)
    if code is None:
        row.fail(name, f"not a division code (6, 9 or 12 digits): {value!r}")
    elif not vocab.division_exists(code):
        row.fail(name, f"unknown division {code}")
    return code


def _brands(row: _Row, vocab: Vocabulary) -> tuple[str, ...]:
    names = [str(b) for b in row.items("brands", _CODE_SPLIT)] or sorted(vocab.brands)
    foreign = [b for b in names if b not in vocab.brands]
    if foreign:
        row.fail("brands", f"not your brand: {', '.join(foreign)}")
    return tuple(dict.fromkeys(names))


def _service_modes(row: _Row, vocab: Vocabulary) -> dict:
    modes = row.structured("service_modes")
    if modes in (None, ""):
        modes = {k: row.data.get(k) for k in
                 ("in_store", "home_visit_radius_km", "remote_diagnosis", "touring")}
    if not isinstance(modes, dict):
        row.fail("service_modes", "must be an object")
        return {}
    sub = _Row(row.index, modes, row.errors)
    radius = sub.decimal("home_visit_radius_km") if sub.present("home_visit_radius_km") else None
    if radius is not None and not Decimal(0) < radius <= Decimal(500):
        sub.fail("home_visit_radius_km", "must be between 0 and 500 km")
    return dict(
        in_store=sub.flag("in_store", True), home_visit_radius_km=radius,
        remote_diagnosis=sub.flag("remote_diagnosis", False), touring=_touring(sub, vocab),
    )


def _touring(row: _Row, vocab: Vocabulary) -> tuple[Touring, ...]:
    # CSV shorthand: "620602101000:每月5日;620602102000"
    value = row.entries("touring", ("division_code", "schedule"), ":",
                        "{division_code, schedule, visits_per_month}")
    stops = []
    for stop in value:
        if not isinstance(stop, dict) or not stop.get("division_code"):
            row.fail("touring", "each stop needs a division_code")
            continue
        code = _division(row, vocab, "touring", stop["division_code"])
        visits = row.decimal("touring", stop.get("visits_per_month", 1))
        if code and visits is not None:
            stops.append(Touring(code, str(stop.get("schedule", ""))[:128], visits))
    return tuple(stops)


def _price_list(row: _Row) -> tuple[PriceLine, ...]:
    # CSV shorthand: "上门费=30;检测费=50"
    value = row.entries("price_list", ("item", "price"), "=",
                        "{item, covers, price, pricing_method}")
    lines = []
    for entry in value:
        if not isinstance(entry, dict) or not str(entry.get("item", "")).strip():
            row.fail("price_list", "each entry needs an item")
            continue
        price = entry.get("price")
        price = None if price in (None, "") else row.decimal("price_list", price)
        method = str(entry.get("pricing_method", "")).strip()
        if price is None and not method:
            row.fail("price_list", f"'{entry['item']}' needs a price or a pricing_method")
            continue
        lines.append(PriceLine(
            item=str(entry["item"]).strip()[:128], covers=str(entry.get("covers", ""))[:256],
            price_yuan=price, pricing_method=method[:256],
            is_visit_fee=bool(entry.get("visit_fee", False)),
        ))
    return tuple(lines)
