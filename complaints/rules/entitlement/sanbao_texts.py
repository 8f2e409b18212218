"""The refusals and notes of the 三包 rules: stable codes, English templates, legal bases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .facts import Facts
from .outcome import (
    BASIS_EXCHANGE_WINDOW,
    BASIS_EXCLUSION,
    BASIS_FREE_REPAIR,
    BASIS_PERIOD,
    BASIS_RETURN_WINDOW,
    RETURN,
    WHOLE_UNIT_NAME,
    LocalName,
    Period,
    Refusal,
    Text,
    gettext_noop,
)
from .tables import CategoryTerms, RuleParameters

EXCLUSION_TEXTS = {
    "misuse": gettext_noop(
        "The damage comes from the consumer's misuse, poor upkeep or storage: no 三包 remedy. "
        "Paid repair is still possible."),
    "unauthorized_disassembly": gettext_noop(
        "The product was taken apart by someone other than the 三包 repairer: no 三包 remedy. "
        "Paid repair is still possible."),
    "certificate_mismatch": gettext_noop(
        "The model on the warranty card differs from the product, or the card was altered: "
        "no 三包 remedy. Paid repair is still possible."),
    "force_majeure": gettext_noop(
        "The damage was caused by force majeure: no 三包 remedy. Paid repair is still possible."),
}


def exclusion_refusal(exclusion: str) -> Refusal:
    return Refusal(f"excluded_{exclusion}", Text(EXCLUSION_TEXTS[exclusion]), BASIS_EXCLUSION)


def no_fault_refusal() -> Refusal:
    return Refusal("no_fault_reported", Text(gettext_noop(
        "No performance fault was reported: repair, exchange and return under 三包 need one.")),
        BASIS_FREE_REPAIR)


def part_name(terms: CategoryTerms, code: str | None) -> LocalName:
    part = terms.part(code) if code else None
    return LocalName(part.name_zh, part.name_en) if part else WHOLE_UNIT_NAME


def period_refusal(facts: Facts, period: Period, terms: CategoryTerms) -> Refusal | None:
    """The fault, or the claim, falls after the faulty part's (extended) period: nothing is owed."""
    params = {"part": part_name(terms, period.part), "end": period.part_end,
              "fault_date": facts.fault.date, "extension": period.extension_days,
              "request_date": facts.request_date}
    if facts.fault.date > period.part_end:
        return Refusal("period_ended", Text(gettext_noop(
            "The fault occurred on {fault_date}, after the 三包 period of the {part} ended on "
            "{end} (including {extension} days added for repairs). No 三包 remedy is owed; paid "
            "repair is still possible."), params), BASIS_PERIOD)
    if facts.request_date > period.part_end:
        return Refusal("claimed_after_period", Text(gettext_noop(
            "The fault occurred within the 三包 period of the {part}, but it is claimed on "
            "{request_date}, after that period ended on {end}."), params), BASIS_PERIOD)
    return None


def window_refusal(remedy: str, facts: Facts, sale_date: date, days: int,
                   last_day: date) -> Refusal:
    """Why the 7-day return or the 15-day exchange window does not apply."""
    params = {"days": days, "sale_date": sale_date, "last_day": last_day,
              "fault_date": facts.fault.date, "request_date": facts.request_date}
    basis = BASIS_RETURN_WINDOW if remedy == RETURN else BASIS_EXCHANGE_WINDOW
    if facts.fault.date > last_day:
        template = (gettext_noop(
            "A return is owed only for a fault within {days} days of the sale ({sale_date} to "
            "{last_day}), or after failed repairs; this fault occurred on {fault_date}.")
            if remedy == RETURN else gettext_noop(
            "An exchange is owed only for a fault within {days} days of the sale ({sale_date} "
            "to {last_day}), or after failed or overlong repairs; this fault occurred on "
            "{fault_date}."))
        return Refusal(f"{remedy}_window_passed", Text(template, params), basis)
    template = (gettext_noop(
        "The fault occurred within {days} days of the sale, but a return could be claimed only "
        "until {last_day}; it is claimed on {request_date}.") if remedy == RETURN else gettext_noop(
        "The fault occurred within {days} days of the sale, but an exchange could be claimed "
        "only until {last_day}; it is claimed on {request_date}."))
    return Refusal(f"{remedy}_claimed_late", Text(template, params), basis)


def same_model_note() -> Text:
    return Text(gettext_noop(
        "An exchange is for the same model and specification. If none is available and you do "
        "not accept another model, the seller must refund the full price instead."))


def free_repair_notes(facts: Facts, rules: RuleParameters, terms: CategoryTerms) -> tuple:
    notes = [Text(gettext_noop(
        "Parts and labour are free; the business pays transport and other necessary costs. "
        "This covers the {part} for {months} months from the start of the period."),
        {"part": part_name(terms, facts.fault.part),
         "months": terms.period_months(facts.fault.part)})]
    if rules.repair_deadline_days is not None:
        notes.append(Text(gettext_noop(
            "The repair must be finished within {days} days; beyond that the business lends you "
            "a replacement unit until it is ({basis})."),
            {"days": rules.repair_deadline_days, "basis": rules.basis}))
    return tuple(notes)


def depreciation_note(facts: Facts, rules: RuleParameters, terms: CategoryTerms,
                      sale_date: date) -> Text:
    """Depreciation on a return instead of an exchange: daily rate × days from the invoice date to
    the return (the request date), minus the days in repair or waiting for parts."""
    if not rules.depreciation_allowed:
        return Text(gettext_noop("No depreciation may be deducted from the refund ({basis})."),
                    {"basis": rules.basis})
    rate = terms.depreciation_percent_per_day
    if rate is None:
        return Text(gettext_noop(
            "The catalogue sets no daily depreciation rate for this category: a deduction from "
            "the refund has no published basis."))
    repair_days = sum(repair.days(facts.request_date) for repair in facts.repairs
                      if repair.handed_in >= sale_date)
    days = max(0, (facts.request_date - sale_date).days - repair_days)
    percent = min(Decimal(rate) * days, Decimal(100)).quantize(Decimal("0.01"))
    return Text(gettext_noop(
        "If the same model is available and you still want a refund, the seller may deduct "
        "depreciation: {rate}% a day for {days} days (invoice date {sale_date} to {return_date}, "
        "less {repair_days} days in repair) = {percent}% of the invoice price. Without a same "
        "model, the refund is the full price."),
        {"rate": format(Decimal(rate).normalize(), "f"), "days": days, "sale_date": sale_date,
         "return_date": facts.request_date, "repair_days": repair_days, "percent": percent})
