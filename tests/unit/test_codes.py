"""12-digit division codes (统计用区划代码; GB/T 2260 for county and above, GB/T 10114 township)."""

from __future__ import annotations

import pytest

from geo.rules.codes import code_level, code_prefix, full_code


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        pytest.param("620000000000", "province", "62", id="GBT2260-province-甘肃省"),
        pytest.param("620600000000", "city", "6206", id="GBT2260-city-武威市"),
        pytest.param("620602000000", "county", "620602", id="GBT2260-county-凉州区"),
        pytest.param("620602101000", "township", "620602101", id="GBT10114-township"),
        pytest.param("620602101201", "village", "620602101201", id="NBS-village-12-digits"),
        pytest.param("110100000000", "city", "1101", id="GBT2260-city-北京市市辖区"),
        pytest.param("620602", "county", "620602", id="short-6-digit-county"),
        pytest.param("620602101", "township", "620602101", id="short-9-digit-township"),
    ],
)
def test_code_level_and_prefix(code, level, prefix):
    assert code_level(code) == level
    assert code_prefix(code) == prefix


@pytest.mark.parametrize(
    ("code", "full"),
    [
        pytest.param("62", "620000000000", id="province"),
        pytest.param("620602", "620602000000", id="county"),
        pytest.param("620602101", "620602101000", id="township"),
        pytest.param("620602101201", "620602101201", id="already-full"),
    ],
)
def test_full_code_pads_to_12_digits(code, full):
    assert full_code(code) == full


@pytest.mark.parametrize("code", ["620000000000", "620600000000", "620602000000", "620602101000"])
def test_every_division_inside_a_code_starts_with_its_prefix(code):
    assert full_code(code_prefix(code)) == code
