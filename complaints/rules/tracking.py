"""Complaint tracking numbers (投诉查询号): random, unguessable, short enough to read over the phone.

Form: "WW" (武威) + 10 Crockford base32 characters, the last of which is a check character:
`WW7K3M9Q2XJD`. Nine random characters carry 45 bits (3.5 × 10^13 numbers), so a number cannot
be guessed, and it opens nothing without the phone number given at filing anyway. Crockford's
alphabet has no I, L, O or U, and reading it back forgives the usual slips: lower case, spaces
and dashes, O for 0, I or L for 1.

The check character is the sum of the nine values with the odd weights 1, 3, … 17, modulo 32.
Odd weights are invertible modulo 32, so every single mistyped character is caught, and a swap of
two neighbours is caught unless their values differ by exactly 16.
"""

from __future__ import annotations

from collections.abc import Callable

PREFIX = "WW"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
RANDOM_CHARS = 9
LENGTH = len(PREFIX) + RANDOM_CHARS + 1
BITS_PER_CHAR = 5
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_SEPARATORS = " -_\u3000"


class TrackingNumberError(ValueError):
    """Not a well-formed tracking number; str() says why."""


def check_char(body: str) -> str:
    """The check character of the nine random characters."""
    total = sum(_VALUE[ch] * (2 * i + 1) for i, ch in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def tracking_number_new(randbits: Callable[[int], int]) -> str:
    """A new tracking number drawn from `randbits` (use `secrets.randbits` in production)."""
    value = randbits(RANDOM_CHARS * BITS_PER_CHAR)
    body = "".join(ALPHABET[(value >> (BITS_PER_CHAR * i)) & 31] for i in range(RANDOM_CHARS))
    return PREFIX + body + check_char(body)


def tracking_number_parse(text: str) -> str:
    """The canonical form of a typed tracking number, or TrackingNumberError.

    Accepts lower case, spaces, dashes, and O/I/L typed for 0/1 (Crockford decoding).
    """
    compact = "".join(ch for ch in (text or "").upper() if ch not in _SEPARATORS)
    if not compact.startswith(PREFIX):
        raise TrackingNumberError("a tracking number starts with WW")
    body = "".join(_READ_AS.get(ch, ch) for ch in compact[len(PREFIX):])
    if len(body) != RANDOM_CHARS + 1:
        raise TrackingNumberError(f"a tracking number has {LENGTH} characters")
    if any(ch not in _VALUE for ch in body):
        raise TrackingNumberError("a tracking number has only digits and letters other than I, L, O, U")
    if check_char(body[:-1]) != body[-1]:
        raise TrackingNumberError("this tracking number has a typing mistake")
    return PREFIX + body


def tracking_number_display(number: str) -> str:
    """Grouped for reading aloud: WW 7K3M9 Q2XJD."""
    return f"{number[:2]} {number[2:7]} {number[7:]}"
