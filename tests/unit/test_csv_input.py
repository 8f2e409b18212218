"""Uploaded outlet CSV: UTF-8, UTF-8 with BOM, or GBK/GB18030 (what Excel writes in China)."""

from __future__ import annotations

import pytest

from service_net.rules.csv_input import CsvError, csv_rows, decode_csv

CSV = (
    "external_id,name,address,phones,categories\n"
    "E1,凉州区家电维修部,甘肃省武威市凉州区东大街1号,0935-6600001；13912345678,refrigerator;air_conditioner\n"
    "E2,古浪县维修站,甘肃省武威市古浪县,0935-5500001,washing_machine\n"
)
EXPECTED = [
    {
        "external_id": "E1",
        "name": "凉州区家电维修部",
        "address": "甘肃省武威市凉州区东大街1号",
        "phones": "0935-6600001；13912345678",
        "categories": "refrigerator;air_conditioner",
    },
    {
        "external_id": "E2",
        "name": "古浪县维修站",
        "address": "甘肃省武威市古浪县",
        "phones": "0935-5500001",
        "categories": "washing_machine",
    },
]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(CSV.encode("utf-8"), id="UTF-8"),
        pytest.param(CSV.encode("utf-8-sig"), id="UTF-8-with-BOM-Excel"),
        pytest.param(CSV.encode("gbk"), id="GBK-Excel-China"),
        pytest.param(CSV.encode("gb18030"), id="GB18030"),
        pytest.param(CSV.replace("\n", "\r\n").encode("gbk"), id="GBK-CRLF"),
    ],
)
def test_csv_in_any_accepted_encoding_reads_the_same_rows(data):
    assert csv_rows(data) == EXPECTED


def test_gbk_bytes_are_not_valid_utf8_so_the_fallback_is_exercised():
    with pytest.raises(UnicodeDecodeError):
        CSV.encode("gbk").decode("utf-8")
    assert decode_csv(CSV.encode("gbk")) == CSV


def test_bom_does_not_end_up_in_the_first_header():
    assert list(csv_rows(CSV.encode("utf-8-sig"))[0])[0] == "external_id"


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be"], ids=["UTF-16-BOM", "UTF-16-LE", "UTF-16-BE"]
)
def test_fault_utf16_is_rejected(encoding):
    with pytest.raises(CsvError, match="UTF-16"):
        csv_rows(CSV.encode(encoding))


@pytest.mark.parametrize("data", [b"\x80abc,def\n", b"\xff\xff\xff"], ids=["stray-byte", "ff-bytes"])
def test_fault_undecodable_bytes_are_rejected(data):
    with pytest.raises(CsvError, match="wrong encoding"):
        csv_rows(data)


@pytest.mark.parametrize("data", [b"", b"\n\n"], ids=["empty", "blank-lines"])
def test_fault_file_without_header(data):
    with pytest.raises(CsvError, match="empty"):
        csv_rows(data)


def test_header_whitespace_is_trimmed():
    assert csv_rows(b" external_id ,\tname  ,address\nE1,N,A\n") == [
        {"external_id": "E1", "name": "N", "address": "A"}
    ]


def test_empty_cells_are_dropped_so_defaults_apply():
    assert csv_rows(b"external_id,name,uscc,in_store\nE1,N,,\nE2,,,false\n") == [
        {"external_id": "E1", "name": "N"},
        {"external_id": "E2", "in_store": "false"},
    ]


def test_short_rows_and_extra_cells_and_unnamed_columns_are_dropped():
    assert csv_rows(b"a,,b\n1,2,3,4\n5\n") == [{"a": "1", "b": "3"}, {"a": "5"}]


def test_quoted_cells_keep_commas_and_newlines():
    data = 'external_id,address\nE1,"东大街1号,2楼\n后门"\n'.encode()
    assert csv_rows(data) == [{"external_id": "E1", "address": "东大街1号,2楼\n后门"}]


def test_header_only_file_has_no_rows():
    assert csv_rows(b"external_id,name\n") == []
