"""Checks of a read payload against the rule set and itself: known codes, dates in order."""

from __future__ import annotations

from datetime import date

from .outcome import Text, gettext_noop
from .payload import FieldProblem
from .tables import WHOLE_UNIT, CategoryTerms, RuleSet

NOT_BEFORE = gettext_noop("Must not be before {other} ({date}).")
NOT_AFTER = gettext_noop("Must not be after {other} ({date}).")
# The names of the other fields, as the payload spells them (not translated).
PURCHASE, REQUEST = "purchase_date", "request_date"


def facts_check(values: dict, rule_set: RuleSet | None) -> list[FieldProblem]:
    """Every problem of the read values: unknown category or part, dates out of order."""
    problems = _code_problems(values, rule_set)
    purchase, request = values.get(PURCHASE), values.get(REQUEST)
    _order(problems, REQUEST, request, after=(PURCHASE, purchase))
    for key in ("received_date", "installed_date", "last_exchange_date"):
        _order(problems, key, values.get(key), after=(PURCHASE, purchase),
               before=(REQUEST, request))
    _order(problems, "manufacture_date", values.get("manufacture_date"),
           before=(PURCHASE, purchase))
    fault = values.get("fault")
    if fault:
        _order(problems, "fault.date", fault["date"], after=(PURCHASE, purchase),
               before=(REQUEST, request))
        _order(problems, "fault.date", fault["date"],
               after=("last_exchange_date", values.get("last_exchange_date")))
    _repair_problems(problems, values.get("repairs") or [], purchase, request)
    return problems


def _code_problems(values: dict, rule_set: RuleSet | None) -> list[FieldProblem]:
    if rule_set is None:
        return [FieldProblem("rule_set", Text(gettext_noop("Unknown rule set.")))]
    terms = rule_set.terms(values.get("category")) if values.get("category") else None
    if terms is None:
        if not values.get("category"):
            return []
        return [FieldProblem("category", Text(gettext_noop("Unknown appliance category.")))]
    fields = [("fault.part", (values.get("fault") or {}).get("part"))]
    fields += [(f"repairs[{index}].part", repair["part"])
               for index, repair in enumerate(values.get("repairs") or [])]
    return [FieldProblem(field, _unknown_part(terms)) for field, code in fields
            if code is not None and code != WHOLE_UNIT and terms.part(code) is None]


def _unknown_part(terms: CategoryTerms) -> Text:
    codes = ", ".join([WHOLE_UNIT, *(part.code for part in terms.parts)])
    return Text(gettext_noop("Unknown part for this category; known parts: {codes}."),
                {"codes": codes})


def _order(problems: list, field: str, value: date | None, *, after: tuple | None = None,
           before: tuple | None = None) -> None:
    """A problem when `value` lies before `after`'s date or after `before`'s (None: unknown)."""
    if value is None:
        return
    if after and after[1] is not None and value < after[1]:
        problems.append(FieldProblem(field, Text(NOT_BEFORE, {"other": after[0],
                                                             "date": after[1]})))
    elif before and before[1] is not None and value > before[1]:
        problems.append(FieldProblem(field, Text(NOT_AFTER, {"other": before[0],
                                                            "date": before[1]})))


def _repair_problems(problems: list, repairs: list[dict], purchase: date | None,
                     request: date | None) -> None:
    for index, repair in enumerate(repairs):
        prefix = f"repairs[{index}]"
        _order(problems, f"{prefix}.handed_in", repair["handed_in"], after=(PURCHASE, purchase),
               before=(REQUEST, request))
        _order(problems, f"{prefix}.returned", repair["returned"],
               after=(f"{prefix}.handed_in", repair["handed_in"]), before=(REQUEST, request))
    stays = sorted((repair["handed_in"], repair["returned"] or request, index)
                   for index, repair in enumerate(repairs)
                   if repair["handed_in"] is not None and (repair["returned"] or request))
    for (_, previous_end, previous), (start, _, index) in zip(stays, stays[1:], strict=False):
        if start < previous_end:
            problems.append(FieldProblem(f"repairs[{index}].handed_in", Text(gettext_noop(
                "Overlaps repair {other}, which ended on {date}."),
                {"other": f"repairs[{previous}]", "date": previous_end})))
