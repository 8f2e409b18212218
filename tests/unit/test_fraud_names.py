"""Fuzzy brand imitation and name matching (issue 6: similar characters, pinyin, aliases)."""

from __future__ import annotations

import pytest

from service_net.rules.fraud.names import brand_mentions, brand_words, names_match, official_words
from tests.unit.fraud_scenarios import BRANDS

WORDS = brand_words(BRANDS)


def mentioned(text: str) -> list[tuple[str, str]]:
    return [(m.brand, m.how) for m in brand_mentions(text, BRANDS)]


@pytest.mark.parametrize(
    ("text", "brand", "how"),
    [
        pytest.param("海尔售后", "海尔", "name", id="exact"),
        pytest.param("海尔电器维修", "海尔", "name", id="exact-before-alias"),
        pytest.param("HAIER 维修", "海尔", "alias", id="upper-case-latin-alias"),
        pytest.param("www.haier-fix.cn", "海尔", "alias", id="alias-in-a-domain"),
        pytest.param("Midea400", "美的", "alias", id="alias-glued-to-digits"),
        pytest.param("hai er service", "海尔", "alias", id="alias-split-by-a-space"),
        pytest.param("米家售后", "小米", "alias", id="chinese-alias"),
        pytest.param("海尓售后", "海尔", "similar_characters", id="尓-for-尔"),
        pytest.param("格カ空调", "格力", "similar_characters", id="katakana-カ-for-力"),
        pytest.param("НAIER", "海尔", "alias", id="cyrillic-Н-for-H"),
        pytest.param("海儿空调", "海尔", "pinyin", id="homophone-海儿"),
        pytest.param("美帝家电", "美的", "pinyin", id="homophone-美帝-reading-di"),
        pytest.param("常虹电视", "长虹", "pinyin", id="homophone-常虹"),
        pytest.param("长红电视", "长虹", "pinyin", id="homophone-长红"),
        pytest.param("华伟手机", "华为", "pinyin", id="homophone-华伟"),
        pytest.param("海星电视", "海信", "pinyin", id="fuzzy-final-xing-for-xin"),
        pytest.param("geli kongtiao", "格力", "pinyin", id="brand-in-latin-pinyin"),
        pytest.param("Haeir", "海尔", "spelling", id="neighbours-swapped"),
        pytest.param("hisence-service.com", "海信", "spelling", id="one-letter-changed"),
        pytest.param("海爾", "海尔", "name", id="traditional-爾"),
    ],
)
def test_brand_is_found_however_it_is_imitated(text, brand, how):
    assert (brand, how) in mentioned(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("凉州区鑫达家电维修部", id="plain-outlet-name"),
        pytest.param("green home", id="gree-inside-green-is-not-gree"),
        pytest.param("admin", id="mi-inside-a-word-is-not-xiaomi"),
        pytest.param("media center", id="media-is-two-edits-from-midea"),
        pytest.param("家电维修中心", id="no-brand"),
        pytest.param("", id="empty"),
    ],
)
def test_no_brand_where_there_is_none(text):
    assert mentioned(text) == []


def test_several_brands_in_one_name_are_each_found():
    assert {b for b, _ in mentioned("美的海尔格力售后")} == {"美的", "海尔", "格力"}


def test_sub_brand_and_parent_are_separate_mentions():
    assert {b for b, _ in mentioned("海尔卡萨帝售后")} == {"海尔", "卡萨帝"}


@pytest.mark.parametrize(
    ("text", "with_brand", "words"),
    [
        pytest.param("官方维修", False, ["官方"], id="claim-word-alone"),
        pytest.param("家电维修中心", False, [], id="centre-word-without-brand-claims-nothing"),
        pytest.param("海尔售后服务中心", True, ["售后服务中心"], id="longest-centre-word-only"),
        pytest.param("海尔授权售后服务中心", True, ["授权", "售后服务中心"], id="claim-and-centre"),
        pytest.param("特約維修", False, ["特约"], id="traditional-特約"),
        pytest.param("Authorized service", False, ["authorized"], id="english"),
    ],
)
def test_official_words(text, with_brand, words):
    assert official_words(text, with_brand=with_brand) == words


@pytest.mark.parametrize(
    ("given", "registered", "same"),
    [
        pytest.param("美的空调售后服务中心凉州店", "美的空调售后服务中心(凉州店)", True,
                     id="brackets-dropped"),
        pytest.param("美的售后", "美的空调售后服务中心(凉州店)", True, id="brand-and-generic-words-only"),
        pytest.param("鑫达家电", "凉州区鑫达家电维修部", True, id="without-county-and-generic"),
        pytest.param("丰乐家电维修", "【演示】丰乐镇家电维修服务部", True, id="demo-tag-and-town-suffix"),
        pytest.param("海尔空调售后服务中心", "美的空调售后服务中心", False, id="different-brand-same-words"),
        pytest.param("售后服务中心", "美的空调售后服务中心", False, id="generic-words-only"),
        pytest.param("美的售后", "凉州区海尔美的特约维修站", False, id="brand-alone-is-not-distinctive"),
        pytest.param("家电维修", "凉州区鑫达家电维修部", False, id="generic-part"),
        pytest.param("", "凉州区鑫达家电维修部", False, id="empty"),
    ],
)
def test_names_match(given, registered, same):
    assert names_match(given, registered, WORDS) is same
