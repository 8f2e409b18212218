"""Shared helpers of the abuse tests (rate limits, the forms' bot guard, evidence hardening)."""

from __future__ import annotations

from django.test import Client

TIGHT_LIMITS = {"verify": "2/60", "nearest": "2/60", "geocode": "2/60", "filing": "1/3600",
                "tracking": "2/900", "appeal": "1/3600"}


def client_at(address: str, **extra) -> Client:
    """A browser or API client calling from `address` (REMOTE_ADDR)."""
    return Client(REMOTE_ADDR=address, **extra)


def responses_until_429(send, at_most: int = 20) -> list:
    """Call send() until it answers 429 (or at_most times): every response, the last one 429."""
    answers = []
    for _ in range(at_most):
        answers.append(send())
        if answers[-1].status_code == 429:
            break
    return answers


def retry_after(response) -> int:
    value = int(response["Retry-After"])
    assert value >= 1
    return value


def raw_upload(name: str, data: bytes):
    """An upload as a non-Django caller may pass it: the name exactly as given, path and all
    (Django's own upload classes would already cut it to its last part)."""
    import io

    file = io.BytesIO(data)
    file.name = name
    return file


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares width × height pixels (a decompression bomb's header:
    Pillow reads the size before any pixel)."""
    import io
    import struct
    import zlib

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4:ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17:ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr:ihdr + 17])))
    return bytes(data)


def pdf(*objects: bytes, trailer: bytes = b"<< /Root 1 0 R >>") -> bytes:
    """A PDF made of these object bodies (numbered from 1), without a cross-reference table:
    enough for a byte scan, which is what is tested."""
    body = b"%PDF-1.7\n" + b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, o)
                                     for n, o in enumerate(objects, start=1))
    return body + b"trailer\n" + trailer + b"\n%%EOF\n"
