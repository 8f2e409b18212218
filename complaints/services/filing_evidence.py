"""Evidence files of a complaint: checked by content, stored outside the web root, never orphaned.

The issue: images and PDF only, judged by their bytes and not by the name a phone gave them;
at most settings.EVIDENCE_MAX_BYTES each and settings.EVIDENCE_MAX_FILES per complaint. Images are
stored re-encoded without metadata, PDFs only without active content (evidence_content.py). A
file is written under a random name with the extension of what it is (temp file + rename, so no
reader sees half a file) and removed again when the service that wrote it fails and its
transaction rolls back. The name the consumer's device gave is kept as display text only.
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import os
import secrets
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from config.errors import InvalidInput

from .evidence_content import image_reencoded, pdf_refusal, pixels_check, too_many_pixels

CHUNK = 64 * 1024
DISPLAY_NAME_MAX = 100


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


# Magic bytes (file signatures) of what we accept; Pillow must then agree and verify the image.
_SIGNATURES = (
    (b"\xff\xd8\xff", Sniffed("image/jpeg", ".jpg"), "JPEG"),
    (b"\x89PNG\r\n\x1a\n", Sniffed("image/png", ".png"), "PNG"),
    (b"GIF87a", Sniffed("image/gif", ".gif"), "GIF"),
    (b"GIF89a", Sniffed("image/gif", ".gif"), "GIF"),
    (b"%PDF-", Sniffed("application/pdf", ".pdf"), None),
)
_WEBP = (Sniffed("image/webp", ".webp"), "WEBP")


def sniff(data: bytes) -> Sniffed | None:
    """What the bytes are (JPEG, PNG, WebP, GIF or PDF), or None for anything else."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _image_if_valid(data, *_WEBP)
    for magic, sniffed, pillow_format in _SIGNATURES:
        if data.startswith(magic):
            return sniffed if pillow_format is None else _image_if_valid(data, sniffed,
                                                                          pillow_format)
    return None


def _image_if_valid(data: bytes, sniffed: Sniffed, pillow_format: str) -> Sniffed | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != pillow_format:
                return None
            pixels_check(image.size)
            image.verify()
    except InvalidInput:
        raise
    except Image.DecompressionBombError as exc:
        raise too_many_pixels() from exc
    except Exception:  # Pillow raises many kinds (SyntaxError, OSError…)
        return None
    return sniffed


def read_limited(upload, limit: int) -> bytes:
    """The upload's bytes, or InvalidInput when it is empty or larger than `limit`."""
    buffer = io.BytesIO()
    for chunk in upload.chunks(CHUNK) if hasattr(upload, "chunks") else iter(
            lambda: upload.read(CHUNK), b""):
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise InvalidInput([{"field": "file", "reason": _(
                "The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}}])
    if buffer.tell() == 0:
        raise InvalidInput([{"field": "file", "reason": _("The file is empty.")}])
    return buffer.getvalue()


def sniffed_or_refused(data: bytes) -> Sniffed:
    found = sniff(data)
    if found is None:
        raise InvalidInput([{"field": "file", "reason": _(
            "Only photos (JPEG, PNG, WebP, GIF) and PDF files can be uploaded.")}])
    return found


@dataclass(frozen=True)
class Prepared:
    """What is stored of one upload: its bytes (images re-encoded), what they are, and the
    name to show."""

    data: bytes
    sniffed: Sniffed
    display_name: str


def evidence_prepare(upload_file, *, limit: int) -> Prepared:
    """Read (at most `limit` bytes), judge by content, clean: InvalidInput on `file` for an empty,
    oversized, unknown, unreadable, too-many-pixel image or an active or encrypted PDF."""
    data = read_limited(upload_file, limit)
    sniffed = sniffed_or_refused(data)
    if sniffed.content_type == "application/pdf":
        if (refusal := pdf_refusal(data)) is not None:
            raise refusal
    else:
        data = image_reencoded(data, sniffed.content_type)
    return Prepared(data, sniffed, display_name(getattr(upload_file, "name", ""), sniffed))


def display_name(raw: object, sniffed: Sniffed) -> str:
    """The uploaded file's name as text to show: its last path part, without control or
    formatting characters (a right-to-left override can make `exe.jpg` read `gpj.exe`), dots and
    spaces trimmed, at most DISPLAY_NAME_MAX characters (the extension kept); "evidence.jpg"
    when nothing is left."""
    name = unicodedata.normalize("NFC", str(raw or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if ch.isspace() else ch for ch in name
                   if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"})
    name = " ".join(name.split()).strip(". ")
    if len(name) > DISPLAY_NAME_MAX:
        stem, dot, extension = name.rpartition(".")
        keep = f"{dot}{extension}" if dot and len(extension) <= 10 else ""
        name = (stem if keep else name)[:DISPLAY_NAME_MAX - len(keep)].rstrip(". ") + keep
    return name or f"evidence{sniffed.extension}"


_EXTENSIONS = {".jpg": (".jpg", ".jpeg", ".jfif"), ".png": (".png",), ".gif": (".gif",),
               ".webp": (".webp",), ".pdf": (".pdf",)}


def download_name(original_name: str, extension: str) -> str:
    """The name a download is saved under: the display name, ending in what the file is."""
    if original_name.lower().endswith(_EXTENSIONS.get(extension, (extension,))):
        return original_name
    return f"{original_name}{extension}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def evidence_path(stored_name: str) -> Path:
    return Path(settings.EVIDENCE_ROOT) / stored_name[:2] / stored_name


def new_stored_name(extension: str) -> str:
    return secrets.token_hex(16) + extension


# Files written by the service call in progress, removed if it fails (its transaction rolls back).
_written: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar(
    "evidence_written", default=None)


def file_write_atomically(stored_name: str, data: bytes) -> Path:
    """Write to a temp file in the target directory, fsync, rename: readers never see a part."""
    final = evidence_path(stored_name)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=final.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, final)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    written = _written.get()
    if written is not None:
        written.append(final)
    return final


def removes_written_files_on_error(service: Callable) -> Callable:
    """Around an atomic service: when it raises (and so rolls back), delete the files it wrote.

    Nested calls leave the clean-up to the outermost one. Put it outside @transaction.atomic so
    the rows are gone before the files are.
    """

    @wraps(service)
    def wrapper(*args, **kwargs):
        if _written.get() is not None:
            return service(*args, **kwargs)
        token = _written.set([])
        try:
            return service(*args, **kwargs)
        except BaseException:
            for path in _written.get():
                path.unlink(missing_ok=True)
            raise
        finally:
            _written.reset(token)

    return wrapper
