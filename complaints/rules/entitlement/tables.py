"""The catalogue the rules read: rule parameters, category periods and parts, as frozen data.

A rule set is a national baseline plus an optional provincial overlay. An overlay layer states
only what differs: its empty parameters come from the base; a category it lists replaces the
base's numbers for that category and adds or replaces parts by code; other categories are the
base's. Nothing about a category is hard-coded in the rules: everything here comes from data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

WHOLE_UNIT = "whole_unit"
NATIONAL_RULE_SET = "national"  # the baseline every overlay rests on; the default rule set
MAIN_PART, ACCESSORY = "main_part", "accessory"


@dataclass(frozen=True)
class PartTerms:
    """A main part (主要部件) or accessory (附件) with its own 三包 period."""

    code: str
    name_zh: str
    name_en: str
    period_months: int
    kind: str = MAIN_PART
    verified: bool = False


@dataclass(frozen=True)
class CategoryTerms:
    """One category's 三包 terms: the whole-unit period, its parts, how the period starts."""

    category: str
    whole_unit_months: int
    parts: tuple[PartTerms, ...] = ()
    depreciation_percent_per_day: Decimal | None = None
    starts_at_installation: bool = False  # flat-panel TVs (2011 addition)
    accepts_other_proof: bool = False  # mobile phones, computers: order record, invoice copy
    no_proof_days_after_manufacture: int | None = None  # mobile phones: 90
    verified: bool = False

    def part(self, code: str) -> PartTerms | None:
        return next((part for part in self.parts if part.code == code), None)

    def period_months(self, part_code: str) -> int:
        """The 三包 period of `part_code` (`whole_unit` or a part of this category)."""
        part = self.part(part_code)
        return part.period_months if part else self.whole_unit_months


@dataclass(frozen=True)
class RuleParameters:
    """The numbers of a rule set. In an overlay layer, None means "as the base says"."""

    return_days: int | None = None  # fault within N days of sale: return, exchange or repair
    exchange_days: int | None = None  # fault within N days of sale: exchange or repair
    failed_repairs_for_exchange: int | None = None  # repairs that did not fix it
    cumulative_repair_days_for_exchange: int | None = None  # more than N days in repair (overlay)
    parts_missing_days: int | None = None  # in repair more than N days for lack of parts
    repairer_delay_days: int | None = None  # in repair more than N days by the repairer's fault
    repair_deadline_days: int | None = None  # repair within N days, else a loan unit (overlay)
    no_reason_return_days: int | None = None  # 七日无理由退货 for remote sales
    depreciation_allowed: bool | None = None
    basis: str | None = None  # the regulation the layer's values come from (cited in notes)


OPTIONAL_PARAMETERS = ("cumulative_repair_days_for_exchange", "repair_deadline_days", "basis")


@dataclass(frozen=True)
class RuleSetLayer:
    """One layer as stored: the baseline (base_code None) or an overlay on base_code."""

    code: str
    parameters: RuleParameters
    categories: dict[str, CategoryTerms] = field(default_factory=dict)
    base_code: str | None = None


@dataclass(frozen=True)
class RuleSet:
    """A resolved rule set: every parameter set, every category's terms."""

    code: str
    parameters: RuleParameters
    categories: dict[str, CategoryTerms]
    layers: tuple[str, ...]  # e.g. ("national", "zhejiang")

    def terms(self, category: str) -> CategoryTerms | None:
        return self.categories.get(category)


def rule_set_resolve(layers: list[RuleSetLayer]) -> RuleSet:
    """Fold layers, baseline first, into one rule set. ValueError if a parameter stays unset."""
    parameters, categories = RuleParameters(), {}
    for layer in layers:
        parameters = _overlay_parameters(parameters, layer.parameters)
        for code, terms in layer.categories.items():
            categories[code] = _overlay_terms(categories.get(code), terms)
    unset = [f.name for f in fields(RuleParameters) if getattr(parameters, f.name) is None
             and f.name not in OPTIONAL_PARAMETERS]
    if unset:
        raise ValueError(f"rule set {layers[-1].code}: no value for {', '.join(unset)}")
    return RuleSet(code=layers[-1].code, parameters=parameters, categories=categories,
                   layers=tuple(layer.code for layer in layers))


def _overlay_parameters(base: RuleParameters, overlay: RuleParameters) -> RuleParameters:
    changes = {f.name: getattr(overlay, f.name) for f in fields(RuleParameters)
               if getattr(overlay, f.name) is not None}
    return replace(base, **changes)


def _overlay_terms(base: CategoryTerms | None, overlay: CategoryTerms) -> CategoryTerms:
    if base is None:
        return overlay
    parts = {part.code: part for part in base.parts}
    parts.update({part.code: part for part in overlay.parts})
    return replace(overlay, parts=tuple(parts.values()))
