"""Evidence images are stored re-encoded: no EXIF (GPS), XMP, ICC or comments, nothing appended."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.utils import timezone
from PIL import ExifTags, Image, PngImagePlugin

from complaints.services import Upload, complaint_file, evidence_add
from complaints.services.filing_evidence import evidence_path
from config.errors import InvalidInput
from tests.integration.abuse_support import png_declaring, raw_upload
from tests.integration.filing_support import (  # noqa: F401
    draft,
    entitlement_tables,
    evidence_root,
    stored_files,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
GPS_LATITUDE = (37.0, 55.0, 48.0)  # 凉州区


def add(data: bytes, name: str = "photo.jpg"):
    complaint = complaint_file(draft=draft(), at=timezone.now())
    return evidence_add(complaint=complaint, upload=Upload(raw_upload(name, data), "photo"),
                        at=timezone.now())


def refused_reason(data: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(InvalidInput) as exc:
        add(data, name)
    [error] = exc.value.data["errors"]
    assert error["field"] == "file"
    assert stored_files() == []
    return error["reason"]


def stored(evidence) -> bytes:
    return evidence_path(evidence.stored_name).read_bytes()


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = GPS_LATITUDE
    return exif


def photo_with_everything(fmt: str = "JPEG", orientation: int = 6) -> bytes:
    """A 64 × 48 photo with GPS in EXIF, an orientation, XMP, an ICC profile and a comment."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, 16, 48))  # a blue band on the left, to see the rotation
    out = io.BytesIO()
    extra = {"comment": b"secret comment"} if fmt == "JPEG" else {}
    image.save(out, fmt, exif=exif_with_gps(orientation).tobytes(), icc_profile=b"icc-profile-bytes",
               xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>GPS 37.93</x:xmpmeta>", **extra)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the upload carries GPS"
        assert original.info.get("icc_profile") == b"icc-profile-bytes"
    assert b"PhoneMaker" in data
    return data


@pytest.mark.parametrize(("fmt", "content_type"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp"),
                                                    ("PNG", "image/png")])
def test_a_photo_comes_back_without_exif_gps_xmp_icc_or_comment(fmt, content_type):
    evidence = add(photo_with_everything(fmt), f"photo.{fmt.lower()}")
    data = stored(evidence)
    assert evidence.content_type == content_type
    assert evidence.sha256 == hashlib.sha256(data).hexdigest() and evidence.size_bytes == len(data)
    for trace in (b"Exif", b"PhoneMaker", b"icc-profile-bytes", b"xmpmeta", b"secret comment"):
        assert trace not in data, trace
    assert b"GPS 37.93" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert len(image.getexif()) == 0
        assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)


def test_the_orientation_is_applied_before_it_is_dropped():
    evidence = add(photo_with_everything("JPEG", orientation=6))  # "rotate 90° clockwise to view"
    with Image.open(io.BytesIO(stored(evidence))) as image:
        assert image.size == (48, 64), "stored upright"
        red, green, blue = image.convert("RGB").getpixel((24, 4))
        assert blue > 150 and red < 100, "the left band is now on top"


def test_png_text_chunks_are_dropped_and_transparency_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "37.93,102.64")
    image = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    data = stored(add(out.getvalue(), "screenshot.png"))
    assert b"Location" not in data and b"102.64" not in data
    with Image.open(io.BytesIO(data)) as clean:
        assert clean.mode == "RGBA" and clean.getpixel((0, 0))[3] == 0


def test_html_appended_to_a_real_jpeg_is_cut_off():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 10)).save(out, "JPEG")
    payload = b"<html><script>alert(document.cookie)</script></html>"
    data = stored(add(out.getvalue() + payload, "invoice.jpg"))
    assert b"<script" not in data and b"alert" not in data
    assert data.startswith(b"\xff\xd8\xff") and data.endswith(b"\xff\xd9")


def test_a_gif_with_a_script_in_its_comment_keeps_only_the_first_frames_pixels():
    frames = [Image.new("P", (8, 8), 1), Image.new("P", (8, 8), 2)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 0, 255] + [0] * 759)
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:],
                   comment=b"<script>alert(1)</script>", duration=100, loop=0)
    data = stored(add(out.getvalue(), "repair.gif"))
    assert b"<script" not in data
    with Image.open(io.BytesIO(data)) as clean:
        assert getattr(clean, "n_frames", 1) == 1
        assert clean.convert("RGB").getpixel((0, 0)) == (255, 0, 0), "the first frame"


@pytest.mark.parametrize("data", [
    pytest.param(b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>", id="jpeg-header-html"),
    pytest.param(b"GIF89a=alert(document.domain)//;", id="gif-header-javascript"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", id="svg"),
])
def test_a_polyglot_that_is_no_real_image_is_refused(data):
    assert refused_reason(data, "photo.jpg")


@pytest.mark.parametrize(("width", "height"), [
    pytest.param(9000, 9000, id="81-megapixels"),
    pytest.param(30000, 30000, id="900-megapixels-pillow-bomb"),
])
def test_a_decompression_bomb_is_refused_with_a_clear_message(settings, width, height):
    settings.LANGUAGE_CODE = "en"
    reason = refused_reason(png_declaring(width, height), "small.png")
    assert "megapixels" in reason and "50" in reason


def test_an_image_that_cannot_be_decoded_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(out, "PNG")
    truncated = out.getvalue()[:60]
    assert refused_reason(truncated, "cut.png")
