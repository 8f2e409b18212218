"""Charges against the posted price list (明码标价, SAMR Order 56; domain.md §5).

No charge above the posted price, no fee that was not posted. Consumers name fees loosely
('上门费', '出诊费', '路费' for the posted '上门服务费'), so items compare by kind first, then by
their wording. A posted item priced by a method ('按厂家配件指导价') cannot be exceeded by a number.
"""

from __future__ import annotations

from decimal import Decimal

from .catalog import CHARGE_ABOVE_POSTED, FEE_NOT_POSTED, make_signal
from .context import Context
from .model import Charge, OutletFact, Signal
from .text import compact

VISIT = "visit"
# Kinds of fee and the words consumers and price lists use for them.
FEE_KINDS: dict[str, tuple[str, ...]] = {
    VISIT: ("上门", "出诊", "路费", "交通", "出车", "车费", "跑腿"),
    "inspection": ("检测", "检查", "诊断", "检修"),
    "labour": ("工时", "人工", "手工", "维修费", "修理费", "维修工", "工钱"),
    "parts": ("配件", "材料", "零件", "部件", "元件", "更换", "换"),
    "refrigerant": ("加氟", "加雪种", "冷媒", "制冷剂", "氟利昂"),
    "cleaning": ("清洗", "保养", "消毒"),
    "install": ("安装", "移机", "拆机"),
}
_FILLER = ("费用", "收费", "服务", "费", "钱", "的")


def fee_kinds(item: str, *, visit_fee: bool = False) -> frozenset[str]:
    text = compact(item)
    kinds = {kind for kind, words in FEE_KINDS.items() if any(w in text for w in words)}
    return frozenset(kinds | ({VISIT} if visit_fee else set()))


def _core(item: str) -> str:
    text = compact(item)
    for filler in _FILLER:
        text = text.replace(filler, "")
    return text


def posted_prices(charge: Charge, outlets: tuple[OutletFact, ...]) -> list[Decimal | None] | None:
    """The posted prices this charge is held to; None if no posted item covers it."""
    kinds, core = fee_kinds(charge.item), _core(charge.item)
    prices: list[Decimal | None] = []
    matched = False
    for outlet in outlets:
        for item, price, visit_fee in outlet.price_items:
            posted_core = _core(item)
            same_kind = bool(kinds & fee_kinds(item, visit_fee=visit_fee))
            same_words = bool(core) and bool(posted_core) and (core in posted_core or posted_core in core)
            if same_kind or same_words:
                matched = True
                prices.append(price)
    return prices if matched else None


def charge_signals(ctx: Context) -> list[Signal]:
    """charge_above_posted, fee_not_posted — against the designated outlet's price list, or,
    when the number is unknown, that of the registered outlet whose name was used; failing both,
    charge_above_posted only, against the brand's outlets nearby with a margin (brand_guide)."""
    outlets = ctx.outlets or ctx.named
    if not any(o.price_items for o in outlets):
        return _against_brand_guide(ctx)
    above, unposted = _compare(ctx.obs.charges, outlets)
    signals = []
    ids = [o.outlet_id for o in outlets]
    if above:
        worst = max(above, key=lambda a: Decimal(a["amount"]) - Decimal(a["posted"]))
        signals.append(make_signal(CHARGE_ABOVE_POSTED, **worst, items=above, outlet_ids=ids))
    if unposted:
        signals.append(make_signal(FEE_NOT_POSTED, **unposted[0], items=unposted, outlet_ids=ids))
    return signals


def _compare(charges: tuple[Charge, ...], outlets: tuple[OutletFact, ...],
             factor: Decimal = Decimal(1)) -> tuple[list, list]:
    above: list[dict[str, str]] = []
    unposted: list[dict[str, str]] = []
    for charge in charges:
        if charge.amount_yuan <= 0:
            continue
        line = {"item": charge.item, "amount": str(charge.amount_yuan)}
        prices = posted_prices(charge, outlets)
        if prices is None:
            unposted.append(line)
            continue
        numbers = [p for p in prices if p is not None]
        # Any covering item priced by a method ('按项目') leaves nothing to exceed.
        if numbers and len(numbers) == len(prices) and charge.amount_yuan > max(numbers) * factor:
            above.append({**line, "posted": str(max(numbers))})
    return above, unposted


BRAND_GUIDE_FACTOR = Decimal("1.5")  # "far above" the brand's posted prices (domain.md §6)


def _against_brand_guide(ctx: Context) -> list[Signal]:
    """An unknown outlet's charges against the highest price the claimed brand's outlets post,
    plus half: outlets differ, so only a charge far above them all is a sign of fraud."""
    guide = tuple(o for o in ctx.registry.brand_outlets if o.price_items)
    if not guide or not ctx.claimed:
        return []
    above, _unposted = _compare(ctx.obs.charges, guide, factor=BRAND_GUIDE_FACTOR)
    if not above:
        return []
    worst = max(above, key=lambda a: Decimal(a["amount"]) - Decimal(a["posted"]))
    return [make_signal(CHARGE_ABOVE_POSTED, **worst, items=above, basis="brand_guide",
                        factor=str(BRAND_GUIDE_FACTOR), outlet_ids=[o.outlet_id for o in guide])]
