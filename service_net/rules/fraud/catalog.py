"""Every signal code with its weight, plain explanation and basis (issue 6; domain.md §5–§6).

Codes are stable: stored on suspects and read by other systems. Weights add up into the suspect
score (score.py); a regulator, not the score, decides (domain.md §6). Explanations are English
msgids (Chinese in locale/fragments/fraudrules.json); placeholders are filled from the signal's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Signal


def gettext_noop(text: str) -> str:
    """Marks a msgid for makemessages without importing Django (rules stay pure)."""
    return text


PHONE_UNKNOWN = "phone_unknown"
PHONE_INACTIVE_AUTHORIZATION = "phone_inactive_authorization"
PHONE_OTHER_BRANDS_ONLY = "phone_other_brands_only"
NAME_UNKNOWN = "name_unknown"
NAME_IMITATES_BRAND = "name_imitates_brand"
NAME_USES_OFFICIAL_WORDS = "name_uses_official_words"
PHONE_MANY_BRANDS = "phone_many_brands"
CHARGE_ABOVE_POSTED = "charge_above_posted"
FEE_NOT_POSTED = "fee_not_posted"
COMPLAINTS_BURST = "complaints_burst"
ADDRESS_UNRESOLVED = "address_unresolved"
ADDRESS_FAR_FROM_AREA = "address_far_from_area"

_AUTH = "domain.md §6: matches no active authorization of the claimed brand"
_IMITATION = "domain.md §6: names imitating a brand or 官方/授权/指定/售后中心 without an authorization"
_PRICES = "明码标价 (SAMR Order 56, 2022), domain.md §5"


@dataclass(frozen=True)
class SignalSpec:
    code: str
    weight: int
    explanation: str
    basis: str


CATALOG: dict[str, SignalSpec] = {spec.code: spec for spec in (
    SignalSpec(PHONE_UNKNOWN, 30, gettext_noop(
        "The number %(phone)s is in no registered outlet's listing."), _AUTH + " (unknown)"),
    SignalSpec(PHONE_INACTIVE_AUTHORIZATION, 35, gettext_noop(
        "The number %(phone)s belongs to an outlet whose authorization for %(brand)s is %(status)s."),
        _AUTH + " (expired, suspended or revoked)"),
    SignalSpec(PHONE_OTHER_BRANDS_ONLY, 20, gettext_noop(
        "The number %(phone)s belongs to an outlet that is not authorized for %(brand)s."),
        _AUTH + " (authorized only for other brands)"),
    SignalSpec(NAME_UNKNOWN, 10, gettext_noop(
        "No registered outlet has a name like “%(name)s”."), _AUTH + " (name)"),
    SignalSpec(NAME_IMITATES_BRAND, 30, gettext_noop(
        "The name “%(text)s” uses the brand %(brand)s (%(how_text)s) without an authorization for it."),
        _IMITATION),
    SignalSpec(NAME_USES_OFFICIAL_WORDS, 25, gettext_noop(
        "The name “%(text)s” says %(words)s without a matching authorization."), _IMITATION),
    SignalSpec(PHONE_MANY_BRANDS, 35, gettext_noop(
        "The number %(phone)s was given as the service line of %(count)s unrelated brands: %(brands)s."),
        "domain.md §6: one phone number claimed for several unrelated brands"),
    SignalSpec(CHARGE_ABOVE_POSTED, 25, gettext_noop(
        "Charged %(amount)s yuan for %(item)s; the posted price is %(posted)s yuan."),
        _PRICES + "; 消法 art. 55 (3× the price paid, at least 500 yuan, for fraud)"),
    SignalSpec(FEE_NOT_POSTED, 20, gettext_noop(
        "Charged %(amount)s yuan for %(item)s, a fee the outlet never posted."),
        _PRICES + ": no fee that was not posted"),
    SignalSpec(COMPLAINTS_BURST, 25, gettext_noop(
        "%(count)s complaints against this number within %(days)s days."),
        "domain.md §6: many complaints against the same number in a short time"),
    SignalSpec(ADDRESS_UNRESOLVED, 10, gettext_noop(
        "The address “%(address)s” matches no place in the gazetteer."),
        "domain.md §6: an address that does not exist"),
    SignalSpec(ADDRESS_FAR_FROM_AREA, 15, gettext_noop(
        "The address lies %(distance_km)s km from the area served (%(limit_km)s km)."),
        "domain.md §6: an address far from the claimed area"),
)}


# How a name used a brand (names.py), as shown in name_imitates_brand.
HOW_TEXT = {
    "name": gettext_noop("the brand's own name"),
    "alias": gettext_noop("another name of the brand"),
    "similar_characters": gettext_noop("look-alike characters"),
    "pinyin": gettext_noop("characters that sound the same"),
    "spelling": gettext_noop("a near spelling"),
}
# Data values that are msgids themselves (statuses are in the catalogue already).
TRANSLATED_KEYS = ("how_text", "status")

# A second wording where one code has two grounds.
FAR_FROM_CONSUMER = gettext_noop(
    "The address is in %(address_division)s, outside the city where the consumer lives "
    "(%(consumer_county)s), for an outlet the registry does not know.")


def make_signal(code: str, explanation: str | None = None, **data: object) -> Signal:
    """A signal of a catalogued code; `data` is the evidence and fills the explanation."""
    spec = CATALOG[code]
    return Signal(code, spec.weight, explanation or spec.explanation, spec.basis, dict(data))


def render_explanation(signal: Signal, translate=gettext_noop) -> str:
    """The explanation with its placeholders filled; `translate` is e.g. django's gettext."""
    text = translate(signal.explanation)
    data = {k: translate(v) if k in TRANSLATED_KEYS and isinstance(v, str) else v
            for k, v in signal.data.items()}
    try:
        return text % _Defaulting(data)
    except (TypeError, ValueError):
        return text


class _Defaulting(dict):
    """A missing placeholder renders as '?' rather than failing a page."""

    def __init__(self, data: Mapping[str, object]):
        super().__init__({k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v
                          for k, v in data.items()})

    def __missing__(self, key: str) -> str:
        return "?"
