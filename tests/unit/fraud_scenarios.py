"""A labelled set of scenarios for the fraud signals (issue 6): real outlets with messy input, and
fakes of each pattern in domain.md §6. Synthetic: every outlet, number and address is invented.

Used by tests/unit/test_fraud_evaluation.py and `python -m service_net.rules.fraud.evaluate`.
The labels say what the case IS, written before looking at what the rules say about it; a
scenario is never relabelled to improve the figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from service_net.rules.fraud import COMPLAINT, LOOKUP, BrandFact, Charge, Observation, OutletFact
from service_net.rules.fraud.evaluate import FAKE, GENUINE, Registry, Scenario
from service_net.rules.fraud.phone_text import observed_phone_key
from service_net.rules.verdict import ACTIVE, REVOKED, SUSPENDED, AuthorizationFact

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Wuwei
LIANGZHOU, MINQIN, GULANG, TIANZHU = "620602000000", "620621000000", "620622000000", "620623000000"

BRANDS = (
    BrandFact(1, "海尔", "Haier", frozenset({"haier", "海尔电器"}), 1),
    BrandFact(2, "卡萨帝", "Casarte", frozenset({"casarte"}), 1),
    BrandFact(3, "美的", "Midea", frozenset({"midea", "美的电器"}), 2),
    BrandFact(4, "格力", "Gree", frozenset({"gree", "格力空调"}), 3),
    BrandFact(5, "海信", "Hisense", frozenset({"hisense"}), 4),
    BrandFact(6, "TCL", "TCL", frozenset({"tcl电视"}), 5),
    BrandFact(7, "长虹", "Changhong", frozenset({"changhong"}), 6),
    BrandFact(8, "小米", "Xiaomi", frozenset({"xiaomi", "mi", "米家"}), 7),
    BrandFact(9, "华为", "Huawei", frozenset({"huawei", "荣耀华为"}), 8),
)
BRAND_IDS = {b.name: b.brand_id for b in BRANDS}

# Places a consumer's address text resolved to: (division, (lat, lon)).
PLACES = {
    "凉州城区": ("620602001000", (37.928, 102.641)),
    "凉州黄羊镇": ("620602101000", (37.566, 102.726)),
    "民勤城区": ("620621100000", (38.624, 103.090)),
    "民勤红沙岗": ("620621200000", (38.990, 103.700)),
    "古浪城区": ("620622100000", (37.470, 102.898)),
    "天祝城区": ("620623100000", (36.971, 103.142)),
    "兰州城关": ("620102000000", (36.057, 103.832)),
    "广州天河": ("440106000000", (23.125, 113.361)),
    "郑州金水": ("410105000000", (34.800, 113.660)),
}
PRICES = (("上门服务费", Decimal("30"), True), ("检测费", Decimal("50"), False),
          ("维修工时费", None, False), ("配件费", None, False))


def _auth(outlet_id: int, brand: str, state: str = ACTIVE, valid_to: date = date(2030, 12, 31),
          changed: datetime | None = None) -> AuthorizationFact:
    return AuthorizationFact(outlet_id, BRAND_IDS[brand], frozenset({"air_conditioner", "refrigerator",
                             "washing_machine", "tv_flat_panel", "mobile_phone"}), state,
                             date(2025, 1, 1), valid_to, changed)


def _outlet(outlet_id: int, name: str, phones: set[str], place: str, radius: float | None,
            auths: list[tuple], touring: frozenset[str] = frozenset()) -> OutletFact:
    division, (lat, lon) = PLACES[place]
    return OutletFact(outlet_id, name, frozenset(phones), division, lat, lon, radius, touring,
                      tuple(_auth(outlet_id, *a) for a in auths), PRICES)


_REVOKED_AT = datetime(2026, 9, 1, tzinfo=UTC)
OUTLETS = (
    _outlet(101, "美的空调售后服务中心(凉州店)", {"09352210001"}, "凉州城区", 30, [("美的",)]),
    _outlet(102, "凉州区鑫达家电维修部", {"09352210002", "13993510002"}, "凉州城区", 25,
            [("海尔",), ("卡萨帝",), ("格力",)], frozenset({"620602101000"})),
    _outlet(103, "民勤县海尔特约维修站", {"09354110003"}, "民勤城区", 40, [("海尔",)],
            frozenset({"620621200000"})),
    _outlet(104, "古浪县格力空调服务部", {"09355110004"}, "古浪城区", 30,
            [("格力", ACTIVE, date(2026, 6, 30))]),
    _outlet(105, "凉州区永安电器维修", {"09352210005"}, "凉州城区", 15,
            [("美的", REVOKED, date(2030, 12, 31), _REVOKED_AT)]),
    _outlet(106, "天祝县海信电视维修部", {"09358110006", "4006110006"}, "天祝城区", 40, [("海信",)]),
    _outlet(107, "凉州区海鑫家电维修部", {"09352210007"}, "凉州城区", 15, [("美的",)]),
    _outlet(108, "武威小米之家授权服务中心", {"09352210008"}, "凉州城区", None, [("小米",)]),
    _outlet(109, "凉州区长虹电视维修部", {"09352210009"}, "凉州城区", 20,
            [("长虹", SUSPENDED, date(2030, 12, 31), _REVOKED_AT)]),
    _outlet(110, "华为授权服务中心(武威)", {"4008308300"}, "凉州城区", None, [("华为",)]),
    _outlet(111, "凉州区海尔美的特约维修站", {"09352210011"}, "凉州城区", 30, [("海尔",), ("美的",)]),
)
REGISTRY = Registry(OUTLETS, BRANDS, TODAY)


def obs(phone: str = "", name: str = "", brand: str = "", *, source: str = COMPLAINT, days_ago: float = 1,
        place: str | None = None, address: str | None = None, listing: str = "",
        charges: tuple[tuple[str, int], ...] = (), county: str = LIANGZHOU, ref: str = "") -> Observation:
    """An observation as the app would record it: the phone key found in what was typed, the
    brand resolved when the typed brand is a known brand name, the address as geocoded."""
    division, point = PLACES[place] if place else (None, None)
    at = NOW - timedelta(days=days_ago)
    return Observation(
        source=source, ref=ref or f"{source}-{phone}-{name}-{days_ago}", at=at,
        phone_key=observed_phone_key(phone), phone_raw=phone, name=name,
        brand_id=BRAND_IDS.get(brand), brand_text=brand, category=None,
        address=address if address is not None else (place or ""), address_division=division,
        address_point=point, listing=listing,
        charges=tuple(Charge(item, Decimal(amount)) for item, amount in charges), consumer_county=county)


def lookup(phone: str, brand: str = "", days_ago: float = 1) -> Observation:
    return obs(phone, brand=brand, source=LOOKUP, days_ago=days_ago)


def _s(key: str, label: str, pattern: str, *observations: Observation) -> Scenario:
    return Scenario(key, label, pattern, observations)


GENUINE_SCENARIOS = (
    _s("g01", GENUINE, "authorized outlet, +86 and spaces, short name",
       obs("+86 935 221 0001", "美的售后", "美的")),
    _s("g02", GENUINE, "authorized outlet, full name without brackets, posted fees",
       obs("0935-2210001", "美的空调售后服务中心凉州店", "美的", place="凉州城区",
           charges=(("上门服务费", 30), ("检测费", 50)))),
    _s("g03", GENUINE, "real outlet, wrong brand checked in a lookup", lookup("(0935)2210001", "海尔")),
    _s("g04", GENUINE, "multi-brand outlet by its mobile with dashes",
       obs("139-9351-0002", "鑫达维修", "海尔")),
    _s("g05", GENUINE, "sub-brand 卡萨帝 at the maker's outlet",
       obs("0935 2210002", "凉州鑫达家电", "卡萨帝")),
    _s("g06", GENUINE, "brand in a consumer-made name, authorized",
       obs("09352210002", "格力空调维修(鑫达)", "格力")),
    _s("g07", GENUINE, "county outlet with official word in its registered name",
       obs("0935 4110003", "民勤海尔特约维修站", "海尔", place="民勤城区", county=MINQIN)),
    _s("g08", GENUINE, "consumer's homophone typo of the brand, real number",
       obs("0935-4110003", "民勤海儿特约维修", "海尔", county=MINQIN)),
    _s("g09", GENUINE, "real 400 number of an authorized outlet", obs("400-611-0006", "海信电视售后", "海信",
                                                                       county=TIANZHU)),
    _s("g10", GENUINE, "registered name that sounds like another brand (海鑫/海信)",
       obs("0935-2210007", "凉州区海鑫家电维修部", "美的")),
    _s("g11", GENUINE, "authorized 小米 outlet, short name", obs("0935 221 0008", "小米之家", "小米")),
    _s("g12", GENUINE, "authorized 400 service line with 客户服务中心",
       obs("400-830-8300", "华为客户服务中心", "华为")),
    _s("g13", GENUINE, "multi-brand authorized name", obs("0935-2210011", "海尔美的特约维修站", "海尔")),
    _s("g14", GENUINE, "authorized multi-brand outlet, out-of-warranty repair of a third brand",
       obs("0935-2210011", "凉州海尔美的维修站", "格力")),
    _s("g15", GENUINE, "two digits swapped in the number, real name",
       obs("0935-2210010", "美的空调售后服务中心", "美的")),
    _s("g16", GENUINE, "no number given, registered name", obs("", "美的空调售后服务中心(凉州店)", "美的",
                                                              place="凉州城区")),
    _s("g17", GENUINE, "label and remark around the number", obs("电话0935-2210002（微信同号）", "", "海尔")),
    _s("g18", GENUINE, "lapsed authorization, brand not in the name, other brand claimed",
       obs("0935-5110004", "古浪县家电服务部", "美的", county=GULANG)),
    _s("g19", GENUINE, "posted fees and parts by the maker's guide price",
       obs("0935-2210001", "美的售后", "美的",
           charges=(("上门服务费", 30), ("检测费", 50), ("配件费", 280)))),
    _s("g20", GENUINE, "fees named loosely", obs("09352210001", "美的维修", "美的",
                                                  charges=(("上门", 30), ("检测", 50), ("换电容", 45)))),
    _s("g21", GENUINE, "authorized outlet charging a fee missing from its list",
       obs("0935-2210001", "美的空调售后", "美的", charges=(("上门服务费", 30), ("加氟", 200)))),
    _s("g22", GENUINE, "vague address for a real outlet",
       obs("0935-2210002", "鑫达家电维修部", "海尔", address="城里那家，具体不清楚")),
    _s("g23", GENUINE, "touring visit to a far township",
       obs("0935-4110003", "海尔特约维修站", "海尔", place="民勤红沙岗", county=MINQIN)),
    _s("g24", GENUINE, "real outlet's technician gave his own new mobile, name without a brand",
       obs("138 9350 0099", "凉州区鑫达家电维修部", "海尔")),
    _s("g25", GENUINE, "real outlet's technician gave his own mobile, name with the brand",
       obs("13893500098", "美的空调售后服务中心(凉州店)", "美的")),
    _s("g26", GENUINE, "three quality complaints in 20 days at a real outlet",
       obs("0935-2210002", "鑫达家电", "海尔", days_ago=2, ref="c1"),
       obs("0935-2210002", "鑫达家电", "格力", days_ago=12, ref="c2"),
       obs("0935-2210002", "鑫达", "海尔", days_ago=22, ref="c3")),
    _s("g27", GENUINE, "real outlet, complaints over months for several brands incl. unauthorized",
       obs("0935-2210002", "鑫达家电", "海尔", days_ago=5, ref="c4"),
       obs("0935-2210002", "鑫达家电", "美的", days_ago=60, ref="c5"),
       obs("0935-2210002", "鑫达家电", "小米", days_ago=120, ref="c6"),
       obs("0935-2210002", "鑫达家电", "格力", days_ago=200, ref="c7")),
    _s("g28", GENUINE, "independent repairer, no brand claimed", obs("17709351111", "老王家电维修", "美的")),
    _s("g29", GENUINE, "independent repair centre, no brand in its name",
       obs("15393556789", "凉州家电维修中心", "海尔", place="凉州城区")),
    _s("g30", GENUINE, "full-width digits and dash", obs("０９３５－２２１０００１", "美的售后服务", "美的")),
    _s("g31", GENUINE, "English name of a real outlet",
       obs("0935 2210001", "Midea service Liangzhou", "美的")),
    _s("g32", GENUINE, "traditional characters", obs("0935-2210001", "美的空調售後服務中心", "美的")),
    _s("g33", GENUINE, "real 400 line, address of the caller centre's city",
       obs("4008308300", "华为售后", "华为", place="兰州城关")),
    _s("g34", GENUINE, "lookup of a multi-brand number for a brand it does not hold",
       lookup("0935-2210011", "格力")),
    _s("g35", GENUINE, "authorized outlet, name listing a brand it does not hold",
       obs("0935-2210011", "凉州区海尔美的格力维修站", "海尔")),
    _s("g36", GENUINE, "400 number with extension", obs("400-830-8300转2", "华为授权服务中心", "华为")),
    _s("g37", GENUINE, "name only, no number", obs("", "鑫达家电", "海尔")),
    _s("g38", GENUINE, "brand typed as an alias, real number", obs("0935-2210008", "米家授权服务", "米家")),
    _s("g39", GENUINE, "en dash typed by an input method", obs("0935–2210005", "永安电器", "TCL")),
    _s("g40", GENUINE, "mobile with spaces, address in the outlet's area",
       obs("139 9351 0002", "鑫达家电维修部", "格力", place="凉州黄羊镇")),
)

FAKE_SCENARIOS = (
    _s("f01", FAKE, "search ad: official after-sales centre, 400 number",
       obs("400-123-4567", "海尔官方售后服务中心", "海尔", listing="百度推广 www.haier-fuwu.cn")),
    _s("f02", FAKE, "map listing: brand 24-hour after-sales, mobile",
       obs("137 0935 1234", "美的空调24小时售后维修", "美的")),
    _s("f03", FAKE, "ad: 指定维修点, 400 number", obs("4006667788", "格力空调指定维修点", "格力")),
    _s("f04", FAKE, "lookalike character 尓", obs("18093512345", "海尓售后", "海尔")),
    _s("f05", FAKE, "homophone 美帝", obs("135 1935 8888", "美帝空调维修", "美的")),
    _s("f06", FAKE, "misspelled Latin brand", obs("400-988-1122", "Haeir售后服务", "海尔")),
    _s("f07", FAKE, "katakana カ for 力", obs("4009876543", "格カ空调服务中心", "格力")),
    _s("f08", FAKE, "homophone 长红", obs("17709352222", "长红电视维修", "长虹")),
    _s("f09", FAKE, "one call centre, lookups for three makers",
       lookup("400-888-9999", "海尔", 3), lookup("400 888 9999", "美的", 2), lookup("4008889999", "格力", 1)),
    _s("f10", FAKE, "one mobile, complaints naming three brands",
       obs("13709351234", "海尔售后", "海尔", days_ago=40),
       obs("137-0935-1234", "美的售后", "美的", days_ago=20),
       obs("+86 137 0935 1234", "格力维修", "格力", days_ago=5)),
    _s("f11", FAKE, "800 number posing for three TV makers",
       lookup("800-999-0000", "海信"), lookup("8009990000", "长虹"), lookup("800 999 0000", "TCL")),
    _s("f12", FAKE, "revoked outlet still posing as authorized",
       obs("0935-2210005", "美的授权维修(永安)", "美的")),
    _s("f13", FAKE, "suspended outlet posing as the brand's after-sales",
       obs("0935-2210009", "长虹电视售后", "长虹")),
    _s("f14", FAKE, "expired authorization, still trading as the brand",
       obs("0935-5110004", "古浪县格力空调服务部", "格力", county=GULANG)),
    _s("f15", FAKE, "outlet authorized for other brands posing as official for another",
       obs("0935-2210002", "美的官方售后", "美的")),
    _s("f16", FAKE, "copied a real outlet's name, own number, inflated visit and inspection fees",
       obs("15393551111", "美的空调售后服务中心(凉州店)", "美的",
           charges=(("上门费", 150), ("检测费", 200)))),
    _s("f17", FAKE, "upfront deposit never posted", obs("18093519999", "海尔售后", "海尔",
                                                        charges=(("预付定金", 200),))),
    _s("f18", FAKE, "small fault, big repair (parts), brand claimed",
       obs("13519350000", "格力空调维修中心", "格力", charges=(("更换主板", 1800),))),
    _s("f19", FAKE, "no fixed premises: address does not exist",
       obs("4000123456", "海尔空调服务站", "海尔", address="武威市凉州区幸福大道888号")),
    _s("f20", FAKE, "claims a local centre, address in another province",
       obs("4001112222", "武威海尔售后服务中心", "海尔", place="广州天河")),
    _s("f21", FAKE, "number went dead after a burst of complaints, no brand in the name",
       obs("18093510001", "家电维修", "美的", days_ago=10, ref="b1"),
       obs("18093510001", "家电维修", "美的", days_ago=7, ref="b2"),
       obs("18093510001", "上门维修", "美的", days_ago=3, ref="b3"),
       obs("180 9351 0001", "维修师傅", "美的", days_ago=1, ref="b4")),
    _s("f22", FAKE, "lookup only, 400 number, one brand", lookup("400-555-6666", "美的")),
    _s("f23", FAKE, "no brand in the name, single complaint", obs("13993519999", "家电快修", "海尔",
                                                                  charges=(("上门费", 100),))),
    _s("f24", FAKE, "traditional characters 授權", obs("4007778888", "海爾授權維修中心", "海尔")),
    _s("f25", FAKE, "English official listing", obs("13609351234", "", "美的",
                                                  listing="Midea Official Service Center - call now")),
    _s("f26", FAKE, "real outlet's name, own 400 number",
       obs("400-600-7000", "民勤县海尔特约维修站", "海尔", county=MINQIN)),
    _s("f27", FAKE, "number one digit off a real outlet's, its name copied",
       obs("0935-2210003", "美的空调售后服务中心(凉州店)", "美的")),
    _s("f28", FAKE, "sub-brand official", obs("4003334444", "卡萨帝官方售后", "卡萨帝")),
    _s("f29", FAKE, "phone brand authorized repair", obs("17709353333", "华为授权维修", "华为")),
    _s("f30", FAKE, "小米售后服务中心 with 400 number", obs("4002223333", "小米售后服务中心", "小米")),
    _s("f31", FAKE, "no name recorded, bill above the usual", obs("13709358888", "", "美的",
                                                              charges=(("上门费", 80), ("检测费", 150)))),
    _s("f32", FAKE, "claims several makers in one ad", obs("4006006000", "海尔美的格力家电售后", "海尔")),
    _s("f33", FAKE, "complaints and a lookup, three brands",
       obs("18093517777", "海尔维修", "海尔", days_ago=30),
       obs("18093517777", "美的维修", "美的", days_ago=9),
       lookup("18093517777", "格力", 2)),
    _s("f34", FAKE, "brand typed by homophone, generic service-centre name",
       obs("13519351234", "家电售后服务中心", "海儿")),
    _s("f35", FAKE, "same brand looked up repeatedly", lookup("4001230000", "海尔", 9),
       lookup("4001230000", "海尔", 4), lookup("4001230000", "海尔", 1)),
    _s("f36", FAKE, "800 number, official TV service", obs("800-820-1234", "海信官方售后", "海信")),
    _s("f37", FAKE, "TCL after-sales centre", obs("4005556666", "TCL电视售后维修中心", "TCL")),
    _s("f38", FAKE, "brand station with the county in brackets, 400 number",
       obs("4007070707", "格力空调服务站(古浪)", "格力", place="古浪城区", county=GULANG)),
    _s("f39", FAKE, "misspelled domain in the listing", obs("13709350505", "", "海信",
                                                           listing="hisence-service.com 上门快")),
    _s("f40", FAKE, "revoked outlet, fee above posted",
       obs("0935-2210005", "永安电器维修", "美的", charges=(("上门费", 120),))),
)

SCENARIOS = GENUINE_SCENARIOS + FAKE_SCENARIOS
