"""What is kept of an uploaded evidence file: images re-encoded clean, PDFs without active content.

Images (JPEG, PNG, WebP; a GIF's first frame) are decoded and encoded again by Pillow, keeping the
format: what is stored is pixels only — no EXIF (a phone's GPS position, its serial number), no
XMP, no ICC profile, no comments, nothing appended after the image (HTML or script of a polyglot).
The EXIF orientation is applied first, so a photo stays upright. Images of more than MAX_PIXELS
are refused before they are decoded (a small file can declare a huge canvas: a decompression bomb).

PDFs are kept as uploaded after a byte scan: one naming JavaScript, a launch or submit action,
embedded files, rich media or an XFA form, an open action other than "show this page", or
encryption, is refused. The scan reads names as PDF writes them (`/J#61vaScript` is
`/JavaScript`) and also inside compressed object streams, where a PDF 1.5 file can keep its
dictionaries; it does not interpret the document. It is a filter for active content, not a
sanitizer: PDFs are only ever downloaded (Content-Disposition: attachment), never shown inline.
"""

from __future__ import annotations

import io
import re
import zlib

from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from config.errors import InvalidInput

MAX_PIXELS = 50_000_000  # a 50-megapixel phone photo (8160 × 6120); ~150 MB decoded
QUALITY = 90

# content type → Pillow format, and the modes it can store as they are
_FORMATS = {
    "image/jpeg": ("JPEG", {"L", "RGB", "CMYK"}),
    "image/png": ("PNG", None),
    "image/webp": ("WEBP", None),
    "image/gif": ("GIF", None),
}
_OPTIONS = {"JPEG": {"quality": QUALITY}, "WEBP": {"quality": QUALITY}}


def _refused(reason: str) -> InvalidInput:
    return InvalidInput([{"field": "file", "reason": reason}])


def too_many_pixels() -> InvalidInput:
    return _refused(_("The image is too large: at most %(n)d megapixels.") % {
        "n": MAX_PIXELS // 1_000_000})


def pixels_check(size: tuple[int, int]) -> None:
    """InvalidInput when an image declares more than MAX_PIXELS (checked before decoding)."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise too_many_pixels()


def image_reencoded(data: bytes, content_type: str) -> bytes:
    """The image's pixels (first frame, upright) encoded again in its own format, no metadata."""
    pillow_format, modes = _FORMATS[content_type]
    try:
        with Image.open(io.BytesIO(data)) as source:
            pixels_check(source.size)
            source.seek(0)
            image = ImageOps.exif_transpose(source)
        # Pillow's encoders copy some metadata from .info (comments, ICC, GIF extensions):
        # keep only what the pixels need.
        image.info = {k: v for k, v in image.info.items() if k == "transparency"}
        if modes is not None and image.mode not in modes:
            image = image.convert("RGB")
            image.info = {}
        out = io.BytesIO()
        image.save(out, format=pillow_format, **_OPTIONS.get(pillow_format, {}))
    except InvalidInput:
        raise
    except Image.DecompressionBombError as exc:
        raise too_many_pixels() from exc
    except Exception as exc:  # Pillow raises many kinds on a damaged file (OSError, ValueError…)
        raise _refused(_("This image could not be read. Please take the photo again.")) from exc
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------

# Names whose presence refuses a PDF: scripts, actions that run or send something, files inside.
ACTIVE_NAMES = frozenset({
    "JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA",
    "SubmitForm", "ImportData", "GoToE", "GoToR",
})
_NAME = re.compile(rb"/([^\s()<>\[\]{}/%]*)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_OPEN_ACTION = re.compile(rb"/OpenAction\s*(\S)")
_STREAM = re.compile(rb"stream\r?\n")
OBJECT_STREAM_BUDGET = 32 * 1024 * 1024  # bytes inflated from object streams, in all


def _names(data: bytes) -> set[str]:
    return {_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")
            for raw in _NAME.findall(data)}


def _object_streams(data: bytes) -> list[bytes]:
    """The inflated content of every stream whose dictionary names ObjStm (PDF 1.5 object
    streams, where a file may keep its dictionaries compressed)."""
    found, budget, after_last = [], OBJECT_STREAM_BUDGET, 0
    for match in _STREAM.finditer(data):
        if match.start() < after_last:
            continue  # the keyword inside a stream's own bytes
        head = data[max(after_last, match.start() - 4096):match.start()]
        end = data.find(b"endstream", match.end())
        after_last = len(data) if end < 0 else end + len(b"endstream")
        if "ObjStm" not in _names(head):
            continue
        inflater = zlib.decompressobj()
        try:
            body = inflater.decompress(data[match.end():after_last], budget + 1)
        except zlib.error:
            body = None
        if body is None or len(body) > budget or not inflater.eof:
            raise _refused(_("This PDF could not be checked. Please upload a photo of the "
                             "document instead."))
        budget -= len(body)
        found.append(body)
    return found


def pdf_refusal(data: bytes) -> InvalidInput | None:
    """InvalidInput for an encrypted PDF or one with active content (see the module), else None."""
    parts = [data, *_object_streams(data)]
    names = set().union(*(_names(part) for part in parts))
    if "Encrypt" in names:
        return _refused(_("Encrypted (password-protected) PDF files cannot be accepted. Please "
                          "upload the document without a password."))
    opens_with_action = any(m.group(1) != b"[" for part in parts
                            for m in _OPEN_ACTION.finditer(_HEX_ESCAPE.sub(
                                lambda m: bytes([int(m.group(1), 16)]), part)))
    if names & ACTIVE_NAMES or opens_with_action:
        return _refused(_("This PDF contains scripts, actions or embedded files and cannot be "
                          "accepted. Please print it to a new PDF or upload a photo of it."))
    return None
