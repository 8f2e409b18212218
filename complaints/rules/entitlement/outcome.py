"""What an assessment says: remedies with their basis and last day, the period, every refusal.

Texts stay untranslated here (the rules import nothing from Django): each is an English template
with named parameters, marked for extraction by `gettext_noop`; the service translates and fills
them. Legal bases are citations of Chinese law and are shown as they are. Article numbers are
cited only where the article is certain; otherwise the regulation is named with the clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NO_REASON_RETURN, RETURN, EXCHANGE, FREE_REPAIR = (
    "no_reason_return", "return", "exchange", "free_repair")
REMEDY_ORDER = (NO_REASON_RETURN, RETURN, EXCHANGE, FREE_REPAIR)

SANBAO = "《部分商品修理更换退货责任规定》"
BASIS_RETURN_WINDOW = SANBAO + "（售出之日起7日内发生性能故障：退货、换货或修理）"
BASIS_EXCHANGE_WINDOW = SANBAO + "（售出之日起15日内发生性能故障：换货或修理）"
BASIS_FREE_REPAIR = SANBAO + "（三包有效期内免费修理，含材料费和工时费）"
BASIS_FAILED_REPAIRS = SANBAO + "（三包有效期内修理两次仍不能正常使用：换货或退货）"
BASIS_PARTS_MISSING = SANBAO + "（未供应零配件，自送修之日起超过90日未修好：免费调换）"
BASIS_REPAIRER_DELAY = SANBAO + "（因修理者自身原因修理期超过30日：免费调换，费用由修理者承担）"
BASIS_PERIOD = SANBAO + "（三包有效期自开具发票之日起计算，扣除修理占用和待修时间；换货后重新计算）"
BASIS_PROOF = SANBAO + "（凭发票及三包凭证办理；无三包凭证及有效发票的不实行三包）"
BASIS_PHONE = "《移动电话机商品修理更换退货责任规定》"
BASIS_EXCLUSION = SANBAO + "（不实行三包的情形，可实行合理的收费修理）"
BASIS_NO_REASON = "《中华人民共和国消费者权益保护法》第二十五条；《网络购买商品七日无理由退货暂行办法》"
BASIS_STORE_PROMISE = ("《中华人民共和国消费者权益保护法》第十六条（按约定履行义务）；"
                       "经营者公开的线下无理由退货承诺")


def gettext_noop(message: str) -> str:
    """Marks a template for makemessages (xgettext knows this name); translated at render time."""
    return message


@dataclass(frozen=True)
class Text:
    """An English template (str.format style) and its parameters, translated by the caller."""

    template: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LocalName:
    """A name from the catalogue in both languages; the renderer picks the active one."""

    zh: str
    en: str


WHOLE_UNIT_NAME = LocalName("整机", "whole unit")


@dataclass(frozen=True)
class Remedy:
    remedy: str
    basis: str
    claim_by: date  # the last day the remedy can be claimed
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Refusal:
    code: str  # stable snake_case
    detail: Text
    basis: str


@dataclass(frozen=True)
class Period:
    """The 三包 period: start, ends (extension included), and the extension by repair days."""

    sale_date: date  # the 7/15-day windows count from here
    start: date
    start_basis: str  # invoice | installation | exchange | manufacture
    whole_unit_end: date
    part: str | None
    part_end: date | None
    extension_days: int


@dataclass(frozen=True)
class Assessment:
    rule_set: str
    category: str
    remedies: tuple[Remedy, ...]
    period: Period
    refusals: tuple[Refusal, ...]
    terms_verified: bool


def merge_remedies(candidates: list[Remedy]) -> tuple[Remedy, ...]:
    """One entry per remedy: the route with the latest claim-by day, all routes' notes kept."""
    merged: dict[str, Remedy] = {}
    for candidate in candidates:
        kept = merged.get(candidate.remedy)
        if kept is None:
            merged[candidate.remedy] = candidate
            continue
        best, other = (candidate, kept) if candidate.claim_by > kept.claim_by else (kept, candidate)
        notes = best.notes + tuple(note for note in other.notes if note not in best.notes)
        merged[candidate.remedy] = Remedy(best.remedy, best.basis, best.claim_by, notes)
    return tuple(merged[name] for name in REMEDY_ORDER if name in merged)
