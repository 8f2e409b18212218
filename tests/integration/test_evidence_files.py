"""Evidence PDFs without active content, safe names, the size limit, and how files are served."""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path

import pytest
from django.utils import timezone

from complaints.services import Upload, complaint_file, evidence_add
from config.errors import InvalidInput
from tests.integration.abuse_support import pdf, raw_upload
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_PHONE,
    PDF_BYTES,
    draft,
    entitlement_tables,
    evidence_root,
    png_bytes,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


@pytest.fixture
def complaint():
    return complaint_file(draft=draft(), at=timezone.now())


def add(complaint, data: bytes, name: str = "invoice.pdf"):
    return evidence_add(complaint=complaint, upload=Upload(raw_upload(name, data), "invoice"),
                        at=timezone.now())


def object_stream(*objects: bytes, compress=zlib.compress) -> bytes:
    """A /Type /ObjStm stream holding these objects (numbered from 10), compressed."""
    header = b" ".join(b"%d %d" % (10 + i, 0) for i in range(len(objects))) + b" "
    data = compress(header + b" ".join(objects))
    return (b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (len(objects), len(header), len(data)) + data + b"\nendstream")


ACCEPTED = [
    pytest.param(PDF_BYTES, id="minimal"),
    pytest.param(pdf(CATALOG.replace(b">>", b"/OpenAction [3 0 R /Fit] >>"), PAGES, PAGE),
                 id="opens-at-page-one"),
    pytest.param(pdf(CATALOG, PAGES, PAGE, object_stream(b"<< /Type /Font /Subtype /Type1 >>")),
                 id="clean-object-stream"),
]
ACTIVE = [
    pytest.param(pdf(CATALOG.replace(b">>", b"/Names << /JavaScript 4 0 R >> >>"), PAGES, PAGE),
                 id="javascript"),
    pytest.param(pdf(CATALOG, PAGES, PAGE, b"<< /S /JavaScript /JS (app.alert(1)) >>"), id="js"),
    pytest.param(pdf(CATALOG, PAGES, PAGE, b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
                 id="hex-escaped-names"),
    pytest.param(pdf(CATALOG, PAGES, PAGE, b"<< /S /Launch /F (cmd.exe) >>"), id="launch"),
    pytest.param(pdf(CATALOG.replace(b">>", b"/Names << /EmbeddedFiles 4 0 R >> >>"), PAGES,
                     PAGE), id="embedded-files"),
    pytest.param(pdf(CATALOG.replace(b">>", b"/OpenAction << /S /URI /URI (http://x.example) >> >>"),
                     PAGES, PAGE), id="open-action"),
    pytest.param(pdf(CATALOG.replace(b">>", b"/OpenAction 4 0 R >>"), PAGES, PAGE,
                     b"<< /S /URI /URI (http://x.example) >>"), id="open-action-by-reference"),
    pytest.param(pdf(CATALOG, PAGES, PAGE,
                     object_stream(b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")),
                 id="javascript-in-compressed-object-stream"),
]


@pytest.mark.parametrize("data", ACCEPTED)
def test_a_pdf_without_active_content_is_stored_as_uploaded(complaint, data):
    evidence = add(complaint, data)
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert stored_files()[0].read_bytes() == data


@pytest.mark.parametrize("data", ACTIVE)
def test_a_pdf_with_scripts_actions_or_embedded_files_is_refused(settings, complaint, data):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(InvalidInput) as exc:
        add(complaint, data)
    [error] = exc.value.data["errors"]
    assert error["field"] == "file" and "scripts, actions or embedded files" in error["reason"]
    assert stored_files() == [] and complaint.evidence.count() == 0


def test_an_encrypted_pdf_is_refused(settings, complaint):
    settings.LANGUAGE_CODE = "en"
    data = pdf(CATALOG, PAGES, PAGE, b"<< /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >>",
               trailer=b"<< /Root 1 0 R /Encrypt 4 0 R >>")
    with pytest.raises(InvalidInput) as exc:
        add(complaint, data)
    assert "password" in exc.value.data["errors"][0]["reason"]
    assert stored_files() == []


def test_an_object_stream_that_cannot_be_read_is_refused(settings, complaint):
    settings.LANGUAGE_CODE = "en"
    data = pdf(CATALOG, PAGES, PAGE, object_stream(b"<< /S /JavaScript >>",
                                                   compress=lambda raw: b"not deflate" + raw))
    with pytest.raises(InvalidInput) as exc:
        add(complaint, data)
    assert "could not be checked" in exc.value.data["errors"][0]["reason"]


@pytest.mark.parametrize(("given", "shown"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("C:\\Users\\李四\\发票.png", "发票.png"),
    ("a\x00.jpg", "a.jpg"),
    ("evil.php.jpg", "evil.php.jpg"),
    ("invoice\u202egnp.exe", "invoicegnp.exe"),  # a right-to-left override, dropped
    ("line\nbreak\t.png", "line break .png"),
    ("..", "evidence.png"),
    ("  .hidden  ", "hidden"),
    ("长" * 300 + ".png", "长" * 96 + ".png"),
])
def test_the_uploaded_name_is_display_text_only_and_the_stored_name_is_random(
        settings, complaint, given, shown):
    evidence = add(complaint, png_bytes(), given)
    assert evidence.original_name == shown
    assert re.fullmatch(r"[0-9a-f]{32}\.png", evidence.stored_name)
    [path] = stored_files()
    assert Path(path).resolve().is_relative_to(Path(settings.EVIDENCE_ROOT).resolve())
    assert Path(path).name == evidence.stored_name


def test_a_file_over_the_size_limit_is_named_and_nothing_is_stored(client, settings, complaint):
    settings.LANGUAGE_CODE = "en"
    assert client.post("/complaints/track/", {"tracking": complaint.tracking_number,
                                              "phone": CONSUMER_PHONE}).status_code == 302
    too_big = png_bytes() + b"\x00" * settings.EVIDENCE_MAX_BYTES
    response = client.post(f"/complaints/case/{complaint.tracking_number}/information/",
                           {"files": [upload("big.png", too_big)], "kind": "photo"}, follow=True)
    assert "10 MB" in response.content.decode()
    assert stored_files() == [] and complaint.evidence.count() == 0


def _download(client, complaint, evidence):
    assert client.post("/complaints/track/", {"tracking": complaint.tracking_number,
                                              "phone": CONSUMER_PHONE}).status_code == 302
    return client.get(f"/complaints/case/{complaint.tracking_number}/evidence/{evidence.id}/")


def test_an_image_is_served_inline_as_what_it_is_sandboxed(client, complaint):
    evidence = add(complaint, png_bytes(), "evil.php")
    response = _download(client, complaint, evidence)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="evil.php.png"' in response["Content-Disposition"], "saved as what it is"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == png_bytes()


def test_a_pdf_is_only_ever_a_download(client, complaint):
    evidence = add(complaint, PDF_BYTES, "发票.pdf")
    response = _download(client, complaint, evidence)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
