"""What the complaint workflow tests share: a fixed clock and complaints filed against 品牌甲 in
凉州区. The fixtures `business` (ODR-enrolled), `biz` and `reg` are in conftest.py."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from complaints.models import Complaint
from complaints.services import complaint_file
from tests.integration.filing_support import draft

# Mid-morning local time, today: a date taken from T0 is the same in UTC and in Asia/Shanghai.
# (T0 = timezone.now() made the tests depend on the hour they ran: from 15:00 UTC the UTC date
# T0.date() was already yesterday in China, and a perform_by of T0.date() "had passed".)
T0 = timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))
TODAY = timezone.localdate(T0)
LIANGZHOU_ADDRESS = "甘肃省武威市凉州区东大街街道文庙路1号"


def later(days: int = 0, hours: int = 0):
    return T0 + timedelta(days=days, hours=hours)


def actions(complaint) -> list[str]:
    return [e.action.rsplit(".", 1)[-1] for e in complaint.events.order_by("at", "id")]


def refusal(exc_info) -> str:
    return exc_info.value.data["refusal"]


def file(**overrides) -> Complaint:
    """Against 品牌甲's after-sales centre in 凉州区 (the brand's manufacturer answers)."""
    overrides.setdefault("respondent_name", "测试电器A售后服务中心")
    overrides.setdefault("respondent_address", LIANGZHOU_ADDRESS)
    return complaint_file(draft=draft(**overrides), at=T0)


def with_regulator(**overrides) -> Complaint:
    return file(respondent_name="凉州区某某家电商场", **overrides)
