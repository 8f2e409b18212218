"""Seven-day no-reason return for remote sales, and in-store no-reason-return commitments."""

from __future__ import annotations

import pytest

from tests.unit.entitlement_support import day, decide

LAW = "consumer-law-art25+online-7-day-measures"
STORE = "consumer-law-art16+store-commitment"
RECEIVED = day(4)  # 2026-03-05


@pytest.mark.parametrize("channel, request_date, owed", [
    pytest.param("online", "2026-03-05", True,
                 id=f"{LAW}:day-of-receipt"),
    pytest.param("online", "2026-03-12", True, id=f"{LAW}:day-7-after-receipt"),
    pytest.param("online", "2026-03-13", False, id=f"{LAW}:day-8-after-receipt"),
    pytest.param("tv_phone_mail", "2026-03-12", True, id=f"{LAW}:tv-phone-mail-day-7"),
    pytest.param("tv_phone_mail", "2026-03-13", False, id=f"{LAW}:tv-phone-mail-day-8"),
])
def test_remote_sales_may_be_returned_within_7_days_after_receipt(channel, request_date, owed):
    outcome = decide(channel=channel, received_date=RECEIVED, request_date=request_date)
    assert ("no_reason_return" in outcome.remedies) is owed
    if owed:
        assert outcome.remedies["no_reason_return"] == "2026-03-12"
        assert "第二十五条" in outcome.bases["no_reason_return"]
    else:
        assert "2026-03-12" in outcome.refusals["no_reason_return_window_passed"]


def test_received_date_defaults_to_the_purchase_date():
    assert decide(channel="online", request_date=day(7)).remedies == {"no_reason_return": day(7)}
    assert "no_reason_return_window_passed" in decide(channel="online", request_date=day(8)).refusals


@pytest.mark.parametrize("goods", [
    pytest.param("custom_made", id=f"{LAW}-excluded:made-to-order"),
    pytest.param("digital_unsealed", id=f"{LAW}-excluded:unsealed-digital"),
    pytest.param("activation_confirmed", id=f"{LAW}-excluded:activation-confirmed-at-purchase"),
    pytest.param("perishable", id=f"{LAW}-excluded:perishable"),
    pytest.param("periodicals", id=f"{LAW}-excluded:periodicals"),
])
def test_excluded_goods_have_no_no_reason_return(goods):
    outcome = decide(channel="online", request_date=day(1), excluded_goods=goods)
    assert outcome.remedies == {}
    assert "does not apply to" in outcome.refusals["no_reason_return_excluded_goods"]


def test_goods_not_intact_are_refused():
    outcome = decide(channel="online", request_date=day(1), goods_intact=False)
    assert outcome.remedies == {}
    assert "Opening the package" in outcome.refusals["goods_not_intact"]


def test_an_in_store_purchase_has_no_statutory_no_reason_return():
    outcome = decide(channel="in_store", request_date=day(1))
    assert outcome.remedies == {}
    assert "published" in outcome.refusals["no_reason_return_not_offered"]


@pytest.mark.parametrize("promise, received, request_date, owed", [
    pytest.param(30, None, "2026-03-31", True, id=f"{STORE}:30-days-last-day"),
    pytest.param(30, None, "2026-04-01", False, id=f"{STORE}:30-days-day-after"),
    pytest.param(7, None, day(7), True, id=f"{STORE}:7-days-minimum-last-day"),
    pytest.param(7, None, day(8), False, id=f"{STORE}:7-days-minimum-day-after"),
    pytest.param(365, None, "2027-03-01", True, id=f"{STORE}:365-days-last-day"),
    pytest.param(30, "2026-03-10", "2026-04-09", True, id=f"{STORE}:counted-from-delivery"),
    pytest.param(30, "2026-03-10", "2026-04-10", False, id=f"{STORE}:delivery-day-after"),
])
def test_an_in_store_commitment_applies_like_the_online_rule(promise, received, request_date, owed):
    outcome = decide(channel="in_store", store_promise_days=promise, received_date=received,
                     request_date=request_date)
    assert ("no_reason_return" in outcome.remedies) is owed
    if owed:
        assert "第十六条" in outcome.bases["no_reason_return"]
    else:
        assert "no_reason_return_window_passed" in outcome.refusals


def test_an_in_store_commitment_keeps_the_excluded_goods_and_intact_conditions():
    outcome = decide(channel="in_store", store_promise_days=30, request_date=day(3),
                     goods_intact=False, excluded_goods="custom_made")
    assert {"goods_not_intact", "no_reason_return_excluded_goods"} <= set(outcome.refusals)


def test_a_longer_promise_of_an_online_seller_binds_it():
    outcome = decide(channel="online", store_promise_days=15, request_date=day(15))
    assert outcome.remedies == {"no_reason_return": day(15)}
    assert "承诺" in outcome.bases["no_reason_return"]


def test_a_no_reason_return_comes_with_its_conditions():
    note = decide(channel="online", request_date=day(1)).notes["no_reason_return"]
    assert "within 7 days of receiving the goods back" in note
