"""Reading an assessment request (the JSON of POST /api/v1/entitlements/assess) into Facts.

Every problem names its field the way the payload spells it: `fault.part`, `repairs[0].returned`.
Parsing checks types and enumerations; `facts_check` (checks.py) then checks the values against
the rule set (known category and parts) and each other (dates in order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .facts import (
    CHANNELS,
    DELAY_CAUSES,
    EXCLUDED_GOODS,
    EXCLUSIONS,
    PROOFS,
    STORE_PROMISE_DAYS,
    Facts,
    Fault,
    Repair,
)
from .outcome import Text, gettext_noop
from .tables import NATIONAL_RULE_SET, WHOLE_UNIT

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_FIELDS = ("purchase_date", "request_date", "received_date", "installed_date",
               "manufacture_date", "last_exchange_date")
REQUIRED = ("category", "channel", "purchase_date", "request_date", "proof")
ENUMS = {"channel": CHANNELS, "proof": PROOFS, "excluded_goods": EXCLUDED_GOODS,
         "exclusion": EXCLUSIONS}
MISSING = gettext_noop("This field is required.")


@dataclass(frozen=True)
class FieldProblem:
    field: str
    reason: Text


class _Reader:
    """Collects typed values and the problems found on the way."""

    def __init__(self):
        self.problems: list[FieldProblem] = []

    def fail(self, field: str, template: str, **params) -> None:
        self.problems.append(FieldProblem(field, Text(template, params)))

    def date(self, source: dict, key: str, field: str, required: bool = False) -> date | None:
        value = source.get(key)
        if value is None:
            if required:
                self.fail(field, MISSING)
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str) and ISO_DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(field, gettext_noop("Not a valid date (YYYY-MM-DD)."))
        return None

    def choice(self, source: dict, key: str, field: str, choices: tuple) -> str | None:
        value = source.get(key)
        if value is None or value in choices:
            return value
        self.fail(field, gettext_noop("Must be one of: {choices}."), choices=", ".join(choices))
        return None

    def text(self, source: dict, key: str, field: str, default: str | None = None) -> str | None:
        """A trimmed non-empty text; absent or null gives `default` (null must not bypass it)."""
        value = source.get(key)
        if value is None:
            return default
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail(field, gettext_noop("Must be a non-empty text."))
        return None


def payload_read(payload) -> tuple[dict, list[FieldProblem]]:
    """Typed values of the payload (None where absent or bad) and the problems found."""
    reader = _Reader()
    if not isinstance(payload, dict):
        reader.fail("body", gettext_noop("The request body must be a JSON object."))
        return {}, reader.problems
    values = {key: reader.date(payload, key, key, key in REQUIRED) for key in DATE_FIELDS}
    for key, choices in ENUMS.items():
        values[key] = reader.choice(payload, key, key, choices)
        if key in REQUIRED and payload.get(key) is None:
            reader.fail(key, MISSING)
    values["category"] = reader.text(payload, "category", "category")
    if payload.get("category") is None:
        reader.fail("category", MISSING)
    values["rule_set"] = reader.text(payload, "rule_set", "rule_set", default=NATIONAL_RULE_SET)
    values["goods_intact"] = _goods_intact(reader, payload)
    values["store_promise_days"] = _store_promise_days(reader, payload)
    values["fault"] = _fault(reader, payload.get("fault"))
    values["repairs"] = _repairs(reader, payload.get("repairs"))
    return values, reader.problems


def _goods_intact(reader: _Reader, payload: dict) -> bool:
    value = payload.get("goods_intact", True)
    if isinstance(value, bool):
        return value
    reader.fail("goods_intact", gettext_noop("Must be true or false."))
    return True


def _store_promise_days(reader: _Reader, payload: dict) -> int | None:
    value = payload.get("store_promise_days")
    low, high = STORE_PROMISE_DAYS
    if value is None or (type(value) is int and low <= value <= high):
        return value
    reader.fail("store_promise_days", gettext_noop("Must be a whole number from {low} to {high}."),
                low=low, high=high)
    return None


def _fault(reader: _Reader, raw) -> dict | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        reader.fail("fault", gettext_noop("Must be null or an object with date and part."))
        return None
    return {"date": reader.date(raw, "date", "fault.date", required=True),
            "part": reader.text(raw, "part", "fault.part", default=WHOLE_UNIT)}


def _repairs(reader: _Reader, raw) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        reader.fail("repairs", gettext_noop("Must be a list of repairs."))
        return []
    repairs = []
    for index, item in enumerate(raw):
        prefix = f"repairs[{index}]"
        if not isinstance(item, dict):
            reader.fail(prefix, gettext_noop("Must be an object with handed_in and returned."))
            continue
        repairs.append({
            "handed_in": reader.date(item, "handed_in", f"{prefix}.handed_in", required=True),
            "returned": reader.date(item, "returned", f"{prefix}.returned"),
            "part": reader.text(item, "part", f"{prefix}.part", default=WHOLE_UNIT),
            "delay_cause": reader.choice(item, "delay_cause", f"{prefix}.delay_cause",
                                         DELAY_CAUSES),
        })
    return repairs


def facts_build(values: dict) -> Facts:
    """Facts from values that passed payload_read and facts_check without a problem."""
    fault = values["fault"]
    return Facts(
        category=values["category"], channel=values["channel"],
        purchase_date=values["purchase_date"], request_date=values["request_date"],
        proof=values["proof"], received_date=values["received_date"],
        installed_date=values["installed_date"], manufacture_date=values["manufacture_date"],
        fault=Fault(fault["date"], fault["part"]) if fault else None,
        repairs=tuple(Repair(**repair) for repair in values["repairs"]),
        last_exchange_date=values["last_exchange_date"], goods_intact=values["goods_intact"],
        excluded_goods=values["excluded_goods"], exclusion=values["exclusion"],
        store_promise_days=values["store_promise_days"],
    )
