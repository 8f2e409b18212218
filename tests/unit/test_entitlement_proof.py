"""Proof of purchase, phones without an invoice, and the exclusions from 三包."""

from __future__ import annotations

import pytest

from tests.unit.entitlement_support import day, decide, fault_on

REG = "sanbao-reg"  # 《部分商品修理更换退货责任规定》
PHONE = "phone-reg"  # 《移动电话机商品修理更换退货责任规定》
COMPUTER = "computer-reg"  # 《微型计算机商品修理更换退货责任规定》
SANBAO = {"return", "exchange", "free_repair"}


@pytest.mark.parametrize("category, proof, covered", [
    pytest.param("refrigerator", "invoice", True, id=f"{REG}-proof:invoice"),
    pytest.param("refrigerator", "warranty_card", True, id=f"{REG}-proof:warranty-card"),
    pytest.param("refrigerator", "other", False, id=f"{REG}-proof:other-proof-not-for-a-fridge"),
    pytest.param("refrigerator", "none", False, id=f"{REG}-proof:no-proof-excluded"),
    pytest.param("mobile_phone", "other", True, id=f"{PHONE}-proof:order-record-accepted"),
    pytest.param("computer", "other", True, id=f"{COMPUTER}-proof:order-record-accepted"),
    pytest.param("computer", "none", False, id=f"{COMPUTER}-proof:no-proof-excluded"),
    pytest.param("tv_flat_panel", "other", False, id=f"{REG}-proof:other-proof-not-for-a-tv"),
])
def test_proof_of_purchase(category, proof, covered):
    outcome = fault_on(day(3), category=category, proof=proof)
    assert (set(outcome.remedies) == SANBAO) is covered
    assert ("no_valid_proof" in outcome.refusals) is not covered
    if not covered:
        assert outcome.remedies == {}
        assert "paid repair is still possible" in outcome.refusals["no_valid_proof"]


NO_PROOF_PHONE = {"category": "mobile_phone", "proof": "none", "manufacture_date": "2026-01-01"}


@pytest.mark.parametrize("when, remedies", [
    pytest.param("2026-04-08", SANBAO, id=f"{PHONE}-no-proof:covered-as-sold-on-manufacture+90+day-7"),
    pytest.param("2026-04-09", {"exchange", "free_repair"}, id=f"{PHONE}-no-proof:day-8"),
    pytest.param("2027-04-01", {"free_repair"}, id=f"{PHONE}-no-proof:whole-unit-last-day"),
    pytest.param("2027-04-02", set(), id=f"{PHONE}-no-proof:whole-unit-day-after"),
])
def test_phone_without_proof_is_covered_from_manufacture_date_plus_90_days(when, remedies):
    outcome = fault_on(when, **NO_PROOF_PHONE)
    assert outcome.period["start"] == "2026-04-01"
    assert outcome.period["start_basis"] == "manufacture"
    assert set(outcome.remedies) == remedies


def test_phone_without_proof_or_manufacture_date_is_refused_asking_for_the_date():
    outcome = fault_on(day(3), category="mobile_phone", proof="none")
    assert outcome.remedies == {}
    assert "manufacture_date_unknown" in outcome.refusals
    assert "90 days" in outcome.refusals["manufacture_date_unknown"]
    assert "移动电话机" in outcome.refusal_bases["manufacture_date_unknown"]


@pytest.mark.parametrize("exclusion", [
    pytest.param("misuse", id=f"{REG}-exclusion:misuse"),
    pytest.param("unauthorized_disassembly", id=f"{REG}-exclusion:unauthorized-disassembly"),
    pytest.param("certificate_mismatch", id=f"{REG}-exclusion:certificate-mismatch"),
    pytest.param("force_majeure", id=f"{REG}-exclusion:force-majeure"),
])
def test_exclusions_leave_no_sanbao_remedy_but_paid_repair(exclusion):
    outcome = fault_on(day(3), exclusion=exclusion)
    assert outcome.remedies == {}
    code = f"excluded_{exclusion}"
    assert "Paid repair is still possible" in outcome.refusals[code]
    assert "收费修理" in outcome.refusal_bases[code]


def test_every_reason_is_collected_when_there_are_several():
    outcome = fault_on(day(3), proof="none", exclusion="misuse", channel="online",
                       goods_intact=False, excluded_goods="custom_made")
    assert {"no_valid_proof", "excluded_misuse", "goods_not_intact",
            "no_reason_return_excluded_goods"} <= set(outcome.refusals)
    assert outcome.remedies == {}


def test_an_exclusion_does_not_touch_the_no_reason_return():
    outcome = fault_on(day(3), exclusion="misuse", channel="online")
    assert set(outcome.remedies) == {"no_reason_return"}


def test_without_a_fault_there_is_no_sanbao_remedy():
    outcome = decide(request_date=day(3))
    assert outcome.remedies == {}
    assert "no_fault_reported" in outcome.refusals
    assert outcome.period["part_end"] is None
    assert outcome.period["whole_unit_end"] == "2027-03-01"


def test_an_excluded_fault_after_the_period_gets_both_reasons():
    outcome = fault_on("2027-06-01", exclusion="force_majeure", proof="none")
    assert {"excluded_force_majeure", "no_valid_proof", "period_ended"} <= set(outcome.refusals)
