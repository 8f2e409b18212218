"""Shared builders for the fraud tests (issue 6): a registry of three brands, complaints about a
fake 400 number that claims all three, and the jobs that observe them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import REGULATOR_PASSWORD
from tests.factories import make_manufacturer, outlet_row
from tests.integration.filing_support import draft

FAKE_NUMBER = "400-888-1234"
FAKE_KEY = "4008881234"
FAKE_NAME = "品牌甲官方售后服务中心"
FAKE_ADDRESS = "甘肃省武威市凉州区东大街街道某某小区"
BRANDS = ("品牌甲", "品牌乙", "品牌丙")


def registry_load(manufacturer, rows: list[dict]) -> None:
    from service_net.services import outlets_import

    outlets_import(manufacturer=manufacturer, rows=rows, actor="test", at=timezone.now())


@pytest.fixture
def fraud_registry(manufacturer_admin, other_manufacturer):
    """品牌甲: two real outlets in 凉州区 (0935-6600001/2); 品牌乙: one; 品牌丙 (a third maker): none."""
    maker_a, _ = manufacturer_admin
    maker_b, _ = other_manufacturer
    maker_c, key_c = make_manufacturer("测试电器C", ["品牌丙"])
    registry_load(maker_a, [outlet_row(1, name="凉州区品牌甲特约维修站"), outlet_row(2)])
    registry_load(maker_b, [outlet_row(9, phones=["0935-6600009"])])
    return maker_a, maker_b, maker_c


def fake_complaint(brand: str, n: int, **overrides):
    """A complaint whose repair outlet was the fake number, claiming `brand`."""
    from complaints.services import complaint_file

    fields = {"brand": brand, "repair_outlet_name": FAKE_NAME, "repair_outlet_phone": FAKE_NUMBER,
              "repair_outlet_address": FAKE_ADDRESS,
              "repair_outlet_listing": f"百度地图：{brand}官方维修 {n}",
              "respondent_address": "甘肃省武威市凉州区西大街街道南关路8号", **overrides}
    return complaint_file(draft=draft(**fields), at=timezone.now())


def observe(complaint) -> None:
    from complaints.fraud_hook import complaint_fraud_observe_job

    complaint_fraud_observe_job(complaint.pk)


@pytest.fixture
def fake_suspect(fraud_registry, entitlement_tables):
    """Three complaints about one number claiming three brands, each observed by its job."""
    from service_net.models import Suspect

    complaints = [fake_complaint(brand, n) for n, brand in enumerate(BRANDS)]
    for complaint in complaints:
        observe(complaint)
    return Suspect.objects.get(phone_key=FAKE_KEY)


def login(client, profile) -> None:
    assert client.login(username=profile.user.username, password=REGULATOR_PASSWORD)
