"""The plain-number path of normalize_phone agrees with phonenumbers' full parse on every form.

`_plain_number` decides most input with phonenumbers' own CN patterns (≈100× cheaper than its
parse); it must give the same key and kind as `_parsed_number`, or decline (None) and leave the
number to the parse. Checked over a seeded sample of every prefix family, typed every way.
"""

from __future__ import annotations

import random

import pytest

from service_net.rules import phones
from service_net.rules.phones import PhoneError, normalize_phone

SEED = 20261129


def _parse(text: str):
    try:
        return phones._parsed_number(text, text)
    except PhoneError:
        return None


def _nationals(rng: random.Random) -> list[str]:
    """Mobiles of every 1xx prefix, landlines of every area-code length, service numbers, and
    digit strings of every length from 7 to 12 (prefix-like starts included)."""
    out = [f"1{rng.randrange(10**10):010d}" for _ in range(3000)]
    out += [f"1{p:02d}{rng.randrange(10**8):08d}" for p in range(100) for _ in range(5)]
    for area in ("10", "20", "21", "22", "931", "935", "951", "755", "851", "433", "898", "978"):
        out += [f"{area}{rng.randrange(10**8):08d}"[: len(area) + rng.choice((7, 8))]
                for _ in range(60)]
    out += [f"{p}{rng.randrange(10**7):07d}" for p in ("400", "800", "950") for _ in range(60)]
    out += [str(rng.randrange(10**(n - 1), 10**n)) for n in range(7, 13) for _ in range(400)]
    return out


def _typed(national: str) -> list[str]:
    return [national, "0" + national, "+86" + national, "+860" + national, "00" + national]


def test_plain_path_agrees_with_full_parse_on_every_form():
    rng = random.Random(SEED)
    decided = disagreements = 0
    for national in _nationals(rng):
        for text in _typed(national):
            plain = phones._plain_number(text)
            if plain is None:
                continue
            decided += 1
            if plain != _parse(text):
                disagreements += 1
                pytest.fail(f"{text!r}: plain {plain} vs parse {_parse(text)}")
    assert disagreements == 0
    assert decided > 5000  # the sample exercises the plain path, not only the fallback


@pytest.mark.parametrize("typed", ["139 1234 5678", "+86 139-1234-5678", "0086 13912345678",
                                   "0935-2212345", "(0935) 221 2345", "9352212345",
                                   "010-6512 3456", "400-800-9999", "800 810 8888"])
def test_usual_forms_take_the_plain_path(typed):
    """The forms consumers and listings use are decided without phonenumbers' parse (this is
    what makes verify fast); each agrees with the parse."""
    text = typed.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
    if text.startswith("0086"):
        text = "+86" + text[4:]
    assert phones._plain_number(text) is not None
    assert phones._plain_number(text) == _parse(text) == normalize_phone(typed)


@pytest.mark.parametrize("national", ["11012345678", "12345678901", "17951234567", "1234567"])
def test_prefix_like_starts_are_left_to_the_full_parse(national):
    assert phones._plain_number(national) is None
