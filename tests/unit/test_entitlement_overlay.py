"""Rule sets: the national baseline plus a provincial overlay, and the shipped catalogue data."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from complaints.rules.entitlement import (
    CategoryTerms,
    PartTerms,
    RuleParameters,
    RuleSetLayer,
    rule_set_resolve,
)
from tests.unit.entitlement_support import SEED, shipped_rule_set

BASE = RuleParameters(return_days=7, exchange_days=15, failed_repairs_for_exchange=2,
                      parts_missing_days=90, repairer_delay_days=30, no_reason_return_days=7,
                      depreciation_allowed=True, basis="national")
FRIDGE = CategoryTerms("refrigerator", 12, (PartTerms("compressor", "压缩机", "Compressor", 36),
                                            PartTerms("condenser", "冷凝器", "Condenser", 36)))


def test_an_overlay_changes_only_what_it_states():
    overlay = RuleSetLayer("zj", RuleParameters(cumulative_repair_days_for_exchange=35,
                                                depreciation_allowed=False, basis="浙江"),
                           base_code="national")
    resolved = rule_set_resolve([RuleSetLayer("national", BASE, {"refrigerator": FRIDGE}),
                                 overlay])
    assert resolved.code == "zj" and resolved.layers == ("national", "zj")
    assert resolved.parameters.return_days == 7
    assert resolved.parameters.cumulative_repair_days_for_exchange == 35
    assert resolved.parameters.depreciation_allowed is False
    assert resolved.parameters.basis == "浙江"
    assert resolved.terms("refrigerator") == FRIDGE


def test_an_overlay_category_replaces_numbers_and_parts_by_code():
    longer = CategoryTerms("refrigerator", 24, (PartTerms("compressor", "压缩机", "Compressor", 60),
                                                PartTerms("door_seal", "门封", "Door seal", 12)),
                           depreciation_percent_per_day=Decimal("0.05"))
    resolved = rule_set_resolve([RuleSetLayer("national", BASE, {"refrigerator": FRIDGE}),
                                 RuleSetLayer("x", RuleParameters(), {"refrigerator": longer})])
    terms = resolved.terms("refrigerator")
    assert terms.whole_unit_months == 24
    assert terms.period_months("compressor") == 60
    assert terms.period_months("condenser") == 36
    assert terms.period_months("door_seal") == 12
    assert terms.period_months("whole_unit") == 24


def test_a_baseline_missing_a_parameter_is_refused():
    with pytest.raises(ValueError, match="return_days"):
        rule_set_resolve([RuleSetLayer("broken", RuleParameters(exchange_days=15))])


def test_the_shipped_zhejiang_overlay_rests_on_the_national_baseline():
    zhejiang, national = shipped_rule_set("zhejiang"), shipped_rule_set("national")
    assert zhejiang.layers == ("national", "zhejiang")
    assert zhejiang.categories == national.categories
    assert zhejiang.parameters.cumulative_repair_days_for_exchange == 35
    assert zhejiang.parameters.repair_deadline_days == 5
    assert zhejiang.parameters.depreciation_allowed is False
    assert national.parameters.cumulative_repair_days_for_exchange is None


CATEGORY_CODES = {"refrigerator", "washing_machine", "air_conditioner", "tv_flat_panel", "tv_crt",
                  "mobile_phone", "computer", "microwave_oven", "range_hood", "gas_water_heater",
                  "electric_water_heater", "electric_fan", "vacuum_cleaner", "dishwasher",
                  "water_purifier"}


def test_the_shipped_catalogue_covers_every_category_with_its_parts():
    national = shipped_rule_set("national")
    assert set(national.categories) == CATEGORY_CODES
    codes = {c: {p.code for p in t.parts} for c, t in national.categories.items()}
    assert {"panel", "backlight", "logic_board", "tuner"} <= codes["tv_flat_panel"]
    assert {"battery", "charger", "earphones"} <= codes["mobile_phone"]
    assert {"motherboard", "cpu", "memory", "display", "hard_disk", "keyboard",
            "power_adapter"} <= codes["computer"]
    assert "compressor" in codes["refrigerator"] and "compressor" in codes["air_conditioner"]
    assert "motor" in codes["washing_machine"] and "motor" in codes["electric_fan"]
    phone = national.terms("mobile_phone")
    assert [phone.period_months(p) for p in ("battery", "charger", "earphones")] == [6, 12, 3]
    assert phone.no_proof_days_after_manufacture == 90 and phone.accepts_other_proof
    assert national.terms("tv_flat_panel").starts_at_installation
    assert national.terms("tv_flat_panel").depreciation_percent_per_day == Decimal("0.100")


def test_rows_domain_md_does_not_confirm_are_unverified_with_their_source():
    data = json.loads(SEED.read_text(encoding="utf-8"))
    rows = {row["category"]: row for row in data["categories"]}
    for code in ("refrigerator", "computer", "dishwasher", "water_purifier"):
        assert rows[code]["verified"] is False
        assert "Unverified" in rows[code]["source"]
    assert "Not listed in domain.md" in rows["electric_water_heater"]["source"]
    charger = next(p for p in rows["mobile_phone"]["parts"] if p["code"] == "charger")
    assert charger["verified"] is False and "6 months" in charger["source"]
    assert rows["tv_flat_panel"]["verified"] is True
