"""Charges against posted prices (明码标价), addresses, and signals over one number's group
(issue 6; domain.md §5–§6), with their boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from service_net.rules.fraud import (
    BURST_WINDOW,
    FAR_FLOOR_KM,
    distance_km,
    group_signals,
    observation_signals,
)
from tests.unit.fraud_scenarios import BRANDS, NOW, OUTLETS, REGISTRY, lookup, obs

MIDEA_OUTLET = OUTLETS[0]  # 上门服务费 30, 检测费 50, 工时 and parts by method


def signals_of(observation) -> dict:
    return {s.code: s for s in observation_signals(observation, REGISTRY.view(observation))}


@pytest.mark.parametrize(
    ("item", "amount", "code"),
    [
        pytest.param("上门服务费", 30, None, id="visit-fee-at-posted-price"),
        pytest.param("上门服务费", 31, "charge_above_posted", id="visit-fee-one-yuan-above"),
        pytest.param("出诊费", 80, "charge_above_posted", id="visit-fee-named-loosely"),
        pytest.param("检测", 50, None, id="inspection-at-posted-price"),
        pytest.param("检测费", 200, "charge_above_posted", id="inspection-above"),
        pytest.param("配件费", 900, None, id="parts-priced-by-guide-cannot-be-exceeded"),
        pytest.param("人工费", 300, None, id="labour-priced-by-method"),
        pytest.param("加氟", 200, "fee_not_posted", id="refrigerant-not-posted"),
        pytest.param("预付定金", 200, "fee_not_posted", id="upfront-deposit-not-posted"),
    ],
)
def test_charge_against_the_outlets_posted_price_list(item, amount, code):
    found = signals_of(obs("0935-2210001", "美的售后", "美的", charges=((item, amount),)))
    charge_codes = {c for c in found if c in ("charge_above_posted", "fee_not_posted")}
    assert charge_codes == ({code} if code else set())


def test_charge_above_posted_names_the_worst_line_and_the_posted_price():
    found = signals_of(obs("0935-2210001", "美的售后", "美的", charges=(("上门费", 40), ("检测费", 150))))
    data = found["charge_above_posted"].data
    assert (data["item"], data["amount"], data["posted"]) == ("检测费", "150", "50")
    assert len(data["items"]) == 2


def test_unknown_number_using_a_real_outlets_name_is_held_to_that_outlets_prices():
    found = signals_of(obs("15393551111", "美的空调售后服务中心(凉州店)", "美的", charges=(("上门费", 150),)))
    assert found["charge_above_posted"].data["outlet_ids"] == [MIDEA_OUTLET.outlet_id]


@pytest.mark.parametrize(
    ("amount", "flagged"),
    [pytest.param(45, False, id="at-1.5x-the-brands-highest-visit-fee"),
     pytest.param(46, True, id="above-1.5x")],
)
def test_unknown_outlet_charge_is_held_to_the_brands_posted_prices_with_a_margin(amount, flagged):
    found = signals_of(obs("13709358888", "", "美的", charges=(("上门费", amount),)))
    assert ("charge_above_posted" in found) is flagged


def test_unknown_outlet_fee_is_not_called_unposted_against_the_brand_guide():
    assert "fee_not_posted" not in signals_of(obs("13709358888", "", "美的", charges=(("加氟", 300),)))


def test_address_that_resolves_to_nothing_is_unresolved():
    found = signals_of(obs("0935-2210002", "鑫达", "海尔", address="幸福大道888号"))
    assert found["address_unresolved"].data["address"] == "幸福大道888号"


def test_no_address_given_gives_no_address_signal():
    found = signals_of(obs("0935-2210002", "鑫达", "海尔"))
    assert not {"address_unresolved", "address_far_from_area"} & set(found)


def test_address_far_from_a_registered_outlets_area_is_flagged():
    found = signals_of(obs("0935-2210001", "美的售后", "美的", place="天祝城区"))
    assert found["address_far_from_area"].data["limit_km"] == FAR_FLOOR_KM
    assert found["address_far_from_area"].data["distance_km"] > 100


def test_township_on_the_touring_schedule_is_not_far():
    assert signals_of(obs("0935-4110003", "海尔特约维修站", "海尔", place="民勤红沙岗")) == {}


@pytest.mark.parametrize(("extra_km", "far"), [pytest.param(-0.5, False, id="just-inside-50km"),
                                               pytest.param(0.5, True, id="just-outside-50km")])
def test_distance_threshold_boundary(extra_km, far):
    lat, lon = MIDEA_OUTLET.lat, MIDEA_OUTLET.lon
    step = (FAR_FLOOR_KM + extra_km) / 111.195  # degrees of latitude per km on the mean sphere
    point = (lat + step, lon)
    assert distance_km((lat, lon), point) == pytest.approx(FAR_FLOOR_KM + extra_km, abs=0.01)
    observation = replace(obs("0935-2210001", "美的售后", "美的", place="凉州城区"), address_point=point)
    assert ("address_far_from_area" in signals_of(observation)) is far


def test_unknown_outlet_with_address_in_another_city_than_the_consumer_is_far():
    found = signals_of(obs("4001112222", "武威家电售后", "", place="广州天河"))
    assert found["address_far_from_area"].data["address_division"] == "440106000000"


def test_unknown_outlet_in_the_consumers_city_is_not_far():
    assert "address_far_from_area" not in signals_of(obs("4001112222", "家电维修", "", place="古浪城区"))


def complaints(days_apart: list[float], phone: str = "18093510001"):
    return [obs(phone, "家电维修", "美的", days_ago=d, ref=f"T{i}") for i, d in enumerate(days_apart)]


def burst(observations):
    return [s for s in group_signals(observations, now=NOW) if s.code == "complaints_burst"]


def test_three_complaints_within_the_window_are_a_burst():
    found = burst(complaints([1, 5, 9]))
    assert found[0].data["count"] == 3


def test_two_complaints_are_not_a_burst():
    assert burst(complaints([1, 2])) == []


@pytest.mark.parametrize(("span", "is_burst"), [
    pytest.param(BURST_WINDOW, True, id="first-and-third-exactly-30-days-apart"),
    pytest.param(BURST_WINDOW + timedelta(seconds=1), False, id="one-second-more"),
])
def test_burst_window_boundary(span, is_burst):
    days = span / timedelta(days=1)
    assert bool(burst(complaints([1, 1 + days / 2, 1 + days]))) is is_burst


def test_lookups_and_repeated_refs_do_not_make_a_burst():
    same = complaints([1, 2, 3])
    same = [replace(o, ref="ONE") for o in same]
    looks = [lookup("18093510001", "美的", d) for d in (1, 2, 3)]
    assert burst(same + looks) == []


def test_complaints_after_now_are_ignored():
    assert burst(complaints([1, 2, -1])) == []


def many(observations, **kwargs):
    return [s for s in group_signals(observations, now=NOW, brands=BRANDS, **kwargs)
            if s.code == "phone_many_brands"]


def test_one_number_claimed_for_three_unrelated_brands():
    found = many([lookup("400-888-9999", "海尔"), lookup("4008889999", "美的"),
                  lookup("400 888 9999", "格力")])
    assert found[0].data["count"] == 3
    assert found[0].data["brand_list"] == sorted(["海尔", "美的", "格力"])


def test_two_brands_are_not_many():
    assert many([lookup("4008889999", "海尔"), lookup("4008889999", "美的")]) == []


def test_sub_brands_of_one_maker_count_once():
    assert many([lookup("4008889999", "海尔"), lookup("4008889999", "卡萨帝"),
                 lookup("4008889999", "美的")]) == []


def test_brands_the_number_really_holds_do_not_count():
    group = [lookup("0935-2210002", b) for b in ("海尔", "格力", "美的", "小米")]
    assert many(group, authorized_brand_ids=frozenset({1, 2, 4})) == []
    assert many(group)[0].data["count"] == 4


def test_one_listing_naming_three_makers_claims_three_brands():
    assert many([obs("4006006000", "海尔美的格力家电售后", "海尔")])


def test_unresolved_brand_texts_count_as_brands():
    group = [lookup("4008889999", "某牌A"), lookup("4008889999", "某牌B"), lookup("4008889999", "某牌C")]
    assert [s.data["count"] for s in group_signals(group, now=NOW)] == [3]
