"""三包 windows and periods at their boundaries: 7/15 days from the sale, whole unit, parts."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.entitlement_support import day, decide, fault_on

REG = "sanbao-reg"  # 《部分商品修理更换退货责任规定》


def sanbao_refusals(outcome) -> set[str]:
    return {code for code in outcome.refusals if not code.startswith("no_reason")}


@pytest.mark.parametrize("when, remedies, refusals", [
    pytest.param(day(0), {"return", "exchange", "free_repair"}, set(), id=f"{REG}-7-day-return:sale-day"),
    pytest.param(day(7), {"return", "exchange", "free_repair"}, set(), id=f"{REG}-7-day-return:day-7"),
    pytest.param(day(8), {"exchange", "free_repair"}, {"return_window_passed"},
                 id=f"{REG}-7-day-return:day-8-exchange-not-return"),
    pytest.param(day(15), {"exchange", "free_repair"}, {"return_window_passed"},
                 id=f"{REG}-15-day-exchange:day-15"),
    pytest.param(day(16), {"free_repair"}, {"return_window_passed", "exchange_window_passed"},
                 id=f"{REG}-15-day-exchange:day-16-repair-only"),
])
def test_fault_windows_count_from_the_sale_date(when, remedies, refusals):
    outcome = fault_on(when)
    assert set(outcome.remedies) == remedies
    assert sanbao_refusals(outcome) == refusals


def test_return_and_exchange_can_be_claimed_until_the_windows_last_days():
    outcome = fault_on(day(3))
    assert outcome.remedies["return"] == "2026-03-08"
    assert outcome.remedies["exchange"] == "2026-03-16"
    assert outcome.remedies["free_repair"] == "2027-03-01"
    assert "full invoice price" in outcome.notes["return"]


def test_fault_on_day_8_allows_exchange_but_not_return_and_says_why():
    outcome = fault_on(day(8))
    assert "7 days" in outcome.refusals["return_window_passed"]
    assert "2026-03-08" in outcome.refusals["return_window_passed"]


def test_fault_in_the_window_claimed_after_it_is_refused_as_late():
    outcome = decide(fault={"date": day(5), "part": "whole_unit"}, request_date=day(8))
    assert set(outcome.remedies) == {"exchange", "free_repair"}
    assert "return_claimed_late" in outcome.refusals
    assert outcome.remedies["exchange"] == day(15)


@pytest.mark.parametrize("when, part, owed", [
    pytest.param("2027-03-01", "whole_unit", True, id=f"{REG}-period+civil-code-art202:whole-unit-last-day"),
    pytest.param("2027-03-02", "whole_unit", False, id=f"{REG}-period+civil-code-art202:whole-unit-next-day"),
    pytest.param("2029-03-01", "compressor", True, id=f"{REG}-main-part-period:compressor-last-day"),
    pytest.param("2029-03-02", "compressor", False, id=f"{REG}-main-part-period:compressor-day-after"),
    pytest.param("2027-06-01", "compressor", True, id=f"{REG}-main-part-period:after-whole-unit-ended"),
])
def test_free_repair_within_the_faulty_parts_period(when, part, owed):
    outcome = fault_on(when, part)
    if owed:
        assert set(outcome.remedies) == {"free_repair"}
        assert outcome.remedies["free_repair"] == outcome.period["part_end"]
    else:
        assert outcome.remedies == {}
        assert sanbao_refusals(outcome) == {"period_ended"}
        assert outcome.period["part_end"] in outcome.refusals["period_ended"]
        assert "paid repair" in outcome.refusals["period_ended"]


def test_a_fault_after_all_periods_gets_no_remedy_and_a_refusal_saying_why():
    outcome = fault_on("2030-01-05", "compressor")
    assert outcome.remedies == {}
    assert "2029-03-01" in outcome.refusals["period_ended"]
    assert "Compressor" in outcome.refusals["period_ended"]


def test_fault_in_the_period_claimed_after_it_ended_is_refused():
    outcome = decide(fault={"date": "2027-03-01", "part": "whole_unit"}, request_date="2027-03-02")
    assert outcome.remedies == {}
    assert "claimed_after_period" in outcome.refusals


@pytest.mark.parametrize("when, remedies", [
    pytest.param("2024-03-07", {"return", "exchange", "free_repair"}, id="civil-code-art201:29-feb-day-7"),
    pytest.param("2024-03-08", {"exchange", "free_repair"}, id="civil-code-art201:29-feb-day-8"),
    pytest.param("2024-03-15", {"exchange", "free_repair"}, id="civil-code-art201:29-feb-day-15"),
    pytest.param("2024-03-16", {"free_repair"}, id="civil-code-art201:29-feb-day-16"),
    pytest.param("2025-02-28", {"free_repair"}, id="civil-code-art202:29-feb-whole-unit-last-day"),
    pytest.param("2025-03-01", set(), id="civil-code-art202:29-feb-whole-unit-day-after"),
])
def test_bought_on_29_february(when, remedies):
    outcome = fault_on(when, purchase_date="2024-02-29")
    assert set(outcome.remedies) == remedies
    assert outcome.period["whole_unit_end"] == "2025-02-28"


@pytest.mark.parametrize("category, part, last_day", [
    pytest.param("mobile_phone", "battery", "2026-09-01", id="phone-reg:battery-6-months"),
    pytest.param("mobile_phone", "charger", "2027-03-01", id="phone-reg:charger-1-year"),
    pytest.param("mobile_phone", "earphones", "2026-06-01", id="phone-reg:earphones-3-months"),
    pytest.param("computer", "power_adapter", "2028-03-01", id="computer-reg:power-adapter-2-years"),
    pytest.param("computer", "motherboard", "2028-03-01", id="computer-reg:motherboard-2-years"),
    pytest.param("tv_flat_panel", "panel", "2029-03-01", id=f"{REG}:flat-panel-tv-panel-3-years"),
    pytest.param("tv_crt", "picture_tube", "2029-03-01", id=f"{REG}:crt-tube-3-years"),
    pytest.param("washing_machine", "motor", "2029-03-01", id=f"{REG}-unverified:washer-motor"),
    pytest.param("electric_fan", "motor", "2029-03-01", id=f"{REG}-unverified:fan-motor"),
    pytest.param("air_conditioner", "compressor", "2029-03-01", id=f"{REG}-unverified:ac-compressor"),
])
def test_part_periods_end_on_their_last_day(category, part, last_day):
    on_last_day = fault_on(last_day, part, category=category)
    assert set(on_last_day.remedies) == {"free_repair"}
    assert on_last_day.remedies["free_repair"] == last_day
    day_after = fault_on(day(1, since=date.fromisoformat(last_day)), part, category=category)
    assert day_after.remedies == {}
    assert "period_ended" in day_after.refusals


def test_a_short_accessory_period_ends_before_the_whole_unit():
    outcome = fault_on("2026-10-01", "battery", category="mobile_phone")
    assert outcome.remedies == {}
    assert outcome.period["whole_unit_end"] == "2027-03-01"
    assert outcome.period["part_end"] == "2026-09-01"
    assert "Battery" in outcome.refusals["period_ended"]


@pytest.mark.parametrize("installed, when, part, remedies", [
    pytest.param("2026-03-10", "2027-03-10", "whole_unit", {"free_repair"},
                 id="flat-panel-tv-2011:whole-unit-ends-a-year-after-installation"),
    pytest.param("2026-03-10", "2027-03-11", "whole_unit", set(),
                 id="flat-panel-tv-2011:day-after"),
    pytest.param("2026-03-10", "2029-03-10", "panel", {"free_repair"},
                 id="flat-panel-tv-2011:panel-last-day"),
    pytest.param("2026-03-05", day(8), "whole_unit", {"exchange", "free_repair"},
                 id="flat-panel-tv-2011+sanbao-reg:windows-still-from-sale-date"),
])
def test_flat_panel_tv_period_starts_at_installation(installed, when, part, remedies):
    outcome = fault_on(when, part, category="tv_flat_panel", installed_date=installed)
    assert set(outcome.remedies) == remedies
    assert outcome.period["start"] == installed
    assert outcome.period["start_basis"] == "installation"
    assert outcome.period["sale_date"] == "2026-03-01"


def test_flat_panel_tv_without_installation_date_starts_at_the_invoice_date():
    outcome = fault_on("2027-03-02", category="tv_flat_panel")
    assert outcome.period["start"] == "2026-03-01"
    assert outcome.remedies == {}


def test_installation_date_is_ignored_for_other_categories():
    outcome = fault_on("2027-03-05", installed_date="2026-03-10")
    assert outcome.period["start"] == "2026-03-01"
    assert outcome.remedies == {}


@pytest.mark.parametrize("category, verified", [
    pytest.param("tv_flat_panel", True, id="domain-grade-B:flat-panel-tv-verified"),
    pytest.param("refrigerator", False, id="domain-grade-C:refrigerator-unverified"),
    pytest.param("dishwasher", False, id="not-in-domain:dishwasher-unverified"),
])
def test_assessment_says_whether_the_catalogue_values_are_verified(category, verified):
    assert fault_on(day(20), category=category).verified is verified
