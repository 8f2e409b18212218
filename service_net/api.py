"""HTTP API of the registry: the manufacturer's side (X-API-Key) and the public side."""


import json
from collections.abc import Callable
from datetime import date, datetime
from types import UnionType
from typing import Any, Union, get_args, get_origin

from django.conf import settings
from django.db import connection
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from config.api_errors import documents_errors
from config.api_input import MAX_OFFSET
from config.errors import InvalidInput, NotFound
from config.ratelimit import api_limited

from . import presenters, selectors, services
from .api_auth import ManufacturerKey
from .fraud.services import lookup_observe, lookup_ref
from .models import Authorization, Brand, Category
from .rules.csv_input import CsvError, csv_rows
from .rules.outlet_rows import OutletRecord
from .rules.verdict import AUTHORIZED
from .schemas import (
    BrandOut,
    CategoryOut,
    ChangeOut,
    NearbyOut,
    OwnOutletPage,
    ReasonIn,
    UpsertOut,
    VerifyOut,
)
from .services.keys import SCOPE_OUTLETS_READ, SCOPE_OUTLETS_WRITE

MAX_CSV_BYTES = 64 * 1024 * 1024


# Each operation names its scope; the router's default covers any route added without one.
manufacturer_router = Router(tags=["manufacturer"], auth=ManufacturerKey(SCOPE_OUTLETS_WRITE))
_READ = ManufacturerKey(SCOPE_OUTLETS_READ)
_WRITE = ManufacturerKey(SCOPE_OUTLETS_WRITE)
public_router = Router(tags=["public"])


def _actor(request) -> str:
    return f"manufacturer:{request.auth.id}"


def _today():
    return timezone.localdate()


_OUTLETS_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "array", "items": {"type": "object", "required": [
        "external_id", "name", "address", "lat", "lon", "phones", "categories",
        "valid_from", "valid_to"],
        "description": "Fields: " + ", ".join(OutletRecord.__dataclass_fields__)}}}}}}


@manufacturer_router.put("/outlets", response=UpsertOut, openapi_extra=_OUTLETS_BODY, auth=_WRITE,
                         summary="Bulk upsert outlets by external_id")
def upsert_outlets(request, dry_run: bool = False):
    try:
        rows = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput([{"field": "", "reason": f"body is not JSON: {exc}"}]) from exc
    result = services.outlets_import(manufacturer=request.auth, rows=rows, actor=_actor(request),
                                     at=timezone.now(), dry_run=dry_run)
    return {**result.__dict__, "dry_run": dry_run}


@manufacturer_router.post("/outlets/import", response=UpsertOut, auth=_WRITE,
                          summary="Upsert outlets from a CSV file (UTF-8, UTF-8 BOM or GBK)")
def import_outlets(request, file: UploadedFile = File(...), dry_run: bool = False):
    if file.size > MAX_CSV_BYTES:
        raise InvalidInput([{"field": "file", "reason": "file larger than 64 MB"}])
    try:
        rows = csv_rows(file.read())
    except CsvError as exc:
        raise InvalidInput([{"field": "file", "reason": str(exc)}]) from exc
    result = services.outlets_import(manufacturer=request.auth, rows=rows, actor=_actor(request),
                                     at=timezone.now(), dry_run=dry_run, first_row=2)
    return {**result.__dict__, "dry_run": dry_run}


class OwnOutletFilters(Schema):
    external_id: str | None = None
    category: str | None = None
    state: str | None = None
    division: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@manufacturer_router.get("/outlets", response=OwnOutletPage, auth=_READ)
def list_own_outlets(request, q: Query[OwnOutletFilters]):
    today = _today()
    filters = q.dict(exclude={"limit", "offset"})
    outlets = selectors.manufacturer_outlets(request.auth, **filters)
    brand_ids = set(request.auth.brands.values_list("id", flat=True))
    rows = selectors.own_outlet_rows(request.auth, outlets[q.offset:q.offset + q.limit])
    return {"count": outlets.count(),
            "items": [presenters.own_outlet_dict(card, ext, uscc, brand_ids, today)
                      for card, ext, uscc in rows]}


@manufacturer_router.get("/outlets/{outlet_id}/history", response=list[ChangeOut], auth=_READ)
def outlet_history(request, outlet_id: int):
    if not selectors.manufacturer_outlets(request.auth).filter(id=outlet_id).exists():
        raise NotFound(outlet_id=outlet_id)
    return selectors.change_history("outlet", outlet_id)


@manufacturer_router.get("/authorizations/{authorization_id}/history", response=list[ChangeOut],
                        auth=_READ)
def authorization_history(request, authorization_id: int):
    if not Authorization.objects.filter(id=authorization_id,
                                        brand__manufacturer=request.auth).exists():
        raise NotFound(authorization_id=authorization_id)
    return selectors.change_history("authorization", authorization_id)


def _state_change(action: str):
    def handler(request, authorization_id: int, payload: ReasonIn):
        auth = services.authorization_change_state(
            authorization_id=authorization_id, manufacturer=request.auth, action=action,
            reason=payload.reason, actor=_actor(request), at=timezone.now())
        return presenters.authorization_dict(auth.outlet_id, selectors.authorization_card(auth),
                                             _today())

    handler.__name__ = f"{action}_authorization"
    return handler


for _action in ("suspend", "revoke", "reinstate"):
    manufacturer_router.post(f"/authorizations/{{authorization_id}}/{_action}", auth=_WRITE,
                             summary=f"{_action.title()} an authorization")(
        documents_errors(409)(_state_change(_action)))


class VerifyQuery(Schema):
    phone: str | None = None
    certificate: str | None = None
    name: str | None = None
    brand: str | None = None
    category: str | None = None
    lat: float | None = None
    lon: float | None = None
    division: str | None = None


# --- the verify response without ninja's per-field validation ---------------------------------
# ninja validates a returned dict against the response schema field by field through DjangoGetter
# (~1.5 ms of a verify request). The presenter's dicts are already shaped; `_shaped` builds the
# schema objects directly (model_construct), converting as validation would (int → float,
# ISO text → date/datetime) and dropping keys the schema does not name. ninja then only dumps
# them. tests/integration/test_verify_index.py checks the output equals the validated one.

def _converter(annotation) -> Callable[[Any], Any]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (UnionType, Union):
        inner = _converter(next(a for a in args if a is not type(None)))
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _converter(args[0])
        return lambda v: [item(x) for x in v]
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        fields = [(name, _converter(f.annotation)) for name, f in annotation.model_fields.items()]
        return lambda v: annotation.model_construct(
            **{name: convert(v[name]) for name, convert in fields if name in v})
    if annotation is float:
        return lambda v: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
    if annotation in (date, datetime):
        return lambda v: annotation.fromisoformat(v) if isinstance(v, str) else v
    return lambda v: v  # str, int, bool, dict: as validation leaves them


_verify_out = _converter(VerifyOut)


# Lookup observations this process knows are stored (lookup_ref: number, brand, day). They are
# never deleted, so a repeat lookup skips lookup_observe's SELECT; not inside a transaction (one
# that rolls back would take the row with it).
_OBSERVED_LIMIT = 100_000
_observed: set[str] = set()


def _observe(q: VerifyQuery, result, brand, category) -> None:
    phone_key, at = result.query.get("phone", ""), timezone.now()
    ref = lookup_ref(phone_key, brand.id if brand else None, timezone.localdate(at))
    remember = not connection.in_atomic_block and result.verdict.verdict != AUTHORIZED
    if remember and ref in _observed:
        return
    lookup_observe(verdict=result.verdict.verdict, phone_key=phone_key, phone_raw=q.phone,
                   brand=brand, category=category, division=q.division, at=at)
    if remember and phone_key:
        if len(_observed) >= _OBSERVED_LIMIT:
            _observed.clear()
        _observed.add(ref)


@public_router.get("/outlets/verify", response=VerifyOut, tags=["public"],
                   summary="Is this repair number (certificate, outlet name) really authorized?")
@api_limited("verify")
def verify_outlet(request, q: Query[VerifyQuery]):
    brand, category = selectors.brand_and_category(q.brand, q.category)
    near = None
    if q.division or (q.lat is not None and q.lon is not None):
        near = selectors.query_point(q.division, q.lat, q.lon)
    today = _today()
    result = selectors.verify(phone=q.phone, certificate=q.certificate, name=q.name, brand=brand,
                              category=category, today=today, near=near,
                              nearby_limit=settings.SANBAO_NEARBY_LIMIT)
    _observe(q, result, brand, category)
    return _verify_out(presenters.verification_dict(result, today))


class NearestQuery(Schema):
    lat: float | None = None
    lon: float | None = None
    division: str | None = None
    brand: str | None = None
    category: str | None = None
    limit: int = 5


@public_router.get("/outlets/nearest", response=list[NearbyOut],
                   summary="Authorized outlets nearest to a point or a division")
@api_limited("nearest")
def nearest_outlets(request, q: Query[NearestQuery]):
    lat, lon = selectors.query_point(q.division, q.lat, q.lon)
    if not 1 <= q.limit <= 50:
        raise InvalidInput([{"field": "limit", "reason": "must be between 1 and 50"}])
    brand, category = selectors.brand_and_category(q.brand, q.category)
    today = _today()
    found = selectors.nearest_outlets(lat=lat, lon=lon, brand=brand, category=category,
                                      limit=q.limit, today=today)
    return [presenters.nearby_dict(n, today) for n in found]




@public_router.get("/categories", response=list[CategoryOut])
def list_categories(request):
    return Category.objects.all()


@public_router.get("/brands", response=list[BrandOut])
def list_brands(request):
    return [{"name": b.name, "name_en": b.name_en, "parent": b.parent.name if b.parent else None,
             "aliases": [a.alias for a in b.aliases.all()]}
            for b in Brand.objects.select_related("parent").prefetch_related("aliases")]
