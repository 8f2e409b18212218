"""The 三包 catalogue tables: seeding, regulators' audited edits in the admin, and their effect."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry

from complaints.models import (
    EntitlementCategory,
    EntitlementPart,
    EntitlementRuleSet,
    EntitlementTableChange,
)
from complaints.services import entitlement_assess, entitlement_tables_seed
from tests.conftest import REGULATOR_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(gazetteer):
    entitlement_tables_seed()
    return EntitlementCategory.objects.get(rule_set="national", category="refrigerator")


def counts() -> tuple[int, int, int, int]:
    return (EntitlementRuleSet.objects.count(), EntitlementCategory.objects.count(),
            EntitlementPart.objects.count(), EntitlementTableChange.objects.count())


def test_seeding_is_idempotent(gazetteer):
    EntitlementRuleSet.objects.exclude(base=None).delete()  # the session seeded them: start empty
    EntitlementRuleSet.objects.all().delete()
    EntitlementTableChange.objects.all().delete()
    first = entitlement_tables_seed()
    assert first["rule_sets"] == 2 and first["categories"] == 15 and first["parts"] >= 30
    after_first = counts()
    assert entitlement_tables_seed() == {"rule_sets": 0, "categories": 0, "parts": 0}
    assert counts() == after_first
    assert EntitlementTableChange.objects.filter(actor_name="seed").count() == sum(first.values())


def test_seeding_again_keeps_a_regulators_edit(catalogue):
    EntitlementCategory.objects.filter(pk=catalogue.pk).update(whole_unit_months=24)
    entitlement_tables_seed()
    catalogue.refresh_from_db()
    assert catalogue.whole_unit_months == 24


def fridge_fault(when: str, part: str = "whole_unit") -> dict:
    return entitlement_assess({
        "category": "refrigerator", "channel": "in_store", "purchase_date": "2026-03-01",
        "proof": "invoice", "request_date": when, "fault": {"date": when, "part": part}})


def change_form(terms: EntitlementCategory, **changes) -> dict:
    """The admin change form of a category's terms as the browser posts it, parts inline."""
    data = {"rule_set": terms.rule_set_id, "category": terms.category_id,
            "whole_unit_months": terms.whole_unit_months,
            "depreciation_percent_per_day": terms.depreciation_percent_per_day or "",
            "no_proof_days_after_manufacture": terms.no_proof_days_after_manufacture or "",
            "grade": terms.grade, "source": terms.source}
    for flag in ("starts_at_installation", "accepts_other_proof", "verified"):
        if getattr(terms, flag):
            data[flag] = "on"
    parts = list(terms.parts.all())
    data.update({"parts-TOTAL_FORMS": len(parts), "parts-INITIAL_FORMS": len(parts),
                 "parts-MIN_NUM_FORMS": 0, "parts-MAX_NUM_FORMS": 1000})
    for index, part in enumerate(parts):
        prefix = f"parts-{index}-"
        data.update({prefix + "id": part.pk, prefix + "terms": terms.pk, prefix + "code": part.code,
                     prefix + "name_zh": part.name_zh, prefix + "name_en": part.name_en,
                     prefix + "kind": part.kind, prefix + "period_months": part.period_months,
                     prefix + "source": part.source, prefix + "sort_order": part.sort_order})
    data.update(changes)
    return data


def url(terms) -> str:
    return f"/admin/complaints/entitlementcategory/{terms.pk}/change/"


def test_a_regulators_admin_edit_of_a_period_changes_the_assessment(client, catalogue,
                                                                    county_regulator):
    assert fridge_fault("2027-06-01")["remedies"] == []
    client.login(username=county_regulator.user.username, password=REGULATOR_PASSWORD)
    response = client.post(url(catalogue), change_form(catalogue, whole_unit_months=24))
    assert response.status_code == 302, response.content[:2000]
    result = fridge_fault("2027-06-01")
    assert [r["remedy"] for r in result["remedies"]] == ["free_repair"]
    assert result["period"]["whole_unit_end"] == "2028-03-01"
    change = EntitlementTableChange.objects.get(action="complaints.category.change")
    assert change.actor == county_regulator.user
    assert change.actor_name == "liangzhou-amr"
    assert (change.before["whole_unit_months"], change.after["whole_unit_months"]) == (12, 24)
    assert LogEntry.objects.filter(user=county_regulator.user, object_id=str(catalogue.pk)).exists()
    page = client.get(url(catalogue))
    assert b"liangzhou-amr" in page.content and b"complaints.category.change" in page.content


def test_a_regulators_edit_of_a_part_period_inline_is_audited_and_applied(client, catalogue,
                                                                          other_regulator):
    parts = list(catalogue.parts.all())
    index = next(i for i, part in enumerate(parts) if part.code == "compressor")
    client.login(username=other_regulator.user.username, password=REGULATOR_PASSWORD)
    response = client.post(url(catalogue), change_form(
        catalogue, **{f"parts-{index}-period_months": 60}))
    assert response.status_code == 302
    assert fridge_fault("2030-06-01", "compressor")["period"]["part_end"] == "2031-03-01"
    change = EntitlementTableChange.objects.get(action="complaints.part.change")
    assert change.actor == other_regulator.user
    assert change.after["period_months"] == 60


def test_a_regulator_deleting_a_part_leaves_an_audit_row(client, catalogue, city_regulator):
    parts = list(catalogue.parts.all())
    index = next(i for i, part in enumerate(parts) if part.code == "condenser")
    client.login(username=city_regulator.user.username, password=REGULATOR_PASSWORD)
    response = client.post(url(catalogue), change_form(catalogue, **{f"parts-{index}-DELETE": "on"}))
    assert response.status_code == 302
    assert not catalogue.parts.filter(code="condenser").exists()
    change = EntitlementTableChange.objects.get(action="complaints.part.delete")
    assert change.before["code"] == "condenser" and change.after is None


def test_an_outsider_cannot_edit_the_catalogue(client, catalogue, outsider):
    client.login(username="outsider", password=REGULATOR_PASSWORD)
    assert client.get(url(catalogue)).status_code == 302  # sent to the staff login
    client.post(url(catalogue), change_form(catalogue, whole_unit_months=60))
    catalogue.refresh_from_db()
    assert catalogue.whole_unit_months == 12
    assert not EntitlementTableChange.objects.exclude(actor_name="seed").exists()


def test_a_staff_user_without_the_regulator_role_cannot_edit_the_catalogue(client, catalogue,
                                                                           outsider):
    outsider.is_staff = True
    outsider.save()
    client.login(username="outsider", password=REGULATOR_PASSWORD)
    assert client.get(url(catalogue)).status_code == 403
    assert client.post(url(catalogue), change_form(catalogue, whole_unit_months=60)).status_code == 403
    catalogue.refresh_from_db()
    assert catalogue.whole_unit_months == 12


def test_regulators_can_read_but_not_rewrite_the_audit_trail(client, catalogue, county_regulator):
    client.login(username=county_regulator.user.username, password=REGULATOR_PASSWORD)
    change = EntitlementTableChange.objects.first()
    assert client.get("/admin/complaints/entitlementtablechange/").status_code == 200
    assert client.post(f"/admin/complaints/entitlementtablechange/{change.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert EntitlementTableChange.objects.filter(pk=change.pk).exists()


def test_a_rule_set_code_is_fixed_once_created(client, catalogue, county_regulator):
    client.login(username=county_regulator.user.username, password=REGULATOR_PASSWORD)
    page = client.get("/admin/complaints/entitlementruleset/zhejiang/change/")
    assert page.status_code == 200
    assert b'name="code"' not in page.content


def test_a_rule_set_cannot_be_made_an_overlay_of_its_own_overlay(client, catalogue,
                                                                 county_regulator):
    national = EntitlementRuleSet.objects.get(code="national")
    form = {name: getattr(national, name) for name in (
        "name_zh", "name_en", "return_days", "exchange_days", "failed_repairs_for_exchange",
        "parts_missing_days", "repairer_delay_days", "no_reason_return_days", "grade", "source")}
    form.update({"base": "zhejiang", "depreciation_allowed": "true"})
    client.login(username=county_regulator.user.username, password=REGULATOR_PASSWORD)
    response = client.post("/admin/complaints/entitlementruleset/national/change/", form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["base"]
    national.refresh_from_db()
    assert national.base_id is None
    assert fridge_fault("2026-03-03")["rule_set"] == "national"
