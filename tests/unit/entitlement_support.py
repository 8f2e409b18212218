"""Helpers for the entitlement rule tests: the shipped catalogue as pure data, no database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from complaints.rules.entitlement import (
    CategoryTerms,
    LocalName,
    PartTerms,
    RuleParameters,
    RuleSet,
    RuleSetLayer,
    Text,
    entitlement_decide,
    facts_build,
    facts_check,
    payload_read,
    rule_set_resolve,
)

SEED = Path(__file__).resolve().parents[2] / "complaints" / "data" / "entitlement_tables.json"
PARAMETERS = [name for name in RuleParameters.__dataclass_fields__ if name != "basis"]
SALE = date(2026, 3, 1)


def day(n: int, since: date = SALE) -> str:
    """The date n days after `since` as the payload spells it (day 7 = since + 7, art. 201)."""
    return (since + timedelta(days=n)).isoformat()


def _terms(row: dict) -> CategoryTerms:
    rate = row["depreciation_percent_per_day"]
    return CategoryTerms(
        category=row["category"], whole_unit_months=row["whole_unit_months"],
        parts=tuple(PartTerms(p["code"], p["name_zh"], p["name_en"], p["period_months"],
                              p["kind"], p["verified"]) for p in row["parts"]),
        depreciation_percent_per_day=Decimal(rate) if rate else None,
        starts_at_installation=row["starts_at_installation"],
        accepts_other_proof=row["accepts_other_proof"],
        no_proof_days_after_manufacture=row["no_proof_days_after_manufacture"],
        verified=row["verified"])


def shipped_rule_set(code: str = "national") -> RuleSet:
    """The shipped seed file as a resolved rule set, exactly as the database would hold it."""
    data = json.loads(SEED.read_text(encoding="utf-8"))
    rows = {row["code"]: row for row in data["rule_sets"]}
    chain = [rows[code]]
    while chain[0]["base"]:
        chain.insert(0, rows[chain[0]["base"]])
    return rule_set_resolve([RuleSetLayer(
        code=row["code"], base_code=row["base"],
        parameters=RuleParameters(**{name: row[name] for name in PARAMETERS},
                                  basis=row["source"]),
        categories={c["category"]: _terms(c) for c in data["categories"]
                    if c["rule_set"] == row["code"]}) for row in chain])


def english(value) -> str:
    """A rules text rendered in English (what the service does with gettext, untranslated)."""
    if isinstance(value, Text):
        return value.template.format(**{k: english(v) for k, v in value.params.items()})
    if isinstance(value, LocalName):
        return value.en
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Outcome:
    remedies: dict[str, str]  # remedy -> claim_by
    notes: dict[str, str]  # remedy -> note text
    bases: dict[str, str]
    refusals: dict[str, str]  # code -> detail
    refusal_bases: dict[str, str]
    period: dict
    verified: bool


def payload(**overrides) -> dict:
    """A refrigerator bought in a store on 2026-03-01 with an invoice, claimed that day."""
    base = {"category": "refrigerator", "channel": "in_store", "purchase_date": SALE.isoformat(),
            "proof": "invoice", "request_date": SALE.isoformat(), "fault": None, "repairs": []}
    base.update(overrides)
    return base


def problems(rule_set: str = "national", **overrides) -> dict[str, str]:
    """field -> reason for a payload that should not pass."""
    values, found = payload_read(payload(rule_set=rule_set, **overrides))
    found += facts_check(values, shipped_rule_set(rule_set))
    return {problem.field: english(problem.reason) for problem in found}


def decide(rule_set: str = "national", **overrides) -> Outcome:
    values, found = payload_read(payload(**overrides))
    resolved = shipped_rule_set(rule_set)
    found += facts_check(values, resolved)
    assert not found, [(p.field, english(p.reason)) for p in found]
    result = entitlement_decide(facts_build(values), resolved)
    period = result.period
    return Outcome(
        remedies={r.remedy: r.claim_by.isoformat() for r in result.remedies},
        notes={r.remedy: " ".join(english(n) for n in r.notes) for r in result.remedies},
        bases={r.remedy: r.basis for r in result.remedies},
        refusals={r.code: english(r.detail) for r in result.refusals},
        refusal_bases={r.code: r.basis for r in result.refusals},
        period={"start": period.start.isoformat(), "start_basis": period.start_basis,
                "sale_date": period.sale_date.isoformat(),
                "whole_unit_end": period.whole_unit_end.isoformat(),
                "part_end": period.part_end.isoformat() if period.part_end else None,
                "extension_days": period.extension_days},
        verified=result.terms_verified)


def fault_on(when: str, part: str = "whole_unit", **overrides) -> Outcome:
    """A fault on `when`, claimed the same day."""
    return decide(fault={"date": when, "part": part}, request_date=when, **overrides)
