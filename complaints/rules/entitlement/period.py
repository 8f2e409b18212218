"""When the 三包 period starts and ends: proof of purchase, installation, exchange, repair days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import last_day_after_days, last_day_after_months
from .facts import Facts
from .outcome import BASIS_PHONE, BASIS_PROOF, Period, Refusal, Text, gettext_noop
from .tables import CategoryTerms


@dataclass(frozen=True)
class ProofOutcome:
    """The sale date the law lets us count from, or the refusals when there is none."""

    sale_date: date
    start_basis: str  # sale | manufacture
    refusals: tuple[Refusal, ...] = ()


def proof_assess(facts: Facts, terms: CategoryTerms) -> ProofOutcome:
    """Which date counts as the sale date, given the proof the consumer holds.

    An invoice or a 三包 certificate proves the sale date. Other proof (an invoice copy, a platform
    order record) is accepted where the category's terms say so (mobile phones, computers). With
    no proof at all, a category with `no_proof_days_after_manufacture` (mobile phones: 90) is
    covered as if sold that many days after manufacture; anything else is excluded from 三包
    (paid repair stays possible). Basis: 《部分商品修理更换退货责任规定》, 《移动电话机商品修理更换
    退货责任规定》, 《微型计算机商品修理更换退货责任规定》.
    """
    if facts.proof in ("invoice", "warranty_card"):
        return ProofOutcome(facts.purchase_date, "sale")
    if facts.proof == "other" and terms.accepts_other_proof:
        return ProofOutcome(facts.purchase_date, "sale")
    after_manufacture = terms.no_proof_days_after_manufacture
    if facts.proof == "none" and after_manufacture is not None:
        if facts.manufacture_date is not None:
            start = last_day_after_days(facts.manufacture_date, after_manufacture)
            return ProofOutcome(start, "manufacture")
        return ProofOutcome(facts.purchase_date, "sale", (Refusal(
            "manufacture_date_unknown",
            Text(gettext_noop(
                "Without an invoice or a warranty card, this product is covered from {days} days "
                "after its manufacture date (shown by the IMEI). Give the manufacture date, or "
                "find the invoice or card."), {"days": after_manufacture}),
            BASIS_PHONE),))
    return ProofOutcome(facts.purchase_date, "sale", (_no_proof_refusal(facts, terms),))


def _no_proof_refusal(facts: Facts, terms: CategoryTerms) -> Refusal:
    if facts.proof == "other":
        detail = gettext_noop(
            "For this category only an invoice or a warranty card (三包凭证) proves the purchase "
            "date. Without one the product has no 三包 cover; paid repair is still possible.")
    else:
        detail = gettext_noop(
            "There is neither a warranty card (三包凭证) nor a valid invoice, so the product has "
            "no 三包 cover; paid repair is still possible.")
    return Refusal("no_valid_proof", Text(detail), BASIS_PROOF)


def period_start(facts: Facts, terms: CategoryTerms, proof: ProofOutcome) -> tuple[date, str]:
    """The start of the 三包 period and why: exchange, installation, else the sale date.

    After an exchange the period restarts on the exchange date. Flat-panel TVs (terms with
    `starts_at_installation`) start on the day delivery, installation and commissioning were
    finished, else on the invoice date.
    """
    if facts.last_exchange_date is not None:
        return facts.last_exchange_date, "exchange"
    if terms.starts_at_installation and facts.installed_date is not None:
        return facts.installed_date, "installation"
    return proof.sale_date, proof.start_basis


def extension_days(facts: Facts, since: date) -> int:
    """Days in repair or waiting for parts since `since` (repairs of a unit since exchanged do not
    extend the new unit's period); a repair still going on counts up to the request date."""
    return sum(repair.days(facts.request_date) for repair in facts.repairs
               if repair.handed_in >= since)


def period_compute(facts: Facts, terms: CategoryTerms, proof: ProofOutcome) -> Period:
    """The whole-unit end and the faulty part's end, each extended by the days in repair."""
    start, start_basis = period_start(facts, terms, proof)
    extension = extension_days(facts, start)

    def end(months: int) -> date:
        return last_day_after_days(last_day_after_months(start, months), extension)

    part = facts.fault.part if facts.fault else None
    return Period(
        sale_date=proof.sale_date, start=start, start_basis=start_basis,
        whole_unit_end=end(terms.whole_unit_months), part=part,
        part_end=end(terms.period_months(part)) if part else None, extension_days=extension,
    )
