"""One assessment: the 三包 remedies and the no-reason return, over one resolved rule set."""

from __future__ import annotations

from .facts import Facts
from .no_reason import no_reason_assess
from .outcome import Assessment, merge_remedies
from .period import period_compute, proof_assess
from .sanbao import sanbao_assess
from .tables import CategoryTerms, RuleSet


def entitlement_decide(facts: Facts, rule_set: RuleSet) -> Assessment:
    """What the consumer is owed on `facts.request_date`, with every reason something is not.

    `facts` must have passed `facts_check` against the same rule set (known category and parts,
    dates in order). Basis: 《部分商品修理更换退货责任规定》, 消法 art. 24 and 25, the online
    seven-day-return measures, 民法典 art. 201/202 for counting, and the overlay's regulation.
    """
    terms = rule_set.terms(facts.category)
    proof = proof_assess(facts, terms)
    period = period_compute(facts, terms, proof)
    sanbao_remedies, sanbao_refusals = sanbao_assess(
        facts=facts, rules=rule_set.parameters, terms=terms, period=period,
        proof_refusals=proof.refusals)
    no_reason_remedies, no_reason_refusals = no_reason_assess(facts, rule_set.parameters)
    return Assessment(
        rule_set=rule_set.code, category=facts.category,
        remedies=merge_remedies(no_reason_remedies + sanbao_remedies),
        period=period, refusals=tuple(no_reason_refusals + sanbao_refusals),
        terms_verified=_terms_verified(facts, terms),
    )


def _terms_verified(facts: Facts, terms: CategoryTerms) -> bool:
    """Whether the catalogue values this assessment rests on are confirmed (not defaults)."""
    part = terms.part(facts.fault.part) if facts.fault else None
    return terms.verified and (part is None or part.verified)
