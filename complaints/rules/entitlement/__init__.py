"""The 三包 entitlement engine: pure rules over frozen data (domain.md §1–§3), no Django.

Read a request with `payload_read`, check it with `facts_check` against a `RuleSet` resolved from
the catalogue tables (`rule_set_resolve`), build `Facts` (`facts_build`) and decide with
`entitlement_decide`. Periods and parts come from data; the logic lives here:

dates.py      counting days, months and years (民法典 art. 201/202)
tables.py     the catalogue as data, national baseline + provincial overlay
facts.py      the consumer's facts        payload.py, checks.py   reading and checking a request
period.py     proof, start, extension     sanbao.py, sanbao_texts.py   return, exchange, repair
no_reason.py  seven-day no-reason return and in-store commitments
engine.py     one assessment              outcome.py   remedies, refusals, legal bases
"""

from .checks import facts_check
from .engine import entitlement_decide
from .facts import Facts, Fault, Repair
from .outcome import Assessment, LocalName, Period, Refusal, Remedy, Text
from .payload import FieldProblem, facts_build, payload_read
from .tables import (
    ACCESSORY,
    MAIN_PART,
    NATIONAL_RULE_SET,
    WHOLE_UNIT,
    CategoryTerms,
    PartTerms,
    RuleParameters,
    RuleSet,
    RuleSetLayer,
    rule_set_resolve,
)

__all__ = [
    "ACCESSORY", "MAIN_PART", "NATIONAL_RULE_SET", "WHOLE_UNIT", "Assessment", "CategoryTerms",
    "Facts", "Fault", "FieldProblem", "LocalName", "PartTerms", "Period", "Refusal", "Remedy", "Repair",
    "RuleParameters", "RuleSet", "RuleSetLayer", "Text", "entitlement_decide", "facts_build",
    "facts_check", "payload_read", "rule_set_resolve",
]
