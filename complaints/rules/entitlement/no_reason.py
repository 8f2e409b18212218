"""Seven-day no-reason return (七日无理由退货) and in-store no-reason-return commitments.

Remote sales (online, TV, phone, mail order; 消法 art. 25): the consumer may return the goods
without a reason within 7 days that start the day after signing for them (2017 online measures),
so the last day is received_date + 7 (民法典 art. 201). A longer promise by the seller binds too.

In-store purchases carry no statutory right. A store's published commitment
(`store_promise_days`, 7 to 365) binds it and is applied like the online rule with the store's
days, counted from the day the consumer received the goods: domain.md §3 says "like the online
rule", and the online rule counts from receipt, not from payment. For goods carried home,
received_date defaults to the purchase date; for goods delivered later (a refrigerator), the
promise runs from the delivery the consumer signed for, as it would online.

Refused: excluded goods (made to order, perishable, unsealed digital content, periodicals, and
goods that lose value once activated where the consumer confirmed that at purchase), goods not
intact (opening to inspect and reasonable testing keep them intact), and a request after the
last day.
"""

from __future__ import annotations

from .dates import last_day_after_days
from .facts import REMOTE_CHANNELS, Facts
from .outcome import (
    BASIS_NO_REASON,
    BASIS_STORE_PROMISE,
    NO_REASON_RETURN,
    Refusal,
    Remedy,
    Text,
    gettext_noop,
)
from .tables import RuleParameters

EXCLUDED_GOODS_TEXTS = {
    "custom_made": gettext_noop("goods made to the consumer's order"),
    "perishable": gettext_noop("fresh or perishable goods"),
    "digital_unsealed": gettext_noop("downloaded or unsealed audio-visual recordings, software "
                                     "or other digital goods"),
    "periodicals": gettext_noop("newspapers and periodicals"),
    "activation_confirmed": gettext_noop("goods that lose much value once activated or tried, "
                                         "which the consumer confirmed at purchase"),
}


def no_reason_assess(facts: Facts, rules: RuleParameters) -> tuple[list[Remedy], list[Refusal]]:
    """The no-reason return if owed; otherwise every reason it is not."""
    days, basis = _days_and_basis(facts, rules)
    if days is None:
        return [], [Refusal("no_reason_return_not_offered", Text(gettext_noop(
            "A purchase in a store carries no statutory no-reason return; it exists only where "
            "the store published a no-reason-return commitment.")), BASIS_STORE_PROMISE)]
    last_day = last_day_after_days(facts.received, days)
    refusals = []
    if facts.excluded_goods:
        refusals.append(Refusal("no_reason_return_excluded_goods", Text(gettext_noop(
            "No-reason return does not apply to {goods}."),
            {"goods": Text(EXCLUDED_GOODS_TEXTS[facts.excluded_goods])}), basis))
    if not facts.goods_intact:
        refusals.append(Refusal("goods_not_intact", Text(gettext_noop(
            "The goods are not intact (for example repaired without authorisation, a damaged CCC "
            "mark or serial number, wear, or traces of activation and personal data). Opening "
            "the package to inspect and reasonable testing would not count.")), basis))
    if facts.request_date > last_day:
        refusals.append(Refusal("no_reason_return_window_passed", Text(gettext_noop(
            "A no-reason return had to be requested by {last_day}: {days} days from the day "
            "after the goods were received on {received_date}."),
            {"last_day": last_day, "days": days, "received_date": facts.received}), basis))
    if refusals:
        return [], refusals
    return [Remedy(NO_REASON_RETURN, basis, last_day, (Text(gettext_noop(
        "No reason is needed. The seller refunds within 7 days of receiving the goods back; "
        "return shipping is yours unless agreed otherwise.")),))], []


def _days_and_basis(facts: Facts, rules: RuleParameters) -> tuple[int | None, str]:
    promise = facts.store_promise_days
    if facts.channel in REMOTE_CHANNELS:
        if promise and promise > rules.no_reason_return_days:
            return promise, f"{BASIS_NO_REASON}；{BASIS_STORE_PROMISE}"
        return rules.no_reason_return_days, BASIS_NO_REASON
    return promise, BASIS_STORE_PROMISE
