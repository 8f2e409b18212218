"""三包 remedies for a performance fault (性能故障): return, exchange, free repair.

Windows count from the sale (invoice) date (民法典 art. 201: day 7 is sale date + 7):
fault within `return_days` (7) → return, exchange or repair; within `exchange_days` (15) →
exchange or repair; later, within the faulty part's 三包 period → free repair. Within that period
also: `failed_repairs_for_exchange` (2) repairs that did not fix it → exchange or return; a stay in
repair longer than `parts_missing_days` (90) for lack of parts, or longer than
`repairer_delay_days` (30) by the repairer's own fault → free exchange. An overlay may add a
cumulative number of repair days (Zhejiang: more than 35) that gives exchange or return.

A remedy is listed only when its triggering event lies in its window and the request date is not
after its `claim_by`, the window's last day. Every remedy not owed gets a refusal saying why.
Basis: 《部分商品修理更换退货责任规定》 (article numbers are not cited: secondary sources disagree).
"""

from __future__ import annotations

from datetime import date

from .dates import last_day_after_days
from .facts import Facts, Repair
from .outcome import (
    BASIS_EXCHANGE_WINDOW,
    BASIS_FAILED_REPAIRS,
    BASIS_FREE_REPAIR,
    BASIS_PARTS_MISSING,
    BASIS_REPAIRER_DELAY,
    BASIS_RETURN_WINDOW,
    EXCHANGE,
    FREE_REPAIR,
    RETURN,
    Period,
    Refusal,
    Remedy,
    Text,
    gettext_noop,
)
from .sanbao_texts import (
    depreciation_note,
    exclusion_refusal,
    free_repair_notes,
    no_fault_refusal,
    period_refusal,
    same_model_note,
    window_refusal,
)
from .tables import CategoryTerms, RuleParameters


def sanbao_assess(*, facts: Facts, rules: RuleParameters, terms: CategoryTerms, period: Period,
                  proof_refusals: tuple[Refusal, ...]) -> tuple[list[Remedy], list[Refusal]]:
    """The 三包 remedies owed for `facts.fault`, and every reason one is not."""
    blocking = list(proof_refusals)
    if facts.exclusion:
        blocking.append(exclusion_refusal(facts.exclusion))
    if facts.fault is None:
        blocking.append(no_fault_refusal())
    elif ended := period_refusal(facts, period, terms):
        blocking.append(ended)
    if blocking:
        return [], blocking
    remedies = _trigger_remedies(facts, rules, terms, period) + [Remedy(
        FREE_REPAIR, BASIS_FREE_REPAIR, period.part_end, free_repair_notes(facts, rules, terms))]
    windows, refused = _window_remedies(facts, rules, period.sale_date)
    granted = {remedy.remedy for remedy in remedies + windows}
    return remedies + windows, [refusal for name, refusal in refused if name not in granted]


def _window_remedies(facts: Facts, rules: RuleParameters,
                     sale_date: date) -> tuple[list[Remedy], list[tuple[str, Refusal]]]:
    remedies, refused = [], []
    for remedy, days, basis, notes in (
        (RETURN, rules.return_days, BASIS_RETURN_WINDOW,
         (Text(gettext_noop("The full invoice price is refunded in one payment.")),)),
        (EXCHANGE, rules.exchange_days, BASIS_EXCHANGE_WINDOW, (same_model_note(),)),
    ):
        last_day = last_day_after_days(sale_date, days)
        if facts.fault.date <= last_day and facts.request_date <= last_day:
            remedies.append(Remedy(remedy, basis, last_day, notes))
        else:
            refused.append((remedy, window_refusal(remedy, facts, sale_date, days, last_day)))
    return remedies, refused


def _trigger_remedies(facts: Facts, rules: RuleParameters, terms: CategoryTerms,
                      period: Period) -> list[Remedy]:
    """Exchange (and return) owed within the part's period after failed or long repairs."""
    claim_by, remedies = period.part_end, []
    exchange_note, return_note = same_model_note(), depreciation_note(facts, rules, terms,
                                                                      period.sale_date)
    for basis in _exchange_or_return_bases(facts, rules, period):
        remedies += [Remedy(EXCHANGE, basis, claim_by, (exchange_note,)),
                     Remedy(RETURN, basis, claim_by, (return_note,))]
    if _longest_stay(facts, period, "parts") > rules.parts_missing_days:
        remedies.append(Remedy(EXCHANGE, BASIS_PARTS_MISSING, claim_by, (Text(gettext_noop(
            "The seller exchanges the product free of charge; the repairer notes the missing "
            "parts in the repair record.")),)))
    if _longest_stay(facts, period, "repairer") > rules.repairer_delay_days:
        remedies.append(Remedy(EXCHANGE, BASIS_REPAIRER_DELAY, claim_by, (Text(gettext_noop(
            "The repairer exchanges the product free of charge, at its own cost.")),)))
    return remedies


def _exchange_or_return_bases(facts: Facts, rules: RuleParameters, period: Period) -> list[str]:
    bases = []
    if len(_failed_repairs(facts, period)) >= rules.failed_repairs_for_exchange:
        bases.append(BASIS_FAILED_REPAIRS)
    cumulative = rules.cumulative_repair_days_for_exchange
    if cumulative is not None and period.extension_days > cumulative:
        bases.append(rules.basis or BASIS_FAILED_REPAIRS)
    return bases


def _failed_repairs(facts: Facts, period: Period) -> list[Repair]:
    """Finished repairs of this unit after which the product still failed (on the fault date)."""
    return [repair for repair in facts.repairs
            if repair.handed_in >= period.start and repair.returned is not None
            and repair.returned <= facts.fault.date]


def _longest_stay(facts: Facts, period: Period, cause: str) -> int:
    stays = [repair.days(facts.request_date) for repair in facts.repairs
             if repair.delay_cause == cause and repair.handed_in >= period.start]
    return max(stays, default=0)
