"""CSV upload of outlets: encodings Excel writes in China, row numbers in errors, dry run."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from service_net.models import Outlet

pytestmark = pytest.mark.django_db

URL = "/api/v1/manufacturer/outlets/import"
HEADER = "external_id,name,address,lat,lon,phones,categories,valid_from,valid_to,price_list\n"
ROWS = (
    "C-1,凉州区测试家电维修部,凉州区东大街1号,37.92,102.63,0935-6600001;13912345678,"
    "refrigerator;washing_machine,2025-01-01,2030-12-31,上门费=30;检测费=50\n"
    "C-2,古浪县测试维修站,古浪县古浪镇2号,37.47,102.89,0935-6600002,air_conditioner,"
    "2025-01-01,2030-12-31,\n"
)


def upload(client, key, text: str, encoding: str = "utf-8", dry_run: bool = False):
    data = text.encode(encoding)
    url = URL + ("?dry_run=true" if dry_run else "")
    return client.post(url, {"file": SimpleUploadedFile("outlets.csv", data, "text/csv")},
                       HTTP_X_API_KEY=key)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_excel_encoding_is_imported(client, manufacturer_admin, encoding):
    _, key = manufacturer_admin
    response = upload(client, key, HEADER + ROWS, encoding)
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 2
    outlet = Outlet.objects.get(name="凉州区测试家电维修部")
    assert sorted(p.number for p in outlet.phones.all()) == ["09356600001", "13912345678"]
    assert [p.item for p in outlet.price_items.all()] == ["上门费", "检测费"]


def test_same_file_twice_changes_nothing(client, manufacturer_admin):
    _, key = manufacturer_admin
    upload(client, key, HEADER + ROWS)
    again = upload(client, key, HEADER + ROWS)
    assert again.json()["unchanged"] == 2


def test_errors_name_the_file_row_and_nothing_is_written(client, manufacturer_admin):
    _, key = manufacturer_admin
    bad = ROWS + "C-3,坏数据,地址,91.5,102.6,0935-6600003,toaster,2025-01-01,2024-01-01,\n"
    response = upload(client, key, HEADER + bad)
    assert response.status_code == 422
    errors = response.json()["data"]["errors"]
    assert {(e["row"], e["field"]) for e in errors} >= {(4, "categories"), (4, "valid_to")}
    assert not Outlet.objects.exists()


def test_wrong_encoding_is_refused_with_a_clear_reason(client, manufacturer_admin):
    _, key = manufacturer_admin
    response = upload(client, key, HEADER + ROWS, "utf-16")
    assert response.status_code == 422
    error = response.json()["data"]["errors"][0]
    assert error["field"] == "file" and "encoding" in error["reason"]


def test_dry_run_validates_without_writing(client, manufacturer_admin):
    _, key = manufacturer_admin
    response = upload(client, key, HEADER + ROWS, dry_run=True)
    assert response.json()["created"] == 2 and response.json()["dry_run"] is True
    assert not Outlet.objects.exists()
