"""Time-based one-time passwords (TOTP, RFC 6238) over HOTP (RFC 4226), as authenticator apps
compute them: HMAC-SHA1, 6 digits, a 30-second step. A code is accepted in the current step and
one step either side (clock drift), and each step at most once (`last_used_step`: no replay).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote, urlencode

PERIOD_SECONDS = 30
DIGITS = 6
WINDOW_STEPS = 1  # ±1 step: a code typed just after it rolled over, or a clock a little off


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226 §5.3: HMAC of the 8-byte counter, dynamic truncation, `digits` decimal digits."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(unix_seconds: float, *, period: int = PERIOD_SECONDS) -> int:
    """RFC 6238 §4.2: T = floor((now - T0) / X) with T0 = 0."""
    return int(unix_seconds // period)


def secret_key(secret_base32: str) -> bytes:
    """The key of a base32 secret as apps show it (any case, spaces, no padding)."""
    text = secret_base32.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def code_matching_step(secret_base32: str, code: str, *, unix_seconds: float,
                       last_used_step: int, window: int = WINDOW_STEPS) -> int | None:
    """The step whose code `code` is, within ±window of now and after `last_used_step`; None when
    it matches no such step (wrong, too old, or already used). Spaces in the code are ignored."""
    typed = code.replace(" ", "").strip()
    if len(typed) != DIGITS or not typed.isdigit():
        return None
    key, now = secret_key(secret_base32), time_step(unix_seconds)
    for step in range(now - window, now + window + 1):
        if step > last_used_step and hmac.compare_digest(hotp(key, step), typed):
            return step
    return None


def provisioning_uri(secret_base32: str, *, account: str, issuer: str) -> str:
    """The otpauth:// URI authenticator apps read from a QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode({"secret": secret_base32, "issuer": issuer, "algorithm": "SHA1",
                       "digits": DIGITS, "period": PERIOD_SECONDS}, quote_via=quote)
    return f"otpauth://totp/{label}?{query}"
