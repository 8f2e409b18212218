"""Public disclosure (公示) of complaint figures per business and per brand (domain.md §4: the
2023 disclosure rules publish counts, mediation success and ODR settlement rates per business).

Only business facts are read and published: business and brand names, categories, dates,
outcomes. Never the consumer's name, phone or address, never the facts or the request, never a
tracking number. A business is named only when the registry identifies it: the manufacturer
that answered in ODR, else the registry outlet complained about; a respondent known only by the
name the consumer typed is counted in the totals, not named (the name is unverified).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from config.errors import InvalidInput
from config.softcache import cache_get, cache_set
from service_net.models import Brand, Category, Manufacturer
from service_net.selectors import brand_resolve

from ..models import Complaint, ComplaintEvent
from .dashboard import category_names
from .due import DueDates
from .facts import rows_of
from .figures import Tally

MAX_MONTHS = 36
CACHE_SECONDS = 300
KEY_FIELDS = ("respondent_manufacturer_id", "respondent_manufacturer__name",
              "respondent_outlet_id", "respondent_outlet__name",
              "brand_id", "brand__name", "brand__manufacturer__name")


@dataclass(frozen=True)
class Filters:
    months: int = 12
    brand: Brand | None = None
    manufacturer: Manufacturer | None = None
    category: Category | None = None


@dataclass
class Group:
    kind: str            # manufacturer | outlet | brand
    name: str
    manufacturer: str = ""
    tally: Tally = field(default_factory=Tally)


@dataclass
class Disclosure:
    filters: Filters
    since: date
    until: date
    total: Tally
    businesses: list[Group]
    brands: list[Group]
    categories: list[tuple[str, str, int]]
    unnamed_business: int
    unnamed_brand: int


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier; the month's last day where it has no such day (民法典
    art. 202)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def filters_parse(*, months: int | None, brand: str | None, manufacturer: str | None,
                  category: str | None) -> Filters:
    """InvalidInput naming each field that is out of range or names nothing known."""
    errors, found = [], {}
    months = 12 if months is None else months
    if not 1 <= months <= MAX_MONTHS:
        errors.append({"field": "months", "reason": str(_("Between 1 and %(n)d.") % {"n": MAX_MONTHS})})
    if (brand or "").strip():
        found["brand"] = brand_resolve(brand)
        if found["brand"] is None:
            errors.append({"field": "brand", "reason": str(_("No such brand."))})
    if (manufacturer or "").strip():
        found["manufacturer"] = Manufacturer.objects.filter(name=manufacturer.strip()).first()
        if found["manufacturer"] is None:
            errors.append({"field": "manufacturer", "reason": str(_("No such manufacturer."))})
    if (category or "").strip():
        found["category"] = Category.objects.filter(code=category.strip()).first()
        if found["category"] is None:
            errors.append({"field": "category", "reason": str(_("No such category."))})
    if errors:
        raise InvalidInput(errors)
    return Filters(months=months, **found)


def disclosure_for(filters: Filters, *, today: date) -> Disclosure:
    """The figures, cached for CACHE_SECONDS per filters, day, language and data version: every
    workflow move writes a ComplaintEvent, so its highest id changes whenever a figure may."""
    version = ComplaintEvent.objects.aggregate(top=Max("id"))["top"]
    parts = (filters.months, _pk(filters.brand), _pk(filters.manufacturer), _pk(filters.category),
             today.isoformat(), get_language(), version)
    key = "disclosure:" + ":".join(str(part) for part in parts)
    report = cache_get(key)
    if report is None:
        report = _disclosure_compute(filters, today=today)
        cache_set(key, report, CACHE_SECONDS)
    return report


def _pk(row) -> object:
    return row.pk if row is not None else None


def _disclosure_compute(filters: Filters, *, today: date) -> Disclosure:
    complaints = Complaint.objects.all()
    if filters.brand:
        complaints = complaints.filter(brand=filters.brand)
    if filters.category:
        complaints = complaints.filter(category=filters.category)
    if filters.manufacturer:
        complaints = complaints.filter(Q(respondent_manufacturer=filters.manufacturer)
                                       | Q(brand__manufacturer=filters.manufacturer))
    since = months_before(today, filters.months) + timedelta(days=1)
    rows = rows_of(complaints, since=since, until=today, key_fields=KEY_FIELDS, due=DueDates())
    total, businesses, brands = Tally(), {}, {}
    unnamed_business = unnamed_brand = 0
    for row in rows:
        total.add(row.facts, today)
        business = _business_of(row.keys, businesses)
        brand = _brand_of(row.keys, brands)
        unnamed_business += business is None
        unnamed_brand += brand is None
        for group in (business, brand):
            if group is not None:
                group.tally.add(row.facts, today)
    names = category_names()
    categories = sorted(((code, names.get(code, code), n) for code, n in total.categories.items()
                         if code), key=lambda c: (-c[2], c[0]))
    return Disclosure(filters, since, today, total, _ranked(businesses), _ranked(brands),
                      categories, unnamed_business, unnamed_brand)


def _business_of(keys: dict, groups: dict) -> Group | None:
    if keys["respondent_manufacturer_id"]:
        key, kind, name = (("m", keys["respondent_manufacturer_id"]), "manufacturer",
                           keys["respondent_manufacturer__name"])
    elif keys["respondent_outlet_id"]:
        key, kind, name = ("o", keys["respondent_outlet_id"]), "outlet", keys["respondent_outlet__name"]
    else:
        return None
    if key not in groups:
        groups[key] = Group(kind, name)
    return groups[key]


def _brand_of(keys: dict, groups: dict) -> Group | None:
    if not keys["brand_id"]:
        return None
    if keys["brand_id"] not in groups:
        groups[keys["brand_id"]] = Group("brand", keys["brand__name"],
                                         keys["brand__manufacturer__name"] or "")
    return groups[keys["brand_id"]]


def _ranked(groups: dict) -> list[Group]:
    return sorted(groups.values(), key=lambda g: (-g.tally.complaints, g.name))

