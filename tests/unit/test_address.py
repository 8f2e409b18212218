"""Reading Chinese addresses against the shipped gazetteer (pure rules, no database)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from geo.rules.address import (
    ALIAS,
    FULL,
    SHORT,
    AddressIndex,
    Place,
    match_address,
    name_variants,
    normalize_address,
    short_name,
)

DATA = Path(__file__).resolve().parents[2] / "geo" / "data"


def shipped_places() -> list[Place]:
    with (DATA / "divisions_cn.csv").open(encoding="utf-8") as fh:
        places = [Place(r["code"], r["name"], r["level"], r["parent_code"] or None)
                  for r in csv.DictReader(fh)]
    with (DATA / "wuwei_townships.csv").open(encoding="utf-8") as fh:
        places += [Place(r["township_code"], r["township_name"], "township",
                         r["county_code"].ljust(12, "0"))
                   for r in csv.DictReader(fh) if r["township_code"]]
    return places


SHIPPED = AddressIndex.build(shipped_places())

# Two townships of one name in two counties of Wuwei do not occur in the shipped data (checked
# below), so the gazetteer is extended the way import_divisions would: a 新华镇 in 民勤县 beside
# 凉州区's real 新华镇, and a 城关镇 in three counties of two cities.
EXTRA = [
    Place("620621199000", "新华镇", "township", "620621000000"),
    Place("620622199000", "城关镇", "township", "620622000000"),
    Place("620623199000", "城关镇", "township", "620623000000"),
    Place("620321199000", "城关镇", "township", "620321000000"),
]
EXTENDED = AddressIndex.build(shipped_places() + EXTRA)


def deepest(text: str, index: AddressIndex = SHIPPED, within: str | None = None) -> tuple:
    match = match_address(index, text, within=within)
    return (match.place.name, match.place.code) if match.place else None


@pytest.mark.parametrize(("text", "name", "code"), [
    pytest.param("甘肃省武威市凉州区黄羊镇新店村", "黄羊镇", "620602100000", id="full-chain-with-village"),
    pytest.param("凉州区黄羊镇", "黄羊镇", "620602100000", id="no-province-no-city"),
    pytest.param("古浪大靖", "大靖镇", "620622103000", id="two-short-names"),
    pytest.param("武威市民勤县", "民勤县", "620621000000", id="county"),
    pytest.param("天祝县华藏寺镇", "华藏寺镇", "620623100000", id="autonomous-county-as-xian"),
    pytest.param("天祝藏族自治县华藏寺镇", "华藏寺镇", "620623100000", id="autonomous-county-full"),
    pytest.param("天祝自治县抓喜秀龙", "抓喜秀龙镇", "620623130000", id="zizhixian-alias-short-town"),
    pytest.param("武威", "武威市", "620600000000", id="city-short"),
    pytest.param("甘肃", "甘肃省", "620000000000", id="province-short"),
    pytest.param("北京市朝阳区", "朝阳区", "110105000000", id="beijing-chaoyang-not-liaoning"),
    pytest.param("甘肃武威凉州黄羊", "黄羊镇", "620602100000", id="all-short"),
    pytest.param("武威市凉州区东大街123号", "东大街街道", "620602001000", id="street-number-after"),
    pytest.param("凉州区西关街街道西苑社区", "西关街街道", "620602004000", id="community-after-jiedao"),
    pytest.param("民勤县红沙梁镇某村三组", "红沙梁镇", "620621113000", id="village-group-after"),
    pytest.param("古浪县十八里堡乡", "十八里堡乡", "620622208000", id="xiang"),
    pytest.param("天祝旦马", "旦马乡", "620623210000", id="xiang-short"),
    pytest.param("古浪黄羊川", "黄羊川镇", "620622107000", id="longest-short-name"),
    pytest.param("凉州区黄羊河街道", "黄羊河街道", "620602009000", id="jiedao-sharing-a-prefix"),
    pytest.param("民勤西大滩", "民勤县", "620621000000", id="town-of-another-county-not-read"),
    pytest.param("天祝西大滩", "西大滩镇", "620623110000", id="xidatan"),
    pytest.param("民勤大滩", "大滩镇", "620621111000", id="datan-not-xidatan"),
    pytest.param("中国甘肃省武威市", "武威市", "620600000000", id="country-prefix"),
    pytest.param("地址：甘肃省武威市古浪县", "古浪县", "620622000000", id="label-prefix"),
    pytest.param("733000 甘肃 武威 凉州区", "凉州区", "620602000000", id="postcode-and-spaces"),
    pytest.param("甘肃省，武威市，民勤县。", "民勤县", "620621000000", id="punctuation"),
    pytest.param("ＧＳ甘肃省武威市", None, None, id="latin-noise-at-start-is-not-skipped"),
    pytest.param("古浪", "古浪县", "620622000000", id="county-before-its-town-of-same-name"),
    pytest.param("古浪镇", "古浪镇", "620622100000", id="town-named-with-suffix"),
    pytest.param("古浪县古浪镇", "古浪镇", "620622100000", id="county-then-town"),
    pytest.param("凉州区永昌", "永昌镇", "620602103000", id="town-inside-named-county"),
    pytest.param("永昌镇", "永昌镇", "620602103000", id="town-full-name-unique"),
    pytest.param("永昌", "永昌县", "620321000000", id="short-name-prefers-the-county-level"),
    pytest.param("金昌市永昌县", "永昌县", "620321000000", id="jinchang-yongchang"),
    pytest.param("清水镇", "清水镇", "620602123000", id="town-vs-qingshui-county"),
    pytest.param("天水清水", "清水县", "620521000000", id="qingshui-county-in-tianshui"),
    pytest.param("新疆", "新疆维吾尔自治区", "650000000000", id="uyghur-region-short"),
    pytest.param("内蒙古", "内蒙古自治区", "150000000000", id="inner-mongolia-not-nei"),
    pytest.param("广西自治区", "广西壮族自治区", "450000000000", id="zizhiqu-alias"),
    pytest.param("甘南州", "甘南藏族自治州", "623000000000", id="zizhizhou-alias"),
    pytest.param("吉林", "吉林省", "220000000000", id="province-over-its-city"),
    pytest.param("吉林市", "吉林市", "220200000000", id="city-full"),
])
def test_address_resolves_to_the_deepest_division_it_names(text, name, code):
    assert deepest(text) == ((name, code) if name else None)


@pytest.mark.parametrize("text", [
    pytest.param("胡说八道", id="nonsense"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("123号", id="only-a-number"),
    pytest.param("凉", id="one-character-of-a-name"),
    pytest.param("我家住在凉州区", id="name-not-at-the-start"),
    pytest.param("城", id="one-char-short-name-not-offered"),
])
def test_address_without_a_division_name_at_its_start_matches_nothing(text):
    match = match_address(SHIPPED, text)
    assert match.place is None
    assert match.alternatives == () and not match.ambiguous


@pytest.mark.parametrize(("text", "stops_at", "rest"), [
    pytest.param("凉州区黄羊川镇", "凉州区", "黄羊川镇", id="town-of-another-county-left-over"),
    pytest.param("凉州区永昌村", "凉州区", "永昌村", id="short-name-followed-by-cun"),
    pytest.param("凉州区黄羊路12号", "凉州区", "黄羊路12号", id="short-name-followed-by-lu"),
    pytest.param("甘肃省北京市", "甘肃省", "北京市", id="city-outside-the-province"),
    pytest.param("武威市城区", "武威市", "城区", id="chengqu-of-another-city"),
])
def test_name_that_does_not_fit_the_chain_is_left_as_rest(text, stops_at, rest):
    match = match_address(SHIPPED, text)
    assert match.place.name == stops_at
    assert match.rest == rest


def test_chaoyang_district_without_its_city_is_ambiguous_and_not_guessed():
    match = match_address(SHIPPED, "朝阳区")
    assert match.place is None and match.ambiguous
    assert [p.code for p in match.alternatives] == ["110105000000", "220104000000"]


def test_the_chain_lists_what_was_read_and_how():
    match = match_address(SHIPPED, "甘肃武威天祝县华藏寺镇团结路")
    assert [(s.text, s.how) for s in match.chain] == [
        ("甘肃", SHORT), ("武威", SHORT), ("天祝县", ALIAS), ("华藏寺镇", FULL)]
    assert [s.place.level for s in match.chain] == ["province", "city", "county", "township"]
    assert match.rest == "团结路"


def test_no_two_shipped_wuwei_townships_share_a_name():
    names = Counter(p.name for p in shipped_places() if p.level == "township")
    assert [n for n, k in names.items() if k > 1] == []


def test_township_name_in_two_counties_is_ambiguous_between_them_within_their_city():
    match = match_address(EXTENDED, "新华镇")
    assert match.ambiguous
    assert [p.code for p in match.alternatives] == ["620602129000", "620621199000"]
    assert match.place.code == "620600000000"  # both lie in 武威市: that much is certain


@pytest.mark.parametrize(("text", "code"), [
    pytest.param("凉州区新华镇", "620602129000", id="liangzhou"),
    pytest.param("民勤县新华镇", "620621199000", id="minqin"),
    pytest.param("民勤新华", "620621199000", id="minqin-short"),
    pytest.param("武威市凉州区新华镇二组", "620602129000", id="full-chain"),
])
def test_township_name_in_two_counties_resolves_when_the_county_is_named(text, code):
    match = match_address(EXTENDED, text)
    assert match.place.code == code and not match.ambiguous


def test_township_name_in_two_cities_has_only_the_province_in_common():
    match = match_address(EXTENDED, "城关镇")
    assert match.ambiguous and len(match.alternatives) == 3
    assert match.place.code == "620000000000"


def test_township_name_in_two_cities_narrows_to_the_city_when_it_is_named():
    match = match_address(EXTENDED, "武威城关镇")
    assert match.ambiguous
    assert [p.code for p in match.alternatives] == ["620622199000", "620623199000"]
    assert match.place.code == "620600000000"
    assert deepest("金昌城关镇", EXTENDED) == ("城关镇", "620321199000")


@pytest.mark.parametrize(("text", "within", "code"), [
    pytest.param("古城", "620600000000", "620602112000", id="gucheng-town-within-wuwei"),
    pytest.param("古城", None, "530702000000", id="gucheng-district-of-lijiang-otherwise"),
    pytest.param("永昌", "620600000000", "620602103000", id="yongchang-town-within-wuwei"),
    pytest.param("甘肃", "620600000000", "620000000000", id="region-above-the-scope-kept"),
])
def test_within_keeps_only_readings_in_the_region(text, within, code):
    assert match_address(SHIPPED, text, within=within).place.code == code


def test_within_a_county_makes_a_two_county_name_unique():
    assert deepest("新华镇", EXTENDED, within="620621000000") == ("新华镇", "620621199000")


@pytest.mark.parametrize(("name", "level", "short"), [
    pytest.param("凉州区", "county", "凉州", id="qu"),
    pytest.param("天祝藏族自治县", "county", "天祝", id="ethnic-autonomous-county"),
    pytest.param("积石山保安族东乡族撒拉族自治县", "county", "积石山", id="three-peoples"),
    pytest.param("大通回族土族自治县", "county", "大通", id="two-peoples"),
    pytest.param("鄂伦春自治旗", "county", "鄂伦春", id="name-is-the-people"),
    pytest.param("城区", "county", "城区", id="one-char-stem-not-offered"),
    pytest.param("内蒙古自治区", "province", "内蒙古", id="mongol-not-stripped-to-one-char"),
    pytest.param("伊犁哈萨克自治州", "city", "伊犁", id="people-without-zu"),
    pytest.param("大兴安岭地区", "city", "大兴安岭", id="diqu"),
    pytest.param("阿拉善盟", "city", "阿拉善", id="meng"),
    pytest.param("东大街街道", "township", "东大街", id="jiedao"),
    pytest.param("某某回族乡", "township", "某某", id="minzu-xiang"),
    pytest.param("大靖镇", "township", "大靖", id="zhen"),
    pytest.param("香港特别行政区", "province", "香港", id="sar"),
])
def test_short_names_drop_level_suffixes_and_peoples(name, level, short):
    assert short_name(name, level) == short


def test_autonomous_county_has_the_generic_aliases_people_write():
    assert dict(name_variants("天祝藏族自治县", "county")) == {
        "天祝藏族自治县": FULL, "天祝": SHORT, "天祝县": ALIAS, "天祝自治县": ALIAS}


@pytest.mark.parametrize(("raw", "clean"), [
    pytest.param("甘肃省 武威市", "甘肃省武威市", id="spaces"),
    pytest.param("（甘肃）武威，凉州", "甘肃武威凉州", id="full-width-punctuation"),
    pytest.param("中华人民共和国甘肃省", "甘肃省", id="country"),
    pytest.param("收货地址:733000甘肃", "甘肃", id="label-and-postcode"),
    pytest.param("凉州区１２号", "凉州区12号", id="full-width-digits"),
])
def test_addresses_are_normalized_before_reading(raw, clean):
    assert normalize_address(raw) == clean


def test_every_shipped_wuwei_township_is_found_by_its_full_and_short_name():
    towns = [p for p in shipped_places() if p.level == "township"]
    assert len(towns) == 101
    for town in towns:
        county = SHIPPED.places[town.parent_code]
        assert deepest(county.name + town.name) == (town.name, town.code)
        assert deepest(short_name(county.name, "county") + short_name(town.name, "township")) \
            == (town.name, town.code)
