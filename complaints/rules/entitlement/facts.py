"""What the consumer tells us: the facts an assessment is made from (all dates are parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CHANNELS = ("online", "tv_phone_mail", "in_store")
REMOTE_CHANNELS = ("online", "tv_phone_mail")  # 消法 art. 25: 网络、电视、电话、邮购
PROOFS = ("invoice", "warranty_card", "other", "none")
DELAY_CAUSES = ("parts", "repairer")
EXCLUSIONS = ("misuse", "unauthorized_disassembly", "certificate_mismatch", "force_majeure")
EXCLUDED_GOODS = ("custom_made", "perishable", "digital_unsealed", "periodicals",
                  "activation_confirmed")
STORE_PROMISE_DAYS = (7, 365)  # 线下无理由退货承诺: 7 up to 365 days


@dataclass(frozen=True)
class Fault:
    """A performance fault (性能故障): when it occurred and which part (or `whole_unit`)."""

    date: date
    part: str


@dataclass(frozen=True)
class Repair:
    """One stay in repair. `returned` None: still in repair on the request date."""

    handed_in: date
    returned: date | None
    part: str = "whole_unit"
    delay_cause: str | None = None  # "parts" | "repairer" | None

    def days(self, request_date: date) -> int:
        """Days in repair or waiting for parts: from hand-in (not counted) to return (art. 201).

        A repair still going on counts up to the request date.
        """
        return ((self.returned or request_date) - self.handed_in).days


@dataclass(frozen=True)
class Facts:
    category: str
    channel: str
    purchase_date: date  # sale / invoice date
    request_date: date  # the day the consumer claims
    proof: str
    received_date: date | None = None  # signed for the goods; default the purchase date
    installed_date: date | None = None  # delivery, installation and commissioning finished
    manufacture_date: date | None = None
    fault: Fault | None = None
    repairs: tuple[Repair, ...] = ()
    last_exchange_date: date | None = None
    goods_intact: bool = True
    excluded_goods: str | None = None
    exclusion: str | None = None
    store_promise_days: int | None = None

    @property
    def received(self) -> date:
        return self.received_date or self.purchase_date
