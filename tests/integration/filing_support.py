"""Shared builders for the complaint filing tests: drafts, real image/PDF bytes, fixtures."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CONSUMER_PHONE = "13893512345"
CONSUMER_NAME = "张小三"
LIANGZHOU, MINQIN, GULANG = "620602000000", "620621000000", "620622000000"


def png_bytes(size: tuple[int, int] = (8, 8), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 20)).save(out, "JPEG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PHP_BYTES = b"<?php system($_GET['c']); ?>\n"


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    """As a phone sends it: the browser's content type and name say nothing about the bytes."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def draft(**overrides):
    """A complete draft: a fridge bought 10 days ago in 民勤县 (exchange window), the consumer in 凉州区."""
    from complaints.services.filing_draft import ComplaintDraft

    today = date.today()
    base = ComplaintDraft(
        consumer_name=CONSUMER_NAME, consumer_phone="138 9351 2345",
        consumer_address="甘肃省武威市凉州区东大街街道文庙路12号", brand="品牌甲",
        category="refrigerator", product_model="BCD-218", channel="in_store",
        purchase_date=today - timedelta(days=10), proof="invoice",
        fault_date=today - timedelta(days=3), fault_part="whole_unit",
        respondent_name="民勤县某某家电商场", respondent_address="甘肃省武威市民勤县城关镇东街8号",
        respondent_phone="0935-4123456", facts="冰箱买了二十天就不制冷，商场不给换。",
        request="更换同型号冰箱")
    return dataclasses.replace(base, **overrides)


@pytest.fixture
def entitlement_tables(gazetteer):
    from complaints.services.entitlements import entitlement_tables_seed

    entitlement_tables_seed()


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


def stored_files() -> list:
    """Every file under EVIDENCE_ROOT (the test's own directory)."""
    from django.conf import settings

    root = settings.EVIDENCE_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
