"""Masking personal data outside the consumer's own view (个人信息保护法 art. 6; 暂行办法 art. 12)."""

from __future__ import annotations

import pytest

from complaints.rules.privacy import mask_address, mask_name, mask_phone


@pytest.mark.parametrize("name,masked", [
    pytest.param("张三", "张*", id="two-characters"),
    pytest.param("张小三", "张*三", id="three-characters"),
    pytest.param("欧阳小明", "欧**明", id="compound-surname"),
    pytest.param("王", "*", id="one-character"),
    pytest.param(" 李 四 ", "李*", id="spaces-removed"),
    pytest.param("John Smith", "J***", id="latin-keeps-the-initial"),
    pytest.param("", "", id="empty"),
])
def test_names(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("phone,masked", [
    pytest.param("13812345678", "138****5678", id="mobile"),
    pytest.param("138 1234 5678", "138****5678", id="mobile-typed-with-spaces"),
    pytest.param("09352212345", "0935****345", id="landline-keeps-area-code"),
    pytest.param("4008009999", "400*****99", id="service-number"),
    pytest.param("12345", "*****", id="short-all-masked"),
    pytest.param("", "", id="empty"),
])
def test_phones(phone, masked):
    assert mask_phone(phone) == masked


def test_a_masked_mobile_hides_the_middle_four_digits():
    assert "1234" not in mask_phone("13812345678")


@pytest.mark.parametrize("address,counties,masked", [
    pytest.param("甘肃省武威市凉州区东大街12号3单元", ("凉州区",), "甘肃省武威市凉州区***",
                 id="cut-after-the-county"),
    pytest.param("凉州区东大街12号", ("凉州区",), "凉州区***", id="county-first"),
    pytest.param("武威市民勤县城关镇", ("凉州区", "民勤县"), "武威市民勤县***", id="second-name"),
    pytest.param("东大街12号", ("凉州区",), "凉州区***", id="county-not-in-address"),
    pytest.param("东大街12号", (), "***", id="no-county-known"),
    pytest.param("", ("凉州区",), "", id="empty"),
])
def test_addresses_keep_only_the_county(address, counties, masked):
    assert mask_address(address, counties) == masked
    assert "12号" not in mask_address(address, counties)
