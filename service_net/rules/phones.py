"""One key per phone number, however it was typed.

Consumers and listings write the same number as '+86 935-221 2345', '0935 2212345' or
'9352212345'; a 400 number as '400-800-9999'. The key is the national form with the trunk 0
for landlines ('09352212345'), the 11 digits of a mobile, and the 10 digits of 400/800 numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

MOBILE = "mobile"
LANDLINE = "landline"
SERVICE = "service"  # 400 / 800 numbers

_SERVICE_TYPES = {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.UAN}
_LANDLINE_TYPES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_EXTENSION = re.compile(r"(转|分机|ext\.?|x).*$", re.IGNORECASE)
_ALLOWED = re.compile(r"^\+?[0-9]+$")
MIN_LANDLINE_DIGITS = 10
# Dashes an input method types between digits: hyphen, en dash, minus sign, the katakana long
# vowel mark 'ー' and the character 一 ('0935一2212345'); commas and stops around a pasted number.
_CJK_DASH = re.compile(r"(?<=\d)\s*[\u2010-\u2015\u2212\u30fc~一]\s*(?=\d)")
_EDGE_PUNCTUATION = " \t,;:.。、"


class PhoneError(ValueError):
    """The text is not a usable Chinese phone number; str() says why."""


@dataclass(frozen=True)
class Phone:
    key: str
    kind: str


def normalize_phone(raw: str) -> Phone:
    text = unicodedata.normalize("NFKC", raw or "")
    text = _EXTENSION.sub("", text)
    text = _CJK_DASH.sub("", text.strip(_EDGE_PUNCTUATION))
    text = re.sub(r"[\s\-().·—_/]", "", text)
    if not text:
        raise PhoneError("empty phone number")
    if not _ALLOWED.match(text):
        raise PhoneError(f"'{raw}' has characters that are not digits")
    if text.startswith("0086"):
        text = "+86" + text[4:]
    elif text.startswith("86") and len(text) in (12, 13) and not text.startswith("860"):
        text = "+" + text
    return _plain_number(text) or _parsed_number(text, raw)


def _parsed_number(text: str, raw: str) -> Phone:
    """phonenumbers' full parse: every case, at ~200 µs a call."""
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"'{raw}' is not a phone number") from exc
    if number.country_code != 86:
        raise PhoneError(f"'{raw}' is not a mainland China number (+86)")
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(f"'{raw}' is not a valid number (a landline needs its area code)")
    national = str(number.national_number)
    kind = phonenumbers.number_type(number)
    if kind in _SERVICE_TYPES:
        return Phone(national, SERVICE)
    if kind == PhoneNumberType.MOBILE:
        return Phone(national, MOBILE)
    if kind in _LANDLINE_TYPES:
        # Area code (2-3 digits) + a 7-8 digit local number; shorter means the area code is
        # missing and phonenumbers would read the first digits as some other city's code.
        if len(national) < MIN_LANDLINE_DIGITS:
            raise PhoneError(f"'{raw}' needs its area code, e.g. 0935-2212345")
        return Phone("0" + national, LANDLINE)
    raise PhoneError(f"'{raw}' is not a mobile, landline or 400/800 number")


# The plain cases (most input) decided with phonenumbers' own CN patterns, without its parse.
_CN = phonenumbers.PhoneMetadata.metadata_for_region("CN")


def _matcher(desc) -> Callable[[str], bool]:
    pattern, lengths = re.compile(desc.national_number_pattern), frozenset(desc.possible_length)
    return lambda national: len(national) in lengths and pattern.fullmatch(national) is not None


_IS_FIXED, _IS_MOBILE = _matcher(_CN.fixed_line), _matcher(_CN.mobile)
_IS_SERVICE = (_matcher(_CN.toll_free), _matcher(_CN.shared_cost))
_IS_PREMIUM = _matcher(_CN.premium_rate)
# National numbers whose start phonenumbers may read as a carrier or trunk prefix (its CN
# national_prefix_for_parsing, "(1(?:[12]\d|79)\d\d)|0"): left to the full parse.
_PREFIX_LIKE = ("0", "11", "12", "179")


def _plain_number(text: str) -> Phone | None:
    """The key of a plain mobile, landline or 400/800 number exactly as `_parsed_number` gives
    it (tests compare the two on every form), or None for anything else."""
    if text.startswith("+86"):
        national = text[3:]
    elif text.startswith("0") and not text.startswith("00"):
        national = text[1:]
        if not _IS_FIXED(national):
            return None
    else:
        national = text
    if not national.isdigit() or national.startswith(_PREFIX_LIKE) or _IS_PREMIUM(national):
        return None
    if any(is_service(national) for is_service in _IS_SERVICE):
        return Phone(national, SERVICE)
    if _IS_FIXED(national):
        return Phone("0" + national, LANDLINE) if len(national) >= MIN_LANDLINE_DIGITS else None
    if _IS_MOBILE(national):
        return Phone(national, MOBILE)
    return None


def format_phone(key: str) -> str:
    """A readable form of a key: 0935-2212345, 139 1234 5678, 400-800-9999."""
    if key.startswith("0"):
        area = 3 if key[1] in "12" else 4
        return f"{key[:area]}-{key[area:]}"
    if len(key) == 11:
        return f"{key[:3]} {key[3:7]} {key[7:]}"
    if len(key) == 10:
        return f"{key[:3]}-{key[3:6]}-{key[6:]}"
    return key
