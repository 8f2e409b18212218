"""Signals of one observation against the registry (issue 6; domain.md §6)."""

from __future__ import annotations

import pytest

from service_net.rules.fraud import observation_signals, render_explanation, suspect_score
from service_net.rules.fraud.catalog import CATALOG
from tests.unit.fraud_scenarios import REGISTRY, lookup, obs


def codes(observation) -> set[str]:
    return {s.code for s in observation_signals(observation, REGISTRY.view(observation))}


def signal(observation, code):
    return next(s for s in observation_signals(observation, REGISTRY.view(observation)) if s.code == code)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("0935-2210001", id="national-with-dash"),
        pytest.param("+86 935 221 0001", id="E164-with-spaces"),
        pytest.param("0086 935 2210001", id="ITU-00-prefix"),
        pytest.param("(0935)2210001", id="area-code-in-brackets"),
        pytest.param("9352210001", id="missing-trunk-0"),
        pytest.param("０９３５－２２１０００１", id="full-width"),
        pytest.param("0935–2210001", id="en-dash-from-input-method"),
        pytest.param("0935 221 0001 转8001", id="extension"),
        pytest.param("电话：0935-2210001（微信同号）", id="label-and-remark"),
    ],
)
def test_real_outlet_number_typed_any_way_gives_no_signal(typed):
    assert codes(obs(typed, "美的售后", "美的")) == set()


@pytest.mark.parametrize("typed", ["400-830-8300", "4008308300", "400 830 8300", "+86 400 830 8300",
                                   "400-830-8300转2"])
def test_real_400_service_line_typed_any_way_gives_no_signal(typed):
    assert codes(obs(typed, "华为客户服务中心", "华为")) == set()


def test_number_in_no_listing_is_phone_unknown():
    found = signal(obs("400-123-4567", "家电维修", "美的"), "phone_unknown")
    assert found.data["phone"] == "400-123-4567"
    assert found.weight == CATALOG["phone_unknown"].weight


def test_no_number_given_gives_no_phone_signal():
    assert not codes(obs("", "老王修理", "美的")) & {"phone_unknown", "phone_other_brands_only"}


@pytest.mark.parametrize(
    ("phone", "brand", "status"),
    [
        pytest.param("0935-2210005", "美的", "revoked", id="revoked-authorization"),
        pytest.param("0935-2210009", "长虹", "suspended", id="suspended-authorization"),
        pytest.param("0935-5110004", "格力", "expired", id="expired-on-valid_to"),
    ],
)
def test_number_of_an_inactive_authorization_says_which_status(phone, brand, status):
    found = signal(obs(phone, "", brand), "phone_inactive_authorization")
    assert (found.data["status"], found.data["brand"]) == (status, brand)


def test_expired_authorization_gives_the_day_after_valid_to_as_since():
    found = signal(obs("0935-5110004", "", "格力"), "phone_inactive_authorization")
    assert found.data["since"] == "2026-07-01"


def test_outlet_authorized_for_other_brands_only_is_flagged_for_the_claimed_brand():
    found = signal(obs("0935-2210002", "", "美的"), "phone_other_brands_only")
    assert found.data["brand"] == "美的"
    assert found.data["authorized_brand_ids"] == [1, 2, 4]


def test_lookup_of_a_real_number_for_another_brand_is_other_brands_only():
    assert codes(lookup("0935-2210001", "海尔")) == {"phone_other_brands_only"}


def test_sub_brand_authorized_at_the_same_outlet_gives_no_signal():
    assert codes(obs("0935 2210002", "凉州鑫达家电", "卡萨帝")) == set()


def test_number_one_swap_off_a_named_real_outlet_is_read_as_a_typo():
    assert codes(obs("0935-2210010", "美的空调售后服务中心", "美的")) == set()


def test_number_one_digit_off_without_the_outlets_name_is_unknown():
    assert "phone_unknown" in codes(obs("0935-2210010", "家电维修", "美的"))


# Near misses: real authorized outlets whose names hold the brand and official words.
@pytest.mark.parametrize(
    ("phone", "name", "brand"),
    [
        pytest.param("0935-2210001", "美的空调售后服务中心(凉州店)", "美的", id="registered-name-with-brand"),
        pytest.param("0935-2210001", "美的空调售后服务中心（凉州店）", "美的", id="full-width-brackets"),
        pytest.param("0935-2210001", "美的空調售後服務中心", "美的", id="traditional-characters"),
        pytest.param("0935-4110003", "民勤县海尔特约维修站", "海尔", id="特约-in-registered-name"),
        pytest.param("0935-4110003", "民勤海儿特约维修", "海尔", id="consumer-homophone-of-real-brand"),
        pytest.param("0935-2210008", "武威小米之家授权服务中心", "小米", id="授权-in-registered-name"),
        pytest.param("0935-2210007", "凉州区海鑫家电维修部", "美的", id="registered-name-sounds-like-海信"),
        pytest.param("0935-2210011", "海尔美的特约维修站", "美的", id="two-brands-both-authorized"),
        pytest.param("", "美的空调售后服务中心(凉州店)", "美的", id="no-number-registered-name"),
    ],
)
def test_near_miss_real_outlet_name_is_not_flagged(phone, name, brand):
    assert not codes(obs(phone, name, brand)) & {"name_imitates_brand", "name_uses_official_words",
                                                "name_unknown"}


@pytest.mark.parametrize(
    ("name", "how"),
    [
        pytest.param("海尔售后", "name", id="exact-brand"),
        pytest.param("Haier维修", "alias", id="latin-alias"),
        pytest.param("海尓售后", "similar_characters", id="lookalike-尓"),
        pytest.param("格カ空调", "similar_characters", id="katakana-カ-for-力"),
        pytest.param("海儿空调维修", "pinyin", id="homophone-海儿"),
        pytest.param("Haeir售后", "spelling", id="latin-swap"),
    ],
)
def test_unknown_number_using_a_brand_imitates_it(name, how):
    found = signal(obs("400-123-4567", name, ""), "name_imitates_brand")
    assert found.data["how"] == how
    assert found.data["field"] == "name"


def test_brand_in_the_listing_is_checked_like_the_name():
    found = signal(obs("13609351234", "", "美的", listing="www.midea-fix.cn 美的官方"), "name_imitates_brand")
    assert found.data["field"] == "listing"


def test_brand_the_outlet_does_not_hold_in_a_real_outlets_name_imitates_that_brand_only():
    found = signal(obs("0935-2210011", "海尔美的格力维修站", "海尔"), "name_imitates_brand")
    assert found.data["brand_ids"] == [4]


def test_revoked_outlet_using_the_brand_name_imitates_it():
    assert {"name_imitates_brand", "phone_inactive_authorization"} <= codes(
        obs("0935-2210005", "美的维修(永安)", "美的"))


@pytest.mark.parametrize(
    ("name", "words"),
    [
        pytest.param("美的官方维修", "官方", id="官方"),
        pytest.param("格力授权服务", "授权", id="授权"),
        pytest.param("指定维修点", "指定", id="指定-without-brand"),
        pytest.param("特约维修站", "特约", id="特约-without-brand"),
        pytest.param("海尔售后服务中心", "售后服务中心", id="售后服务中心-beside-brand"),
        pytest.param("美的维修中心", "维修中心", id="维修中心-beside-brand"),
        pytest.param("海爾授權維修", "授权", id="traditional-授權"),
        pytest.param("Official Service", "official", id="english-official"),
    ],
)
def test_unknown_number_with_official_words_is_flagged(name, words):
    found = signal(obs("400-123-4567", name, "美的"), "name_uses_official_words")
    assert words in found.data["word_list"]


def test_plain_repair_centre_without_brand_claims_nothing_official():
    assert "name_uses_official_words" not in codes(obs("15393556789", "凉州家电维修中心", "海尔"))


def test_official_words_at_an_outlet_authorized_for_another_brand_are_flagged():
    assert "name_uses_official_words" in codes(obs("0935-2210002", "美的官方售后", "美的"))


def test_name_like_no_registered_outlet_is_name_unknown():
    assert signal(obs("17709351111", "老王家电维修", "美的"), "name_unknown").data["name"] == "老王家电维修"


def test_new_mobile_of_a_registered_outlet_name_is_not_name_unknown():
    assert codes(obs("138 9350 0099", "凉州区鑫达家电维修部", "海尔")) == {"phone_unknown"}


def test_vague_name_at_a_real_number_is_not_name_unknown():
    assert codes(obs("0935-2210002", "城里那家", "海尔")) == set()


def test_explanation_renders_with_its_evidence():
    found = signal(obs("400-123-4567", "海尓售后", "海尔"), "name_imitates_brand")
    text = render_explanation(found)
    assert "海尓售后" in text and "海尔" in text and "%(" not in text


def test_every_signal_has_weight_explanation_and_basis():
    for spec in CATALOG.values():
        assert spec.weight > 0 and spec.explanation and spec.basis


def test_fake_search_ad_scores_above_a_real_outlet_typed_messily():
    fake = obs("400-123-4567", "海尔官方售后服务中心", "海尔")
    real = obs("+86 935 4110003", "民勤海尔特约维修站", "海尔")
    score = [suspect_score(observation_signals(o, REGISTRY.view(o))) for o in (fake, real)]
    assert score == [85, 0]
