"""POST /api/v1/entitlements/assess and GET /api/v1/entitlements/rules."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ASSESS = "/api/v1/entitlements/assess"
RULES = "/api/v1/entitlements/rules"


@pytest.fixture
def catalogue(gazetteer):
    from complaints.services import entitlement_tables_seed

    entitlement_tables_seed()


def body(**overrides) -> dict:
    """A refrigerator bought online on 2026-03-01, received 03-02, compressor fault on 03-06."""
    payload = {
        "category": "refrigerator", "channel": "online", "purchase_date": "2026-03-01",
        "received_date": "2026-03-02", "installed_date": None, "proof": "invoice",
        "manufacture_date": None, "request_date": "2026-03-06",
        "fault": {"date": "2026-03-06", "part": "compressor"}, "repairs": [],
        "last_exchange_date": None, "goods_intact": True, "excluded_goods": None,
        "exclusion": None, "store_promise_days": None, "rule_set": "national",
    }
    payload.update(overrides)
    return payload


def test_happy_path_lists_every_remedy_with_basis_and_last_day(api, catalogue,
                                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # rule set chain, the category's terms, its parts
        response = api.post(ASSESS, body())
    assert response.status_code == 200
    result = response.json()
    assert [(r["remedy"], r["claim_by"]) for r in result["remedies"]] == [
        ("no_reason_return", "2026-03-09"), ("return", "2026-03-08"),
        ("exchange", "2026-03-16"), ("free_repair", "2029-03-01")]
    assert all(set(r) == {"remedy", "basis", "claim_by", "note"} for r in result["remedies"])
    assert all(r["basis"].startswith("《") for r in result["remedies"])
    assert result["period"] == {
        "sale_date": "2026-03-01", "start": "2026-03-01", "start_basis": "sale",
        "whole_unit_end": "2027-03-01", "part": "compressor", "part_end": "2029-03-01",
        "extension_days": 0}
    assert result["refusals"] == []
    assert result["rule_set"] == "national" and result["terms_verified"] is False


def test_the_service_returns_exactly_what_the_api_returns(api, catalogue):
    from complaints.services import entitlement_assess

    assert api.post(ASSESS, body()).json() == entitlement_assess(body())


def test_refusals_carry_code_detail_and_basis(api, catalogue):
    result = api.post(ASSESS, body(fault={"date": "2030-01-01", "part": "compressor"},
                                   request_date="2030-01-01")).json()
    assert result["remedies"] == []
    codes = {r["code"]: r for r in result["refusals"]}
    assert set(codes) == {"period_ended", "no_reason_return_window_passed"}
    assert "2029-03-01" in codes["period_ended"]["detail"]
    assert codes["period_ended"]["basis"].startswith("《部分商品修理更换退货责任规定》")


@pytest.mark.parametrize("language, part_name", [("zh-hans", "压缩机"), ("en", "Compressor")])
def test_catalogue_names_follow_the_language(client, catalogue, language, part_name):
    import json

    response = client.post(ASSESS, json.dumps(body()), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE=language)
    note = next(r["note"] for r in response.json()["remedies"] if r["remedy"] == "free_repair")
    assert part_name in note


@pytest.mark.parametrize("overrides, field", [
    pytest.param({"category": "toaster"}, "category", id="unknown-category"),
    pytest.param({"fault": {"date": "2026-03-06", "part": "panel"}}, "fault.part", id="unknown-part"),
    pytest.param({"repairs": [{"handed_in": "2026-03-05", "returned": "2026-03-04"}]},
                 "repairs[0].returned", id="dates-in-wrong-order"),
    pytest.param({"request_date": "2026-02-27", "fault": None}, "request_date",
                 id="request-before-purchase"),
    pytest.param({"channel": "street"}, "channel", id="bad-enum"),
    pytest.param({"purchase_date": "1 March"}, "purchase_date", id="bad-date"),
    pytest.param({"rule_set": "atlantis"}, "rule_set", id="unknown-rule-set"),
    pytest.param({"store_promise_days": 400}, "store_promise_days", id="promise-out-of-range"),
])
def test_bad_input_gets_422_naming_the_field(api, catalogue, overrides, field):
    response = api.post(ASSESS, body(**overrides))
    assert response.status_code == 422
    result = response.json()
    assert result["code"] == "validation_error"
    assert result["message"]
    assert field in [error["field"] for error in result["data"]["errors"]]
    assert all(error["reason"] for error in result["data"]["errors"])


def test_a_body_that_is_not_json_gets_422(client, catalogue):
    response = client.post(ASSESS, "{not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "body"


def test_zhejiang_rule_set_gives_exchange_or_return_after_35_repair_days(api, catalogue):
    repairs = [{"handed_in": "2026-04-01", "returned": None, "part": "compressor",
                "delay_cause": None}]
    national = api.post(ASSESS, body(fault={"date": "2026-04-01", "part": "compressor"},
                                     request_date="2026-05-07", repairs=repairs)).json()
    zhejiang = api.post(ASSESS, body(fault={"date": "2026-04-01", "part": "compressor"},
                                     request_date="2026-05-07", repairs=repairs,
                                     rule_set="zhejiang")).json()
    assert [r["remedy"] for r in national["remedies"]] == ["free_repair"]
    assert zhejiang["rule_set"] == "zhejiang"
    assert [r["remedy"] for r in zhejiang["remedies"]] == ["return", "exchange", "free_repair"]
    assert zhejiang["period"]["extension_days"] == 36
    remedies = {r["remedy"]: r for r in zhejiang["remedies"]}
    assert "浙江" in remedies["return"]["basis"]
    assert "浙江" in remedies["return"]["note"]
    assert "5" in remedies["free_repair"]["note"]


def test_rules_lists_the_catalogue_with_parts_and_verified_flags(api, catalogue,
                                                                 django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = api.get(RULES, {"rule_set": "national"})
    assert response.status_code == 200
    result = response.json()
    assert result["layers"] == ["national"]
    assert len(result["categories"]) == 15
    phone = next(c for c in result["categories"] if c["code"] == "mobile_phone")
    assert phone["name_zh"] == "手机"
    assert {p["code"]: p["period_months"] for p in phone["parts"]} == {
        "battery": 6, "charger": 12, "earphones": 3}
    assert result["parameters"]["return_days"] == 7


def test_rules_of_zhejiang_show_the_overlay(api, catalogue):
    result = api.get(RULES, {"rule_set": "zhejiang"}).json()
    assert result["layers"] == ["national", "zhejiang"]
    assert result["parameters"]["cumulative_repair_days_for_exchange"] == 35
    assert result["parameters"]["depreciation_allowed"] is False


def test_rules_of_an_unknown_rule_set_get_422(api, catalogue):
    response = api.get(RULES, {"rule_set": "atlantis"})
    assert response.status_code == 422
    assert response.json()["data"]["errors"][0]["field"] == "rule_set"


def test_the_request_body_is_documented(api):
    schema = api.get("/api/v1/openapi.json").json()
    request = schema["paths"]["/api/v1/entitlements/assess"]["post"]["requestBody"]
    properties = request["content"]["application/json"]["schema"]["properties"]
    assert {"category", "channel", "purchase_date", "received_date", "installed_date", "proof",
            "manufacture_date", "request_date", "fault", "repairs", "last_exchange_date",
            "goods_intact", "excluded_goods", "exclusion", "store_promise_days",
            "rule_set"} == set(properties)
