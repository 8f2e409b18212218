"""Reads of the registry: brand resolution, verification and nearest authorized outlets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from config.errors import InvalidInput
from geo.models import Division
from geo.rules.codes import code_prefix, full_code

from .models import (
    Authorization,
    Brand,
    BrandAlias,
    Category,
    ChangeRecord,
    ExternalRef,
    Outlet,
    OutletPhone,
)
from .registry_index import registry_index
from .rules import verdict as rules
from .rules.phones import PhoneError, normalize_phone

NAME_SEARCH_LIMIT = 20


def brand_resolve(text: str) -> Brand | None:
    """A brand by its name, English name or an alias, case-insensitively."""
    text = (text or "").strip()
    if not text:
        return None
    brand = Brand.objects.filter(Q(name=text) | Q(name_en__iexact=text)).first()
    if brand is None:
        alias = BrandAlias.objects.select_related("brand").filter(alias=text.casefold()).first()
        brand = alias.brand if alias else None
    return brand


def brand_and_category(brand: str | None, category: str | None) -> tuple[Brand | None, str | None]:
    """Resolve the optional public filters, or InvalidInput naming the field."""
    errors, found = [], None
    if brand:
        found = brand_resolve(brand)
        if found is None:
            errors.append({"field": "brand", "reason": f"unknown brand '{brand}'"})
    if category and not Category.objects.filter(code=category).exists():
        errors.append({"field": "category", "reason": f"unknown category '{category}'"})
    if errors:
        raise InvalidInput(errors)
    return found, category or None


def outlets_for_display() -> QuerySet[Outlet]:
    return Outlet.objects.select_related("division").prefetch_related(
        "phones", "price_items__manufacturer", "touring_stops__division",
        Prefetch("authorizations", queryset=Authorization.objects.select_related("brand")
                 .prefetch_related("categories").order_by("brand__name")),
    )


@dataclass(frozen=True)
class NearbyOutlet:
    outlet: Outlet
    distance_km: float

    @property
    def home_visit_reaches(self) -> bool:
        radius = self.outlet.home_visit_radius_km
        return radius is not None and self.distance_km <= float(radius)


def nearest_outlets(
    *, lat: float, lon: float, brand: Brand | None, category: str | None, limit: int, today: date
) -> list[NearbyOutlet]:
    hits = registry_index().nearest(lat, lon, brand_id=brand.id if brand else None,
                                    category=category, k=limit, today=today)
    outlets = outlets_for_display().in_bulk([h.outlet_id for h in hits])
    return [NearbyOutlet(outlets[h.outlet_id], h.distance_km) for h in hits if h.outlet_id in outlets]


def division_point(code: str) -> Division:
    division = Division.objects.filter(code=full_code(code)).first()
    if division is None:
        raise InvalidInput([{"field": "division", "reason": f"unknown division '{code}'"}])
    if not division.has_location:
        raise InvalidInput([{"field": "division",
                             "reason": f"{division.name} has no known location yet"}])
    return division


@dataclass
class Verification:
    verdict: rules.Verdict
    query: dict
    outlets: list[Outlet]
    nearby: list[NearbyOutlet] = field(default_factory=list)


def _facts(outlets: list[Outlet]) -> list[rules.AuthorizationFact]:
    return [
        rules.AuthorizationFact(
            outlet_id=o.id, brand_id=a.brand_id,
            categories=frozenset(c.code for c in a.categories.all()), state=a.state,
            valid_from=a.valid_from, valid_to=a.valid_to, state_changed_at=a.state_changed_at)
        for o in outlets for a in o.authorizations.all()
    ]


def _matching_outlets(phone: str | None, certificate: str | None, name: str | None):
    if phone:
        try:
            key = normalize_phone(phone).key
        except PhoneError as exc:
            raise InvalidInput([{"field": "phone", "reason": str(exc)}]) from exc
        ids = OutletPhone.objects.filter(number=key).values("outlet_id")
        return {"phone": key}, outlets_for_display().filter(id__in=ids)
    if certificate:
        ids = Authorization.objects.filter(certificate_no=certificate.strip()).values("outlet_id")
        return {"certificate": certificate.strip()}, outlets_for_display().filter(id__in=ids)
    if name and len(name.strip()) >= 2:
        found = outlets_for_display().filter(name__icontains=name.strip())
        return {"name": name.strip()}, found.order_by("name")[:NAME_SEARCH_LIMIT]
    raise InvalidInput([{"field": "phone",
                         "reason": "give a phone, a certificate number or at least 2 characters of a name"}])


def verify(
    *, phone: str | None = None, certificate: str | None = None, name: str | None = None,
    brand: Brand | None = None, category: str | None = None, today: date,
    near: tuple[float, float] | None = None, nearby_limit: int = 5,
) -> Verification:
    """Is this number (certificate, name) a real authorized outlet for the brand/category?"""
    query, found = _matching_outlets(phone, certificate, name)
    outlets = list(found)
    family = frozenset({brand.id}) if brand else None
    result = rules.decide_verdict(_facts(outlets), outlet_count=len(outlets), today=today,
                                  brand_ids=family, category=category)
    verification = Verification(result, query, outlets)
    if result.verdict != rules.AUTHORIZED:
        point = near or next(((o.lat, o.lon) for o in outlets), None)
        if point is not None:
            verification.nearby = nearest_outlets(lat=point[0], lon=point[1], brand=brand,
                                                  category=category, limit=nearby_limit,
                                                  today=today)
    return verification


def change_history(entity: str, entity_id: int) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(entity=entity, entity_id=entity_id).order_by("at", "id")


def manufacturer_outlets(manufacturer, *, external_id=None, category=None, state=None,
                         division=None) -> QuerySet[Outlet]:
    """The manufacturer's own outlets (those it holds an external_id for), filtered."""
    own_auths = Authorization.objects.filter(brand__manufacturer=manufacturer).select_related(
        "brand").prefetch_related("categories").order_by("brand__name")
    qs = Outlet.objects.filter(external_refs__manufacturer=manufacturer)
    if external_id:
        qs = qs.filter(external_refs__external_id=external_id)
    if category:
        qs = qs.filter(authorizations__brand__manufacturer=manufacturer,
                       authorizations__categories=category)
    if state:
        qs = qs.filter(authorizations__brand__manufacturer=manufacturer,
                       authorizations__state=state.upper())
    if division:
        qs = qs.filter(division__code__startswith=code_prefix(full_code(division)))
    own_refs = ExternalRef.objects.filter(manufacturer=manufacturer)
    return qs.distinct().order_by("id").prefetch_related(
        "phones",
        Prefetch("external_refs", queryset=own_refs, to_attr="own_refs"),
        Prefetch("authorizations", queryset=own_auths, to_attr="own_authorizations"))
