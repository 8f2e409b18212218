"""Repairs: extension of the period, restart on exchange, failed and overlong repairs, overlays."""

from __future__ import annotations

import pytest

from tests.unit.entitlement_support import decide, fault_on

REG = "sanbao-reg"  # 《部分商品修理更换退货责任规定》
ZJ = "zhejiang-consumer-law-measures"  # 《浙江省实施〈消费者权益保护法〉办法》


def repair(handed_in, returned=None, cause=None, part="whole_unit"):
    return {"handed_in": handed_in, "returned": returned, "part": part, "delay_cause": cause}


TEN_DAYS = [repair("2026-05-01", "2026-05-11")]


@pytest.mark.parametrize("when, repairs, owed, extension", [
    pytest.param("2027-03-11", TEN_DAYS, True, 10, id=f"{REG}-extension:last-day-plus-10"),
    pytest.param("2027-03-12", TEN_DAYS, False, 10, id=f"{REG}-extension:day-after"),
    pytest.param("2027-03-13", TEN_DAYS + [repair("2026-08-01", "2026-08-03")], True, 12,
                 id=f"{REG}-extension:two-repairs-add-up"),
    pytest.param("2027-03-01", [repair("2026-05-01", "2026-05-01")], True, 0,
                 id=f"{REG}-extension+civil-code-art201:same-day-return-adds-nothing"),
    pytest.param("2027-03-02", [repair("2026-05-01", "2026-05-01")], False, 0,
                 id=f"{REG}-extension+civil-code-art201:same-day-return-next-day"),
])
def test_days_in_repair_extend_the_period(when, repairs, owed, extension):
    outcome = fault_on(when, repairs=repairs)
    assert outcome.period["extension_days"] == extension
    assert ("free_repair" in outcome.remedies) is owed


def test_a_repair_still_going_on_extends_the_period_up_to_the_request_date():
    outcome = decide(fault={"date": "2027-02-20", "part": "whole_unit"}, request_date="2027-03-10",
                     repairs=[repair("2027-02-20")])
    assert outcome.period["extension_days"] == 18
    assert outcome.period["whole_unit_end"] == "2027-03-19"
    assert outcome.remedies["free_repair"] == "2027-03-19"


def test_extension_applies_to_the_parts_period_too():
    outcome = fault_on("2029-03-11", "compressor", repairs=TEN_DAYS)
    assert outcome.period["part_end"] == "2029-03-11"
    assert outcome.remedies == {"free_repair": "2029-03-11"}


EXCHANGED = {"last_exchange_date": "2026-09-01"}


@pytest.mark.parametrize("when, owed", [
    pytest.param("2027-09-01", True, id=f"{REG}-restart-on-exchange:last-day"),
    pytest.param("2027-09-02", False, id=f"{REG}-restart-on-exchange:day-after"),
])
def test_the_period_restarts_on_the_exchange_date(when, owed):
    outcome = fault_on(when, **EXCHANGED)
    assert outcome.period["start"] == "2026-09-01"
    assert outcome.period["start_basis"] == "exchange"
    assert ("free_repair" in outcome.remedies) is owed


def test_repairs_of_the_unit_exchanged_do_not_extend_the_new_units_period():
    outcome = fault_on("2027-09-02", repairs=TEN_DAYS, **EXCHANGED)
    assert outcome.period["extension_days"] == 0
    assert outcome.remedies == {}


def test_the_7_and_15_day_windows_still_count_from_the_sale_after_an_exchange():
    outcome = fault_on("2026-09-03", **EXCHANGED)
    assert set(outcome.remedies) == {"free_repair"}


TWO_REPAIRS = [repair("2026-05-01", "2026-05-06"), repair("2026-06-01", "2026-06-04")]


@pytest.mark.parametrize("repairs, fault_date, exchange_or_return", [
    pytest.param(TWO_REPAIRS[:1], "2026-07-01", False, id=f"{REG}-two-failed-repairs:after-one"),
    pytest.param(TWO_REPAIRS, "2026-07-01", True, id=f"{REG}-two-failed-repairs:after-the-second"),
    pytest.param(TWO_REPAIRS, "2026-06-04", True, id=f"{REG}-two-failed-repairs:fails-on-return-day"),
    pytest.param([TWO_REPAIRS[0], repair("2026-06-01")], "2026-06-01", False,
                 id=f"{REG}-two-failed-repairs:second-still-in-repair"),
])
def test_two_failed_repairs_give_exchange_or_return(repairs, fault_date, exchange_or_return):
    outcome = decide(fault={"date": fault_date, "part": "whole_unit"}, request_date="2026-07-01",
                     repairs=repairs)
    assert ("exchange" in outcome.remedies) is exchange_or_return
    assert ("return" in outcome.remedies) is exchange_or_return
    assert "free_repair" in outcome.remedies
    if exchange_or_return:
        assert outcome.remedies["exchange"] == outcome.period["part_end"]
        assert "return_window_passed" not in outcome.refusals


def test_two_failed_repairs_before_an_exchange_do_not_count_for_the_new_unit():
    outcome = fault_on("2026-10-01", repairs=TWO_REPAIRS, **EXCHANGED)
    assert set(outcome.remedies) == {"free_repair"}


def test_return_after_failed_repairs_notes_the_depreciation_by_the_daily_rate():
    outcome = decide(category="tv_flat_panel", fault={"date": "2026-09-01", "part": "panel"},
                     request_date="2026-09-01",
                     repairs=[repair("2026-05-01", "2026-05-11"), repair("2026-07-01", "2026-07-06")])
    note = outcome.notes["return"]
    # 184 days from the invoice date to the return, less 15 days in repair = 169 days × 0.1 %
    assert "0.1% a day for 169 days" in note
    assert "= 16.90% of the invoice price" in note
    assert "full price" in note


def test_return_after_failed_repairs_without_a_published_rate_says_so():
    outcome = fault_on("2026-07-01", repairs=TWO_REPAIRS)
    assert "no daily depreciation rate" in outcome.notes["return"]


PARTS = "parts"


@pytest.mark.parametrize("request_date, returned, cause, exchange", [
    pytest.param("2026-08-30", None, PARTS, False, id=f"{REG}-90-days-no-parts:90-days"),
    pytest.param("2026-08-31", None, PARTS, True, id=f"{REG}-90-days-no-parts:91-days"),
    pytest.param("2026-09-05", "2026-08-31", PARTS, True, id=f"{REG}-90-days-no-parts:repaired-on-day-91"),
    pytest.param("2026-08-31", None, None, False, id=f"{REG}-90-days-no-parts:no-cause-given"),
    pytest.param("2026-07-01", "2026-07-01", "repairer", False, id=f"{REG}-30-days-repairer:30-days"),
    pytest.param("2026-07-02", "2026-07-02", "repairer", True, id=f"{REG}-30-days-repairer:31-days"),
    pytest.param("2026-07-02", None, "repairer", True, id=f"{REG}-30-days-repairer:31-days-ongoing"),
    pytest.param("2026-07-02", "2026-07-02", PARTS, False, id=f"{REG}-30-days-repairer:parts-not-repairer"),
])
def test_overlong_repairs_give_a_free_exchange(request_date, returned, cause, exchange):
    outcome = decide(fault={"date": "2026-06-01", "part": "whole_unit"}, request_date=request_date,
                     repairs=[repair("2026-06-01", returned, cause)])
    assert ("exchange" in outcome.remedies) is exchange
    assert "return" not in outcome.remedies
    if exchange and cause == "repairer":
        assert "at its own cost" in outcome.notes["exchange"]
        assert "30日" in outcome.bases["exchange"]
    if exchange and cause == PARTS:
        assert "90日" in outcome.bases["exchange"]


@pytest.mark.parametrize("rule_set, request_date, exchange_or_return", [
    pytest.param("zhejiang", "2026-07-06", False, id=f"{ZJ}:35-cumulative-repair-days"),
    pytest.param("zhejiang", "2026-07-07", True, id=f"{ZJ}:36-cumulative-repair-days"),
    pytest.param("national", "2026-07-07", False, id=f"{REG}:36-days-not-a-national-trigger"),
])
def test_zhejiang_gives_exchange_or_return_after_35_cumulative_repair_days(
        rule_set, request_date, exchange_or_return):
    outcome = decide(rule_set=rule_set, fault={"date": "2026-06-01", "part": "whole_unit"},
                     request_date=request_date, repairs=[repair("2026-06-01")])
    assert ("exchange" in outcome.remedies) is exchange_or_return
    assert ("return" in outcome.remedies) is exchange_or_return
    if exchange_or_return:
        assert "浙江" in outcome.bases["return"]


def test_zhejiang_cumulative_days_add_up_over_several_repairs():
    repairs = [repair("2026-04-01", "2026-04-21"), repair("2026-05-01", "2026-05-17")]  # 20 + 16
    outcome = decide(rule_set="zhejiang", fault={"date": "2026-05-01", "part": "whole_unit"},
                     request_date="2026-05-20", repairs=repairs)
    assert "exchange" in outcome.remedies


def test_zhejiang_return_after_failed_repairs_has_no_depreciation():
    outcome = decide(rule_set="zhejiang", category="tv_flat_panel",
                     fault={"date": "2026-09-01", "part": "panel"}, request_date="2026-09-01",
                     repairs=TWO_REPAIRS)
    assert "No depreciation" in outcome.notes["return"]
    assert "浙江" in outcome.notes["return"]
    assert "% a day" not in outcome.notes["return"]


def test_zhejiang_free_repair_notes_the_5_day_deadline_and_the_loan_unit():
    zhejiang = fault_on("2026-06-01", rule_set="zhejiang")
    assert "within 5 days" in zhejiang.notes["free_repair"]
    assert "replacement unit" in zhejiang.notes["free_repair"]
    national = fault_on("2026-06-01")
    assert "within 5 days" not in national.notes["free_repair"]


def test_zhejiang_keeps_the_national_windows_and_periods():
    outcome = fault_on("2026-03-09", rule_set="zhejiang")
    assert set(outcome.remedies) == {"exchange", "free_repair"}
    assert outcome.period["whole_unit_end"] == "2027-03-01"
