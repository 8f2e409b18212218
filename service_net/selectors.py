"""Reads of the registry: brand resolution, verification and nearest authorized outlets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from config.errors import InvalidInput
from geo.models import Division
from geo.rules.codes import code_prefix, full_code

from .fraud import selectors as fraud_selectors
from .models import (
    Authorization,
    Brand,
    ChangeRecord,
    ExternalRef,
    Outlet,
)
from .presenters import authorization_fact
from .registry_index import RegistryIndex, current_versions, registry_index
from .rules import verdict as rules
from .rules.phones import PhoneError, normalize_phone
from .verify_index import VerifyLookup, catalog

NAME_SEARCH_LIMIT = 20


def brand_resolve(text: str) -> Brand | None:
    """A brand by its name, English name or an alias, case-insensitively (from memory)."""
    text = (text or "").strip()
    if not text:
        return None
    return catalog(current_versions().catalog).brand(text)


def brand_and_category(brand: str | None, category: str | None) -> tuple[Brand | None, str | None]:
    """Resolve the optional public filters, or InvalidInput naming the field."""
    errors, found = [], None
    if brand:
        found = brand_resolve(brand)
        if found is None:
            errors.append({"field": "brand", "reason": f"unknown brand '{brand}'"})
    if category and category not in catalog(current_versions().catalog).categories:
        errors.append({"field": "category", "reason": f"unknown category '{category}'"})
    if errors:
        raise InvalidInput(errors)
    return found, category or None


def cards(queryset: QuerySet[Outlet]) -> list[dict]:
    """The outlets' cards, once each, in the queryset's order."""
    return list(dict(queryset.values_list("id", "card")).values())


@dataclass(frozen=True)
class NearbyOutlet:
    card: dict
    distance_km: float

    @property
    def home_visit_reaches(self) -> bool:
        radius = self.card["service_modes"]["home_visit_radius_km"]
        return radius is not None and self.distance_km <= radius


def nearest_outlets(
    *, lat: float, lon: float, brand: Brand | None, category: str | None, limit: int, today: date,
    index: RegistryIndex | None = None,
) -> list[NearbyOutlet]:
    """Authorized outlets nearest to the point, with their cards (all from memory)."""
    index = index or registry_index()
    hits = index.nearest(lat, lon, brand_id=brand.id if brand else None,
                         category=category, k=limit, today=today)
    found = ((index.lookup.card(h.outlet_id), h.distance_km) for h in hits)
    return [NearbyOutlet(card, distance) for card, distance in found if card is not None]


def query_point(division: str | None, lat, lon) -> tuple[float, float]:
    """Where a search is centred: a division's point, or lat/lon (numbers or their text)."""
    if division:
        found = None if "\x00" in division else (  # PostgreSQL refuses NUL in text: unknown
            Division.objects.filter(code=full_code(division)).first())
        if found is None:
            raise InvalidInput([{"field": "division", "reason": f"unknown division '{division}'"}])
        if not found.has_location:
            raise InvalidInput([{"field": "division",
                                 "reason": f"{found.name} has no known location yet"}])
        return found.lat, found.lon
    if lat in (None, "") or lon in (None, ""):
        raise InvalidInput([{"field": "lat", "reason": "give lat and lon, or division"}])
    try:
        lat, lon = float(lat), float(lon)
    except ValueError as exc:
        raise InvalidInput([{"field": "lat", "reason": "lat and lon must be numbers"}]) from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput([{"field": "lat", "reason": "lat must be -90..90 and lon -180..180"}])
    return lat, lon


@dataclass
class Verification:
    verdict: rules.Verdict
    query: dict
    outlets: list[dict]
    nearby: list[NearbyOutlet] = field(default_factory=list)
    warning: object | None = None  # a standing FraudWarning about the number (issue 6)


def _facts(found: list[dict]) -> list[rules.AuthorizationFact]:
    return [authorization_fact(card["id"], a) for card in found for a in card["authorizations"]]


def _matching_outlets(phone: str | None, certificate: str | None, name: str | None,
                      lookup: VerifyLookup) -> tuple[dict, list[dict]]:
    """The query as understood, and the cards of the outlets it matches (by id; names by name)."""
    if phone:
        try:
            key = normalize_phone(phone).key
        except PhoneError as exc:
            raise InvalidInput([{"field": "phone", "reason": str(exc)}]) from exc
        return {"phone": key}, lookup.cards(lookup.by_phone.get(key, ()))
    if certificate:
        number = certificate.strip()
        return {"certificate": number}, lookup.cards(lookup.by_certificate.get(number, ()))
    if name and len(name.strip()) >= 2:
        found = Outlet.objects.filter(name__icontains=name.strip())
        return {"name": name.strip()}, cards(found.order_by("name")[:NAME_SEARCH_LIMIT])
    raise InvalidInput([{"field": "phone",
                         "reason": "give a phone, a certificate number or at least 2 characters of a name"}])


def verify(
    *, phone: str | None = None, certificate: str | None = None, name: str | None = None,
    brand: Brand | None = None, category: str | None = None, today: date,
    near: tuple[float, float] | None = None, nearby_limit: int = 5,
) -> Verification:
    """Is this number (certificate, name) a real authorized outlet for the brand/category?

    Phone and certificate lookups are answered from memory (registry_index and the standing
    warnings, both checked against their versions); a name search reads the database."""
    versions = current_versions()
    index = registry_index(versions.registry)
    query, outlets = _matching_outlets(phone, certificate, name, index.lookup)
    family = frozenset({brand.id}) if brand else None
    result = rules.decide_verdict(_facts(outlets), outlet_count=len(outlets), today=today,
                                  brand_ids=family, category=category)
    warning = fraud_selectors.standing_warning(query.get("phone", ""), versions.warnings)
    if warning is not None:  # a regulator's published warning outweighs the registry
        result = rules.Verdict(fraud_selectors.WARNED, None, fraud_selectors.WARNED_DETAIL)
    verification = Verification(result, query, outlets, warning=warning)
    if result.verdict != rules.AUTHORIZED:
        point = (near or fraud_selectors.warning_point(warning)
                 or next(((o["lat"], o["lon"]) for o in outlets), None))
        if point is not None:
            verification.nearby = nearest_outlets(lat=point[0], lon=point[1], brand=brand,
                                                  category=category, limit=nearby_limit,
                                                  today=today, index=index)
    return verification


def authorization_card(authorization: Authorization) -> dict:
    card = Outlet.objects.values_list("card", flat=True).get(id=authorization.outlet_id)
    return next(a for a in card["authorizations"] if a["id"] == authorization.id)


def change_history(entity: str, entity_id: int) -> QuerySet[ChangeRecord]:
    return ChangeRecord.objects.filter(entity=entity, entity_id=entity_id).order_by("at", "id")


def manufacturer_outlets(manufacturer, *, external_id=None, category=None, state=None,
                         division=None) -> QuerySet[Outlet]:
    """The manufacturer's own outlets (those it holds an external_id for), filtered."""
    refs = ExternalRef.objects.filter(manufacturer=manufacturer)
    if external_id:
        refs = refs.filter(external_id=external_id)
    qs = Outlet.objects.filter(id__in=refs.values("outlet_id"))
    own = Authorization.objects.filter(brand__manufacturer=manufacturer)
    if category:
        qs = qs.filter(id__in=own.filter(categories=category).values("outlet_id"))
    if state:
        qs = qs.filter(id__in=own.filter(state=state.upper()).values("outlet_id"))
    if division:
        qs = qs.filter(division__code__startswith=code_prefix(full_code(division)))
    return qs.order_by("id")


def own_outlet_rows(manufacturer, outlets: QuerySet[Outlet]) -> list[tuple[dict, str, str | None]]:
    """(card, external_id, credit code) for each outlet of a page, in two queries."""
    rows = list(outlets.values_list("id", "card", "uscc"))
    external = dict(ExternalRef.objects.filter(
        manufacturer=manufacturer, outlet_id__in=[r[0] for r in rows]
    ).values_list("outlet_id", "external_id"))
    return [(card, external.get(oid, ""), uscc) for oid, card, uscc in rows]
