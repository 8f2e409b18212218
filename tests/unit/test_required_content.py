"""Required content of a complaint (《市场监督管理投诉举报处理暂行办法》art. 9; domain.md §4)."""

from __future__ import annotations

import dataclasses

import pytest

from complaints.rules.required_content import (
    BASIS,
    INVALID_PHONE,
    MISSING,
    REQUIRED_ITEMS,
    TOO_SHORT,
    ComplaintContent,
    missing_content,
)

COMPLETE = ComplaintContent(
    consumer_name="张三", consumer_phone="138 1234 5678",
    consumer_address="甘肃省武威市凉州区东大街12号", respondent_name="凉州区某某家电维修部",
    respondent_address="武威市凉州区西关街8号", request="免费修理", facts="冰箱买了三个月压缩机不制冷。")


def test_a_complete_complaint_misses_nothing():
    assert missing_content(COMPLETE) == []


@pytest.mark.parametrize("field", [f for f, _ in REQUIRED_ITEMS])
def test_each_required_item_left_empty_is_named(field):
    found = missing_content(dataclasses.replace(COMPLETE, **{field: "  "}))
    assert [(m.field, m.code) for m in found] == [(field, MISSING)]
    assert found[0].basis == BASIS and "art. 9" in BASIS


def test_an_empty_complaint_lists_all_seven_items_in_form_order():
    found = missing_content(ComplaintContent())
    assert [m.field for m in found] == [f for f, _ in REQUIRED_ITEMS]
    assert len(found) == 7


@pytest.mark.parametrize("field,short,long_enough", [
    pytest.param("consumer_address", "凉州区", "凉州区东大街", id="address-4-vs-5-chars"),
    pytest.param("respondent_address", "武威市", "武威市西关街", id="respondent-address"),
    pytest.param("facts", "不制冷了坏了坏了", "冰箱不制冷了，坏了十天", id="facts-9-vs-10-chars"),
    pytest.param("request", "修", "修理", id="request-1-vs-2-chars"),
])
def test_too_short_to_be_usable_at_the_boundary(field, short, long_enough):
    assert [(m.field, m.code) for m in missing_content(
        dataclasses.replace(COMPLETE, **{field: short}))] == [(field, TOO_SHORT)]
    assert missing_content(dataclasses.replace(COMPLETE, **{field: long_enough})) == []


def test_whitespace_does_not_count_towards_the_length():
    found = missing_content(dataclasses.replace(COMPLETE, facts="坏  了\n\n\n\n\n\n\n\n"))
    assert [m.code for m in found] == [TOO_SHORT]


@pytest.mark.parametrize("phone,ok", [
    pytest.param("13812345678", True, id="mobile"),
    pytest.param("+86 138-1234-5678", True, id="mobile-with-country-code"),
    pytest.param("0935-2212345", True, id="landline-with-area-code"),
    pytest.param("2212345", False, id="landline-without-area-code"),
    pytest.param("12345", False, id="too-short"),
    pytest.param("phone me", False, id="not-digits"),
])
def test_the_complainants_phone_must_be_a_usable_number(phone, ok):
    found = missing_content(dataclasses.replace(COMPLETE, consumer_phone=phone))
    assert found == [] if ok else [(m.field, m.code) for m in found] == [
        ("consumer_phone", INVALID_PHONE)]
