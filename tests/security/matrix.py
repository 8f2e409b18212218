"""The permission matrix's vocabulary: the personas, the outcomes a route may give, one entry.

An entry (`Route`) is one API operation or page (method + path template) with, for each of the
eight personas, the outcome the product's rules call for; how to fill its path parameters, query
and body from the shared world (`Ref`); which personas see the consumer's phone in full in the
answer (`phone`); and optionally a marker that only some personas may see (`reveals`: list
endpoints answer everyone 200, so what they list is the permission).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",               # no session, no key
    "consumer",                # a browser session granted complaint A (tracking number + phone)
    "manufacturer_a",          # brand A's maker: X-API-Key, and a ManufacturerStaff session
    "manufacturer_b",          # brand B's maker: the same for B
    "county_regulator",        # 凉州区 (620602), where complaint A and the suspect are
    "other_county_regulator",  # 民勤县 (620621)
    "city_regulator",          # 武威市 (620600), over both counties
    "admin",                   # a superuser
)
REGULATORS = frozenset({"county_regulator", "other_county_regulator", "city_regulator"})
WITH_JURISDICTION = frozenset({"county_regulator", "city_regulator", "admin"})


@dataclass(frozen=True)
class Redirect:
    """A redirect (301/302/303/307/308) whose Location path starts with `to` (is `to`: exact)."""

    to: str
    name: str
    exact: bool = False

    def __repr__(self) -> str:
        return self.name


LOGIN = Redirect("/accounts/login/", "LOGIN")        # staff pages, not logged in
ADMIN_LOGIN = Redirect("/admin/login/", "ADMIN_LOGIN")  # the back office, not a staff account
ADMIN_INDEX = Redirect("/admin/", "ADMIN_INDEX", exact=True)     # the admin's answer for "no such object"
TRACK = Redirect("/complaints/track/", "TRACK")      # a case page the session may not open
CASE = Redirect("/complaints/case/", "CASE")         # back to the consumer's case page: done
CONSOLE = Redirect("/console/", "CONSOLE")           # the regulator's console (case or queue)
BUSINESS = Redirect("/business/", "BUSINESS")        # the business console (list or case)
SUSPECT = Redirect("/fraud/suspects/", "SUSPECT")    # back to the suspect's page: done
CONFIRMATIONS = Redirect("/manufacturer/confirmations/", "CONFIRMATIONS")
HOME = Redirect("/", "HOME", exact=True)


class _Todo:
    """A blank in a pasted skeleton: the entry fails until it is filled in."""

    def __repr__(self) -> str:
        return "TODO"


TODO: Any = _Todo()
Outcome = int | Redirect


def expect(default: Outcome, **personas: Outcome) -> dict[str, Outcome]:
    """Every persona's outcome: `default`, except the ones named."""
    unknown = set(personas) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas {sorted(unknown)}; known: {PERSONAS}")
    return {p: personas.get(p, default) for p in PERSONAS}


@dataclass(frozen=True)
class Ref:
    """A value of the shared world (an id, a tracking number, a marker text), by name."""

    name: str


Body = Mapping[str, Any] | list | Callable[[Any], Any] | None


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # the template: "/api/v1/business/complaints/{tracking}"
    expect: dict[str, Outcome]
    params: Mapping[str, Any] = field(default_factory=dict)  # path parameter -> Ref or literal
    query: Mapping[str, Any] | None = None
    body: Body = None  # JSON for the API, form fields for pages; a callable gets the world
    multipart: bool = False  # send `body` as multipart form data (files) even to the API
    phone: frozenset[str] = frozenset()  # who sees the consumer's phone in full in the answer
    reveals: tuple[str, frozenset[str]] | None = None  # (Ref name of a text, who sees it)
    xfail: Mapping[str, str] = field(default_factory=dict)  # persona -> why (a known bug)

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def __post_init__(self):
        if set(self.expect) != set(PERSONAS):
            raise ValueError(f"{self.method} {self.path}: expect() every persona")
        for group in (self.phone, self.reveals[1] if self.reveals else frozenset(), self.xfail):
            if set(group) - set(PERSONAS):
                raise ValueError(f"{self.method} {self.path}: unknown persona in {group}")


def route(method: str, path: str, expected: dict[str, Outcome], **fields) -> Route:
    """A Route with frozensets made from any iterable for `phone` and `reveals` (and a pasted
    skeleton's bare TODO standing for every persona's outcome)."""
    if expected is TODO:
        expected = expect(TODO)
    if "phone" in fields:
        fields["phone"] = frozenset(fields["phone"])
    if fields.get("reveals"):
        marker, who = fields["reveals"]
        fields["reveals"] = (marker, frozenset(who))
    return Route(method, path, expected, **fields)
