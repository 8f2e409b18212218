"""The filing page without JavaScript: find the outlet in the registry, check, submit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint
from tests.integration.filing_support import (  # noqa: F401
    PHP_BYTES,
    entitlement_tables,
    evidence_root,
    png_bytes,
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
URL = "/complaints/file/"


@pytest.fixture
def registry_outlet(api, manufacturer_admin, row):
    from service_net.models import Outlet

    _, key = manufacturer_admin
    api.put("/api/v1/manufacturer/outlets", [row(
        7, name="古浪县品牌甲维修站", address="武威市古浪县古浪镇北街3号", division_code="620622000000",
        phones=["0935-6612345"])], key=key)
    return Outlet.objects.get(name="古浪县品牌甲维修站")


def form(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "brand": "品牌甲", "category": "refrigerator", "channel": "in_store",
        "purchase_date": (today - timedelta(days=10)).isoformat(), "proof": "invoice",
        "fault_date": (today - timedelta(days=2)).isoformat(), "fault_part": "compressor",
        "respondent_name": "民勤县某某家电商场", "respondent_address": "甘肃省武威市民勤县城关镇东街8号",
        "facts": "冰箱买了十天压缩机就坏了，商场不给换。", "request": "换同型号冰箱",
        "consumer_name": "王五", "consumer_phone": "13912345678",
        "consumer_address": "甘肃省武威市凉州区东大街街道文庙路12号", "report_real_name": "no",
    }
    data.update(overrides)
    return data


def test_the_outlet_is_found_by_its_phone_with_the_registrys_verdict(client, registry_outlet):
    page = client.post(URL, form(action="find_outlet", outlet_query="0935 661 2345"))
    html = page.content.decode()
    assert f'data-outlet-id="{registry_outlet.id}"' in html
    assert 'name="respondent_outlet_id"' in html
    assert '<p class="ok">' in html, "the registry says: authorized"


def test_an_unknown_number_is_flagged_as_not_registered(client, registry_outlet):
    html = client.post(URL, form(action="find_outlet", outlet_query="400-123-4567")).content.decode()
    assert 'class="warn"' in html and "data-outlet-id" not in html


def test_the_check_shows_the_assessment_and_the_checklist(client):
    html = client.post(URL, form(action="check", request="")).content.decode()
    assert 'data-remedy="exchange"' in html, "day 8 fault, claimed on day 10: exchange"
    assert 'data-remedy="return"' not in html
    assert '<li class="missing" data-field="request">' in html
    assert '<li class="ok" data-field="facts">' in html
    assert Complaint.objects.count() == 0


def test_choosing_the_registry_outlet_files_against_it(client, registry_outlet):
    response = client.post(URL, form(action="submit", respondent_outlet_id=registry_outlet.id,
                                     respondent_name="", respondent_address="",
                                     evidence_invoice=upload("发票.png", png_bytes())))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/case/{complaint.tracking_number}/"
    assert (complaint.respondent_outlet_id, complaint.jurisdiction_id) == (
        registry_outlet.id, "620622000000")
    assert complaint.evidence.get().kind == "invoice"
    first = client.get(response["Location"]).content.decode()
    again = client.get(response["Location"]).content.decode()
    assert 'id="filed"' in first and 'id="filed"' not in again, "the big number shows once"


def test_a_refused_upload_keeps_the_form_and_files_nothing(client):
    page = client.post(URL, form(action="submit", evidence_photo=upload("x.jpg", PHP_BYTES)))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-field="file"' in html
    assert "冰箱买了十天压缩机就坏了" in html, "what was typed is kept"
    assert Complaint.objects.count() == 0 and stored_files() == []


def test_a_bad_date_is_named_and_nothing_is_filed(client):
    html = client.post(URL, form(action="submit", purchase_date="2026-13-01")).content.decode()
    assert 'data-field="purchase_date"' in html
    assert Complaint.objects.count() == 0


def test_charges_typed_one_a_line_are_stored_with_the_complaint(client):
    response = client.post(URL, form(action="submit", repair_outlet_name="某某官方维修",
                                     repair_outlet_phone="400-123-4567",
                                     repair_charges="上门费 200\n压缩机：1,800元\n"))
    assert response.status_code == 302
    assert Complaint.objects.get().repair_charges == [
        {"item": "上门费", "amount_yuan": "200"}, {"item": "压缩机", "amount_yuan": "1800"}]


def test_a_charge_without_an_amount_is_a_form_message_and_files_nothing(client):
    page = client.post(URL, form(action="submit", repair_charges="上门费很贵"))
    assert page.status_code == 200 and 'data-field="repair_charges"' in page.content.decode()
    assert not Complaint.objects.exists()
