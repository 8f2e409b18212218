"""三包 entitlements: the assessment service, the catalogue tables' seed, reads and audited edits.

The decisions are the pure rules of complaints/rules/entitlement/; this module reads the rule
tables from the database, translates the rules' texts, and writes the tables with an audit row.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

from config.errors import InvalidInput
from service_net.models import Category

from ..models import EntitlementCategory, EntitlementPart, EntitlementRuleSet, EntitlementTableChange
from ..rules.entitlement import (
    NATIONAL_RULE_SET,
    Assessment,
    CategoryTerms,
    FieldProblem,
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

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "entitlement_tables.json"
# The rule parameters stored as columns of EntitlementRuleSet (`basis` is its `source` text).
PARAMETER_FIELDS = tuple(f.name for f in dataclasses.fields(RuleParameters) if f.name != "basis")
MAX_LAYERS = 5
TABLE_NAMES = {EntitlementRuleSet: "rule_set", EntitlementCategory: "category",
               EntitlementPart: "part"}


# ---- assessment -------------------------------------------------------------------------------

def entitlement_assess(payload: dict) -> dict:
    """What 三包 and no-reason-return law give the consumer on these facts (domain.md §1–§3).

    `payload` is the JSON of POST /api/v1/entitlements/assess; the result is the response body:
    `remedies` [{remedy, basis, claim_by, note}], `period`, `refusals` [{code, detail, basis}].
    Raises InvalidInput (422) naming every bad field: unknown rule set, category or part, bad
    dates or enumerations, dates in the wrong order, a request before the purchase.
    Read-only: nothing is written.
    """
    values, problems = payload_read(payload)
    rule_set = rule_set_load(values.get("rule_set") or NATIONAL_RULE_SET,
                             category=values.get("category") or "")
    problems += facts_check(values, rule_set)
    if problems:
        raise InvalidInput(errors=[_problem(problem) for problem in problems])
    return _assessment_dict(entitlement_decide(facts_build(values), rule_set))


def _problem(problem: FieldProblem) -> dict:
    return {"field": problem.field, "reason": text_render(problem.reason)}


def _assessment_dict(assessment: Assessment) -> dict:
    period = assessment.period
    return {
        "rule_set": assessment.rule_set,
        "category": assessment.category,
        "remedies": [{
            "remedy": remedy.remedy, "basis": remedy.basis,
            "claim_by": remedy.claim_by.isoformat(),
            "note": " ".join(text_render(note) for note in remedy.notes) or None,
        } for remedy in assessment.remedies],
        "period": {
            "sale_date": period.sale_date.isoformat(), "start": period.start.isoformat(),
            "start_basis": period.start_basis, "whole_unit_end": period.whole_unit_end.isoformat(),
            "part": period.part, "part_end": period.part_end.isoformat() if period.part_end else None,
            "extension_days": period.extension_days,
        },
        "refusals": [{"code": refusal.code, "detail": text_render(refusal.detail),
                      "basis": refusal.basis} for refusal in assessment.refusals],
        "terms_verified": assessment.terms_verified,
    }


def text_render(value):
    """A rules text in the active language: template translated, parameters filled in."""
    if isinstance(value, Text):
        params = {key: text_render(param) for key, param in value.params.items()}
        try:
            return gettext(value.template).format(**params)
        except (KeyError, IndexError, ValueError):  # a faulty translation: fall back to English
            return value.template.format(**params)
    if isinstance(value, LocalName):
        return value.zh if (get_language() or "zh-hans").startswith("zh") else value.en
    if isinstance(value, date):
        return value.isoformat()
    return value


# ---- reading the tables -----------------------------------------------------------------------

def rule_set_load(code: str, *, category: str | None = None) -> RuleSet | None:
    """The resolved rule set `code` (its base layers first), or None if there is no such set.

    With `category`, only that category's terms are read (all an assessment needs). On
    PostgreSQL the result is kept in memory under a digest of the three tables' content (one
    query per call): any edit — the admin, SQL, a rolled-back transaction — changes the digest,
    so the next call reads the tables again."""
    digest = tables_digest()
    if digest is None:
        return _rule_set_read(code, category)
    memo = _memo
    if memo["digest"] != digest:
        memo = {"digest": digest, "sets": {}}
    key = (code, category)
    if key in memo["sets"]:
        return memo["sets"][key]
    found = _rule_set_read(code, category)
    # Only what exists is kept: codes and categories come from the request.
    if found is not None and (category is None or category in found.categories):
        memo["sets"][key] = found
    _remember(memo)
    return found


_memo: dict = {"digest": None, "sets": {}}
_TABLES = (EntitlementRuleSet, EntitlementCategory, EntitlementPart)


def tables_digest() -> str | None:
    """md5 of every row of the rule set, category and part tables, in key order (PostgreSQL;
    None elsewhere: the demo's SQLite reads the tables on every call)."""
    if connection.vendor != "postgresql":
        return None
    parts = ", ".join(
        f"(SELECT string_agg(t::text, ',' ORDER BY t.{m._meta.pk.column}) FROM {m._meta.db_table} t)"
        for m in _TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT md5(concat_ws('|', {parts}))")
        return cursor.fetchone()[0]


def _remember(memo: dict) -> None:
    global _memo
    _memo = memo  # one assignment: a concurrent reader sees the old memo or the new, whole


def _rule_set_read(code: str, category: str | None) -> RuleSet | None:
    chain: list[EntitlementRuleSet] = []
    row = EntitlementRuleSet.objects.filter(code=code).select_related("base").first()
    while row is not None and row.code not in {r.code for r in chain} and len(chain) < MAX_LAYERS:
        chain.insert(0, row)
        row = row.base
    if not chain or chain[0].base_id is not None:
        return None  # unknown, or a broken chain (a loop, or deeper than MAX_LAYERS)
    terms = (EntitlementCategory.objects.filter(rule_set__in=[r.code for r in chain])
             .order_by().prefetch_related("parts"))
    if category is not None:
        terms = terms.filter(category_id=category)
    return rule_set_resolve([RuleSetLayer(
        code=layer.code, parameters=_parameters(layer), base_code=layer.base_id,
        categories={t.category_id: _terms(t) for t in terms if t.rule_set_id == layer.code},
    ) for layer in chain])


def _parameters(row: EntitlementRuleSet) -> RuleParameters:
    return RuleParameters(**{name: getattr(row, name) for name in PARAMETER_FIELDS},
                          basis=row.source.strip() or None)


def _terms(row: EntitlementCategory) -> CategoryTerms:
    return CategoryTerms(
        category=row.category_id, whole_unit_months=row.whole_unit_months,
        parts=tuple(PartTerms(code=p.code, name_zh=p.name_zh, name_en=p.name_en,
                              period_months=p.period_months, kind=p.kind, verified=p.verified)
                    for p in row.parts.all()),
        depreciation_percent_per_day=row.depreciation_percent_per_day,
        starts_at_installation=row.starts_at_installation,
        accepts_other_proof=row.accepts_other_proof,
        no_proof_days_after_manufacture=row.no_proof_days_after_manufacture,
        verified=row.verified,
    )


def entitlement_catalogue(*, rule_set: str = NATIONAL_RULE_SET) -> dict:
    """The catalogue of a rule set: parameters, categories, periods, parts and verified flags."""
    resolved = rule_set_load(rule_set)
    if resolved is None:
        raise InvalidInput(errors=[{"field": "rule_set", "reason": gettext("Unknown rule set.")}])
    names = {c.code: c for c in Category.objects.filter(code__in=resolved.categories)}
    ordered = sorted(resolved.categories.values(),
                     key=lambda t: (names[t.category].sort_order, t.category))
    return {
        "rule_set": resolved.code, "layers": list(resolved.layers),
        "parameters": {name: getattr(resolved.parameters, name) for name in PARAMETER_FIELDS},
        "categories": [_catalogue_entry(terms, names[terms.category]) for terms in ordered],
    }


def _catalogue_entry(terms: CategoryTerms, category: Category) -> dict:
    rate = terms.depreciation_percent_per_day
    return {
        "code": terms.category, "name_zh": category.name_zh, "name_en": category.name_en,
        "whole_unit_months": terms.whole_unit_months,
        "depreciation_percent_per_day": str(rate) if rate is not None else None,
        "starts_at_installation": terms.starts_at_installation,
        "accepts_other_proof": terms.accepts_other_proof,
        "no_proof_days_after_manufacture": terms.no_proof_days_after_manufacture,
        "verified": terms.verified,
        "parts": [{"code": p.code, "name_zh": p.name_zh, "name_en": p.name_en, "kind": p.kind,
                   "period_months": p.period_months, "verified": p.verified}
                  for p in terms.parts],
    }


# ---- writing the tables -----------------------------------------------------------------------

@transaction.atomic
def entitlement_tables_seed(*, at: datetime | None = None) -> dict[str, int]:
    """Load the shipped catalogue (complaints/data/entitlement_tables.json), idempotently.

    Only missing rows are created: a row a regulator has edited keeps the regulator's values, so
    running this again (load_demo, deployments) never undoes an edit. Each created row leaves an
    audit row by "seed". Returns how many rule sets, categories and parts were created.
    """
    at = at or timezone.now()
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    _categories_present([row["category"] for row in data["categories"]])
    created = {"rule_sets": 0, "categories": 0, "parts": 0}
    for row in data["rule_sets"]:
        fields = {k: v for k, v in row.items() if k not in ("code", "base")}
        created["rule_sets"] += _seed_row(EntitlementRuleSet, {"code": row["code"]},
                                          {**fields, "base_id": row["base"]}, at)
    for row in data["categories"]:
        keys = {"rule_set_id": row["rule_set"], "category_id": row["category"]}
        fields = {k: v for k, v in row.items() if k not in ("rule_set", "category", "parts")}
        created["categories"] += _seed_row(EntitlementCategory, keys, fields, at)
        terms = EntitlementCategory.objects.get(**keys)
        for order, part in enumerate(row["parts"]):
            created["parts"] += _seed_row(EntitlementPart, {"terms": terms, "code": part["code"]},
                                          {**part, "sort_order": order * 10}, at)
    return created


def _categories_present(codes: list[str]) -> None:
    if Category.objects.filter(code__in=codes).count() < len(set(codes)):
        from service_net.catalog import catalog_seed

        catalog_seed()


def _seed_row(model, keys: dict, fields: dict, at: datetime) -> int:
    row, created = model.objects.get_or_create(**keys, defaults=fields)
    if created:
        _audit(row, action="seed", actor=None, at=at, before=None, after=row_snapshot(row))
    return int(created)


@transaction.atomic
def entitlement_table_save(*, row: models.Model, actor, at: datetime) -> None:
    """Save a regulator's edit of a catalogue row (rule set, category terms or part) with an
    audit row: who, when, the row before and after. Validation is the caller's (the admin form)."""
    stored = type(row).objects.filter(pk=row.pk).first() if row.pk else None
    before = row_snapshot(stored) if stored else None
    row.save()
    _audit(row, action="change" if stored else "create", actor=actor, at=at, before=before,
           after=row_snapshot(row))


@transaction.atomic
def entitlement_table_delete(*, row: models.Model, actor, at: datetime) -> None:
    """Delete a catalogue row, leaving an audit row with what it held."""
    before, object_id = row_snapshot(row), str(row.pk)
    row.delete()
    _audit(row, action="delete", actor=actor, at=at, before=before, after=None,
           object_id=object_id)


def row_snapshot(row: models.Model) -> dict:
    """The row's own columns as JSON values (the audit's before/after)."""
    snapshot = {}
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if isinstance(value, Decimal | date):
            value = str(value)
        snapshot[field.attname] = value
    return snapshot


def _audit(row, *, action: str, actor, at: datetime, before, after, object_id=None) -> None:
    table = TABLE_NAMES[type(row)]
    EntitlementTableChange.objects.create(
        table=table, object_id=object_id or str(row.pk), action=f"complaints.{table}.{action}",
        actor=actor, actor_name=actor.get_username() if actor else "seed", at=at,
        before=before, after=after)
