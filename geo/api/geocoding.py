"""GET /api/v1/geo/…: offline geocoding against the gazetteer."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from config.api_errors import documents_errors
from config.errors import Conflict, InvalidInput, NotFound
from config.ratelimit import api_limited

from ..geocoder import online_point, place_raw, point_places_raw
from ..rules.address import match_address
from ..rules.codes import full_code
from ..rules.coords import china_location_problem
from ..services.gazetteer_memory import loaded_gazetteer

router = Router(tags=["geo"])
MAX_ADDRESS_CHARS = 200


class AddressNotFound(NotFound):
    code = "address_not_found"
    default_message = gettext_lazy("No division of the gazetteer is named in this address.")


class AmbiguousAddress(Conflict):
    code = "address_ambiguous"
    default_message = gettext_lazy(
        "This address names divisions in several places: add the county or city.")


class PlaceOut(Schema):
    code: str
    name: str
    level: str
    county_code: str | None
    lat: float | None
    lon: float | None
    location_from: str | None


class GeocodeOut(PlaceOut):
    alternatives: list[PlaceOut] = []
    rest: str = ""


class TownshipOut(PlaceOut):
    distance_km: float


class ReverseOut(Schema):
    county: PlaceOut
    county_from: str
    township: TownshipOut | None


GEOCODE_DESCRIPTION = """
The deepest division (province, city, county or township; 12-digit `code`) named in a Chinese
address, offline: "甘肃省武威市凉州区黄羊镇新店村", "凉州区黄羊镇", "古浪大靖". `lat`/`lon` are
WGS-84; a division without a point of its own gets its nearest ancestor's, named by
`location_from`. `rest` is the detail after the names (village, street, number). `within` (a
division code, e.g. 620600) keeps only answers inside that region.

Ambiguous addresses are never guessed: **409** `address_ambiguous` when the name belongs to
several divisions of one level (a township name in two counties, "朝阳区"), with
`data.alternatives` and `data.within`, the deepest division common to all of them (or null).
A short name that is both a county and one of its towns ("古浪") is the county: 200.
When no division is named and `GEOCODER=baidu` is configured, the online geocoder's point
(converted to WGS-84) gives the county it lies in, with `location_from: "online"` and that point.
**404** `address_not_found` when nothing places the address; **422** for an empty or overlong `q`.
"""


def _clean_query(q: str) -> str:
    text = (q or "").strip()
    if not text:
        raise InvalidInput([{"field": "q", "reason": _("Type an address.")}])
    if len(text) > MAX_ADDRESS_CHARS:
        raise InvalidInput([{"field": "q", "reason": _("At most %(n)d characters.") % {
            "n": MAX_ADDRESS_CHARS}}])
    return text


def _region(gazetteer, within: str | None) -> str | None:
    if not within:
        return None
    code = full_code(within.strip())
    if code not in gazetteer.places:
        raise InvalidInput([{"field": "within", "reason": _("Unknown division code.")}])
    return code


@router.get("/geocode", response=GeocodeOut, summary="Address -> division (offline)",
            description=GEOCODE_DESCRIPTION)
@api_limited("geocode")
@documents_errors(404, 409)
def geocode(request, q: str = "", within: str | None = None):
    text, gazetteer = _clean_query(q), loaded_gazetteer()
    match = match_address(gazetteer.addresses, text, within=_region(gazetteer, within))
    if match.ambiguous:
        common = place_raw(gazetteer, match.place) if match.place else None
        raise AmbiguousAddress(
            alternatives=[place_raw(gazetteer, p) for p in match.alternatives], within=common)
    if match.place is None:
        return _online_answer(gazetteer, text, within)
    # Alternatives exist only when ambiguous (409 above): the schema's default [] stands.
    return {**place_raw(gazetteer, match.place), "rest": match.rest}


def _online_answer(gazetteer, text: str, within: str | None) -> dict:
    """The county an online geocoder's point lies in (GEOCODER=baidu), else 404."""
    point = None if within else online_point(text)
    where = gazetteer.locate(*point) if point else None
    if where is None or where.county is None:
        raise AddressNotFound()
    lat, lon = point
    return {**place_raw(gazetteer, where.county), "lat": lat, "lon": lon, "location_from": "online",
            "rest": text}


@router.get("/reverse", response=ReverseOut, summary="WGS-84 point -> county and nearest township",
            description="The county containing the point (`county_from`: `boundary` from the "
                        "county polygons, or `nearest_seat` where no polygon is known) and the "
                        "nearest township of that county that has a point (geodesic `distance_km`"
                        "; null when the gazetteer has no townships there). 422 outside China.")
@api_limited("geocode")
@documents_errors(404)
def reverse(request, lat: float, lon: float):
    problem = china_location_problem(lat, lon)
    if problem:
        raise InvalidInput([{"field": problem[0], "reason": problem[1]}])
    gazetteer = loaded_gazetteer()
    where = gazetteer.locate(lat, lon)
    if where.county is None:
        raise NotFound(_("No county of the gazetteer is known at this point."))
    return point_places_raw(gazetteer, where)
