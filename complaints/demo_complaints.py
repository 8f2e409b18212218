"""SYNTHETIC demo complaints over the last 12 months, in every state, for the dashboard and the
public disclosure page; ODR enrolment for two demo manufacturers and a demo business login.

Every demo complaint is marked: the consumer is 演示消费者NN, the phone a number of the
invented 0935-5559xxx demo range (the demo outlets use 0935-555xxxx, service_net/demo.py),
addresses and texts say 演示. Nothing describes a real person or case. Complaints are filed
through complaints.services.filing with `at` in the past and moved on through the workflow
services with past times, so each has its real history and due dates. Their notifications are
dropped (synthetic history tells no one). Loading twice adds nothing: a complaint whose demo
phone exists is skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from service_net.demo import MAKER_CATEGORIES
from service_net.models import Manufacturer, ManufacturerStaff

from .models import Complaint, Notification
from .rules import workflow
from .services import workflow as flow
from .services.filing import complaint_file
from .services.filing_draft import ComplaintDraft

ODR_MAKERS = ("美的集团", "海尔集团")
DEMO_STAFF = ("meidi-demo", "美的集团")
DEMO_PASSWORD = "Sanbao-demo-2026"
DEMO_PHONE = "0935-5559{:03d}"
COUNTIES = ("凉州区", "民勤县", "古浪县", "天祝藏族自治县")
REGULATOR_OF = {"凉州区": "liangzhou"}  # the other counties: the city's demo account
BRAND_MAKER = {"美的": "美的集团", "海尔": "海尔集团", "格力": "格力电器", "海信": "海信集团",
               "小米": "小米集团", "TCL": "TCL实业"}

# Scenario → steps (action, calendar days after filing). The final state is in the name.
# No sweep runs while loading: a case left with the business stays within its 10 working days.
SCENARIOS: dict[str, tuple[tuple[str, int], ...]] = {
    "with_business": (),
    "business_proposed": (("offer", 2),),
    "settled_performed": (("accept_request", 3), ("confirm", 5), ("performed", 12)),
    "settled_delayed": (("accept_request", 2), ("confirm", 3), ("flag_delay", 26)),
    "rejected": (("reject", 4),),
    "rejected_in_mediation": (("reject", 4), ("accept", 8)),
    "declined_agreement": (("offer", 3), ("decline", 6), ("accept", 9), ("agreement", 30),
                           ("notified", 32), ("performed", 40)),
    "timed_out": (("timeout", 30),),
    "timed_out_ended": (("timeout", 30), ("accept", 33), ("end", 55), ("notified", 57)),
    "escalated": (("escalate", 3),),
    "withdrawn_in_odr": (("withdraw", 2),),
    "with_regulator": (),
    "in_mediation": (("accept", 3),),
    "paused": (("accept", 2), ("pause", 10)),
    "agreement": (("accept", 4), ("agreement", 25), ("notified", 27), ("performed", 35)),
    "agreement_not_notified": (("accept", 4), ("agreement", 20)),
    "mediation_ended": (("accept", 5), ("end", 40), ("notified", 41)),
    "refused": (("refuse", 5),),
    "refused_late": (("refuse", 16),),
    "withdrawn_in_mediation": (("accept", 3), ("withdraw", 10)),
}


@dataclass(frozen=True)
class DemoCase:
    days_ago: int
    scenario: str
    brand: str
    county: int = 0          # index into COUNTIES: where the respondent operates
    shop: bool = False       # respondent is a shop named as typed (no answering business)
    skip_business: bool = False


CASES = (
    DemoCase(350, "settled_performed", "美的"), DemoCase(340, "agreement", "格力", 1),
    DemoCase(330, "declined_agreement", "海尔"), DemoCase(320, "refused", "海信", 2),
    DemoCase(300, "timed_out_ended", "美的", 1), DemoCase(290, "mediation_ended", "小米", 0, True),
    DemoCase(275, "settled_performed", "海尔", 3), DemoCase(260, "agreement", "美的", 0, False, True),
    DemoCase(250, "withdrawn_in_odr", "美的", 2), DemoCase(240, "refused_late", "格力"),
    DemoCase(225, "declined_agreement", "美的"), DemoCase(210, "agreement", "TCL", 1, True),
    DemoCase(200, "settled_delayed", "美的"), DemoCase(190, "mediation_ended", "海信"),
    DemoCase(175, "settled_performed", "美的", 1), DemoCase(165, "timed_out_ended", "海尔"),
    DemoCase(150, "withdrawn_in_mediation", "格力", 3), DemoCase(140, "settled_delayed", "海尔", 2),
    DemoCase(125, "agreement", "小米"), DemoCase(115, "settled_performed", "美的"),
    DemoCase(100, "refused", "美的", 0, False, True), DemoCase(90, "declined_agreement", "海尔", 1),
    DemoCase(80, "agreement_not_notified", "格力"), DemoCase(70, "mediation_ended", "美的", 0, False, True),
    DemoCase(60, "settled_performed", "海尔"), DemoCase(50, "paused", "海信", 1),
    DemoCase(45, "timed_out", "美的", 2), DemoCase(40, "rejected_in_mediation", "海尔"),
    DemoCase(35, "in_mediation", "格力"), DemoCase(30, "rejected", "美的", 3),
    DemoCase(25, "escalated", "海尔"), DemoCase(9, "with_business", "美的"),
    DemoCase(15, "in_mediation", "小米", 0, True), DemoCase(12, "with_regulator", "格力", 1),
    DemoCase(8, "business_proposed", "美的"), DemoCase(6, "business_proposed", "海尔", 1),
    DemoCase(4, "with_business", "海尔"), DemoCase(3, "with_regulator", "海信"),
    DemoCase(2, "with_business", "美的", 2), DemoCase(1, "with_regulator", "TCL", 0, True),
)


def demo_phone(index: int) -> str:
    return DEMO_PHONE.format(index + 1)


def demo_complaints_load(now: datetime) -> dict:
    """Enrol the demo ODR manufacturers, create the demo business login, file the demo
    complaints not yet loaded and move each through its scenario. Returns counts."""
    odr_enrol(now)
    staff_created = demo_staff_create()
    loaded = Counter()
    for index, case in enumerate(CASES):
        if not Complaint.objects.filter(consumer_phone=demo_phone(index).replace("-", "")).exists():
            demo_case_load(index, case, now)
            loaded[case.scenario] += 1
    return {"complaints_filed": sum(loaded.values()), "business_login_created": staff_created}


def odr_enrol(now: datetime) -> None:
    Manufacturer.objects.filter(name__in=ODR_MAKERS, odr_enrolled=False).update(
        odr_enrolled=True, odr_enrolled_at=now - timedelta(days=400))


def demo_staff_create() -> bool:
    username, maker = DEMO_STAFF
    users = get_user_model().objects
    if users.filter(username=username).exists():
        return False
    user = users.create_user(username=username, password=DEMO_PASSWORD)
    ManufacturerStaff.objects.create(user=user, manufacturer=Manufacturer.objects.get(name=maker))
    return True


def _local(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def demo_case_load(index: int, case: DemoCase, now: datetime) -> Complaint:
    filed_on = timezone.localdate(now) - timedelta(days=case.days_ago)
    steps = SCENARIOS[case.scenario]
    if steps and steps[-1][1] >= case.days_ago:
        raise ValueError(f"demo case {index}: its last step would lie in the future")
    complaint = complaint_file(draft=_draft(index, case, filed_on), at=_local(filed_on, 10))
    for action, days in steps:
        at = _local(filed_on + timedelta(days=days), 15)
        complaint = Complaint.objects.get(pk=complaint.pk)
        STEPS[action](complaint, at, _regulator(case))
    # Synthetic history tells no one: without its outbox rows the send jobs queued at commit
    # find nothing to send (and a closure notice the scenario leaves unsent stays unsent).
    Notification.objects.filter(complaint=complaint).delete()
    return complaint


def _draft(index: int, case: DemoCase, filed_on: date) -> ComplaintDraft:
    county = COUNTIES[case.county]
    categories = MAKER_CATEGORIES[BRAND_MAKER[case.brand]]
    respondent = (f"{county}演示家电商场" if case.shop else f"{case.brand}售后服务中心（演示）")
    return ComplaintDraft(
        consumer_name=f"演示消费者{index + 1:02d}", consumer_phone=demo_phone(index),
        consumer_address=f"甘肃省武威市{COUNTIES[(case.county + index) % 4]}演示路{index + 1}号",
        brand=case.brand, category=categories[index % len(categories)],
        product_model=f"DEMO-{index + 1:03d}", channel="in_store",
        purchase_date=filed_on - timedelta(days=120 + index), proof="invoice",
        fault_date=filed_on - timedelta(days=3), fault_part="whole_unit",
        respondent_name=respondent, respondent_address=f"甘肃省武威市{county}演示街{index + 1}号",
        respondent_phone="0935-5558000", skip_business=case.skip_business,
        facts="（演示数据）产品使用中出现故障，多次联系未能解决。",
        request="（演示数据）按三包规定维修或更换")


def _regulator(case: DemoCase) -> flow.Actor:
    return flow.Actor(workflow.REGULATOR, REGULATOR_OF.get(COUNTIES[case.county], "wuwei"))


def _business(complaint: Complaint) -> flow.Actor:
    return flow.Actor(workflow.BUSINESS, str(complaint.respondent_manufacturer_id))


def _respond(kind: str, remedy: str, terms: str, reason: str = ""):
    def step(complaint: Complaint, at: datetime, _regulator: flow.Actor) -> None:
        flow.complaint_business_respond(
            complaint, manufacturer=complaint.respondent_manufacturer, kind=kind, remedy=remedy,
            terms=terms, reason=reason, actor=_business(complaint), at=at,
            perform_by=None if kind == "reject" else timezone.localdate(at) + timedelta(days=5))
    return step


STEPS = {
    "offer": _respond("offer", "repair", "免费上门维修（演示）"),
    "accept_request": _respond("accept", "exchange", "同意更换同型号（演示）"),
    "reject": _respond("reject", "", "", "已超出三包期（演示）"),
    "confirm": lambda c, at, r: flow.complaint_confirm_outcome(c, at=at),
    "decline": lambda c, at, r: flow.complaint_decline_outcome(c, reason="不同意维修方案（演示）",
                                                               at=at),
    "escalate": lambda c, at, r: flow.complaint_escalate(c, actor=flow.CONSUMER, at=at,
                                                         reason="商家迟迟不答复（演示）"),
    "timeout": lambda c, at, r: flow.complaint_escalate(c, actor=flow.SYSTEM, at=at),
    "withdraw": lambda c, at, r: flow.complaint_withdraw(c, reason="已自行协商解决（演示）", at=at),
    "accept": lambda c, at, r: flow.complaint_accept(c, actor=r, at=at),
    "refuse": lambda c, at, r: flow.complaint_refuse(c, reason_code="outside_area", actor=r, at=at,
                                                     note="演示"),
    "pause": lambda c, at, r: flow.complaint_clock_pause(c, reason="送检鉴定（演示）", actor=r,
                                                         at=at),
    "agreement": lambda c, at, r: flow.complaint_record_agreement(
        c, terms="商家十日内更换（演示）", perform_by=timezone.localdate(at) + timedelta(days=10),
        actor=r, at=at),
    "end": lambda c, at, r: flow.complaint_end_mediation(c, reason_code="party_refused", actor=r,
                                                         at=at, note="演示"),
    "notified": lambda c, at, r: flow.complaint_termination_notified(c, actor=r, at=at),
    # A shop without a business account cannot record it: left to the deliberate-delay sweep.
    "performed": lambda c, at, r: c.respondent_manufacturer_id and flow.complaint_mark_performed(
        c, actor=_business(c), at=at),
    "flag_delay": lambda c, at, r: flow.complaint_flag_delay(c, at=at),
}
