"""The texts of notifications: Chinese first; e-mails carry the English below the Chinese.

Pure: everything comes in a `MessageContext` built at send time from the complaint (tracking
number, brand, category, dates, codes) — never a name, phone or address. SMS texts are short:
the tracking number, what happened and the path of the tracking page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..rules import workflow

SMS_PREFIX = "【三包】"
SUBJECT_PREFIX = "[三包 Sanbao]"


@dataclass(frozen=True)
class MessageContext:
    event: str
    recipient_kind: str  # consumer | business | regulator | reporter
    tracking: str  # display form: WW 12345 6789A
    status: str
    link: str
    brand: str = ""
    category_zh: str = ""
    category_en: str = ""
    due_clock: str = ""
    due_date: date | None = None
    due_provisional: bool = False
    overdue: bool = False
    outcome: str = ""
    outcome_reason: str = ""
    performance_due_date: date | None = None
    open_case: bool | None = None


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


class UnknownMessage(LookupError):
    """No text for this event and recipient: a programming error, not worth a retry."""


# (event, recipient kind) -> (Chinese, English). Placeholders are filled by _fields().
TEXTS: dict[tuple[str, str], tuple[str, str]] = {
    ("complaint_received", "consumer"): (
        "您的投诉{t}已收到，{where_zh}。",
        "Your complaint {t} was received; {where_en}."),
    ("complaint_received", "business"): (
        "投诉{t}（{product_zh}）已转贵单位处理，请于{due_zh}前与消费者协商并答复。",
        "Complaint {t} ({product_en}) has been sent to you; please settle with the consumer "
        "and answer by {due_en}."),
    ("complaint_received", "regulator"): (
        "收到投诉{t}（{product_zh}），请于{due_zh}前决定是否受理。",
        "Complaint {t} ({product_en}) was received; please decide on acceptance by {due_en}."),
    ("business_responded", "consumer"): (
        "企业已答复您的投诉{t}，请查看并确认是否接受。",
        "The business answered your complaint {t}; please review and say whether you accept."),
    ("outcome_confirmed", "business"): (
        "消费者已接受贵单位对投诉{t}的答复，请于{perform_by_zh}前履行。",
        "The consumer accepted your answer to complaint {t}; please perform it by "
        "{perform_by_en}."),
    ("outcome_declined", "business"): (
        "消费者未接受贵单位对投诉{t}的答复，投诉已转市场监管部门。",
        "The consumer declined your answer to complaint {t}; it went to the regulator."),
    ("escalated", "consumer"): (
        "您的投诉{t}已转市场监管部门处理。",
        "Your complaint {t} went to the market regulator."),
    ("escalated", "regulator"): (
        "投诉{t}（{product_zh}）已转至贵局，请于{due_zh}前决定是否受理。",
        "Complaint {t} ({product_en}) came to you; please decide on acceptance by {due_en}."),
    ("accepted", "consumer"): (
        "市场监管部门已受理您的投诉{t}，将组织调解。",
        "The regulator accepted your complaint {t} and will mediate."),
    ("accepted", "business"): (
        "市场监管部门已受理投诉{t}，将组织调解。",
        "The regulator accepted complaint {t} and will mediate."),
    ("refused", "consumer"): (
        "市场监管部门决定不受理您的投诉{t}，原因：{reason_zh}。",
        "The regulator did not accept your complaint {t}: {reason_en}."),
    ("refused", "business"): (
        "市场监管部门决定不受理投诉{t}，原因：{reason_zh}。",
        "The regulator did not accept complaint {t}: {reason_en}."),
    ("mediation_closed", "consumer"): (
        "您的投诉{t}调解已终结：{outcome_zh}。",
        "Mediation of your complaint {t} has ended: {outcome_en}."),
    ("mediation_closed", "business"): (
        "投诉{t}调解已终结：{outcome_zh}。{perform_zh}",
        "Mediation of complaint {t} has ended: {outcome_en}.{perform_en}"),
    ("deadline_reminder", "consumer"): (
        "企业对您的投诉{t}的答复待您确认，期限{due_zh}。",
        "The business's answer to your complaint {t} awaits your decision by {due_en}."),
    ("deadline_reminder", "business"): (
        "投诉{t}的{clock_zh}期限为{due_zh}，请及时处理。",
        "Complaint {t}: the {clock_en} deadline is {due_en}."),
    ("deadline_reminder", "regulator"): (
        "投诉{t}的{clock_zh}期限为{due_zh}，请及时处理。",
        "Complaint {t}: the {clock_en} deadline is {due_en}."),
    ("deliberate_delay", "regulator"): (
        "投诉{t}约定的履行期限{perform_by_zh}已过15日仍未履行，可能构成故意拖延"
        "（《侵害消费者权益行为处罚办法》第九条）。",
        "Complaint {t}: what was agreed for {perform_by_en} is still not performed 15 days "
        "later — possible deliberate delay (处罚办法 art. 9)."),
    ("withdrawn", "business"): (
        "消费者已撤回投诉{t}（{product_zh}），无需再处理。",
        "The consumer withdrew complaint {t} ({product_en}); nothing more is needed from you."),
    ("withdrawn", "regulator"): (
        "消费者已撤回投诉{t}（{product_zh}），投诉处理终结。",
        "The consumer withdrew complaint {t} ({product_en}); its handling has ended."),
    ("report_decided", "reporter"): (
        "您在投诉{t}中举报的线索已处理：{decision_zh}。",
        "The report in your complaint {t} has been decided: {decision_en}."),
}

SUBJECTS: dict[str, tuple[str, str]] = {
    "complaint_received": ("新投诉", "New complaint"),
    "business_responded": ("企业已答复", "The business answered"),
    "outcome_confirmed": ("消费者已接受答复", "The consumer accepted"),
    "outcome_declined": ("消费者未接受答复", "The consumer declined"),
    "escalated": ("投诉转市场监管部门", "Complaint escalated to the regulator"),
    "accepted": ("投诉已受理", "Complaint accepted"),
    "refused": ("投诉不予受理", "Complaint not accepted"),
    "mediation_closed": ("调解终结", "Mediation ended"),
    "deadline_reminder": ("期限提醒", "Deadline reminder"),
    "deliberate_delay": ("疑似故意拖延", "Possible deliberate delay"),
    "report_decided": ("举报处理结果", "Report decided"),
    "withdrawn": ("投诉已撤回", "Complaint withdrawn"),
}

CLOCKS = {
    "odr_settlement": ("企业和解（10个工作日）", "business settlement (10 working days)"),
    "regulator_acceptance": ("受理决定（7个工作日）", "acceptance decision (7 working days)"),
    "mediation": ("调解（45个工作日）", "mediation (45 working days)"),
    "termination_notice": ("终结告知（7个工作日）", "closure notice (7 working days)"),
    "report_verification": ("举报核查（15个工作日）", "report verification (15 working days)"),
    "reporter_notice": ("告知举报人（5个工作日）", "reporter notice (5 working days)"),
}

OUTCOMES = {
    "odr_settled": ("与企业和解", "settled with the business"),
    "agreement": ("达成调解协议", "mediation agreement"),
    "mediation_ended": ("未达成协议，调解终止", "no agreement, mediation ended"),
    "refused": ("不予受理", "not accepted"),
    "withdrawn": ("已撤回", "withdrawn"),
}

REASONS = {
    "outside_duties": ("不属于市场监管部门职责范围", "outside the regulator's duties"),
    "outside_area": ("不属于本部门管辖", "outside this regulator's area"),
    "already_handled": ("已由法院、仲裁机构、其他行政机关、消费者协会或调解组织受理",
                        "already handled by a court, arbitration, another authority, a consumer "
                        "association or a mediator"),
    "not_household_consumption": ("不属于为生活消费需要购买、使用商品或接受服务",
                                  "not household consumption"),
    "time_barred": ("超过三年", "more than three years have passed"),
    "content_missing": ("投诉材料不全", "required content is missing"),
    "party_refused": ("一方拒绝调解", "a party refused mediation"),
    "party_absent": ("一方无正当理由不参加调解", "a party did not attend"),
    "time_limit": ("调解期满未达成协议", "the mediation time limit passed"),
}


def sms_text(ctx: MessageContext) -> str:
    """The short Chinese text: what happened to which complaint, and where to look."""
    zh, _en = _texts(ctx)
    return f"{SMS_PREFIX}{zh.format(**_fields(ctx))}查看：{ctx.link}"


def email_message(ctx: MessageContext) -> Message:
    """Subject and body: the Chinese, then the English below it."""
    zh, en = _texts(ctx)
    fields = _fields(ctx)
    subject_zh, subject_en = SUBJECTS.get(ctx.event, (ctx.event, ctx.event))
    subject = f"{SUBJECT_PREFIX} {subject_zh} / {subject_en}: {ctx.tracking}"
    body = (f"{zh.format(**fields)}\n查看：{ctx.link}\n\n"
            f"{en.format(**fields)}\nOpen: {ctx.link}\n")
    return Message(subject=subject, body=body)


def _texts(ctx: MessageContext) -> tuple[str, str]:
    try:
        return TEXTS[(ctx.event, ctx.recipient_kind)]
    except KeyError:
        raise UnknownMessage(f"no text for {ctx.event} to {ctx.recipient_kind}") from None


def _fields(ctx: MessageContext) -> dict[str, str]:
    due_zh = _date_zh(ctx.due_date) + ("（暂定）" if ctx.due_provisional and ctx.due_date else "")
    due_en = _date_en(ctx.due_date) + (" (provisional)" if ctx.due_provisional and ctx.due_date
                                       else "")
    if ctx.overdue:
        due_zh, due_en = f"{due_zh}，已逾期", f"{due_en}, now overdue"
    perform_zh, perform_en = _date_zh(ctx.performance_due_date), _date_en(ctx.performance_due_date)
    to_perform = ctx.outcome == "agreement" and ctx.performance_due_date
    return {
        "t": ctx.tracking, "due_zh": due_zh, "due_en": due_en,
        "product_zh": " ".join(p for p in (ctx.brand, ctx.category_zh) if p) or "家电",
        "product_en": " ".join(p for p in (ctx.brand, ctx.category_en) if p) or "appliance",
        "where_zh": _where(ctx.status)[0], "where_en": _where(ctx.status)[1],
        "reason_zh": REASONS.get(ctx.outcome_reason, ("见投诉详情", ""))[0],
        "reason_en": REASONS.get(ctx.outcome_reason, ("", "see the complaint"))[1],
        "outcome_zh": OUTCOMES.get(ctx.outcome, (ctx.outcome, ""))[0],
        "outcome_en": OUTCOMES.get(ctx.outcome, ("", ctx.outcome))[1],
        "perform_by_zh": perform_zh, "perform_by_en": perform_en,
        "perform_zh": f"请于{perform_zh}前履行协议。" if to_perform else "",
        "perform_en": f" Please perform the agreement by {perform_en}." if to_perform else "",
        "clock_zh": CLOCKS.get(ctx.due_clock, (ctx.due_clock, ""))[0],
        "clock_en": CLOCKS.get(ctx.due_clock, ("", ctx.due_clock))[1],
        "decision_zh": "已立案" if ctx.open_case else "不予立案",
        "decision_en": "a case was opened" if ctx.open_case else "no case was opened",
    }


def _where(status: str) -> tuple[str, str]:
    if status in workflow.WITH_THE_BUSINESS:
        return ("已转企业处理，企业须在10个工作日内与您协商",
                "it went to the business, which has 10 working days to settle with you")
    return ("已转市场监管部门，将在7个工作日内决定是否受理",
            "it went to the market regulator, who decides on acceptance within 7 working days")


def _date_zh(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "（未定）"


def _date_en(value: date | None) -> str:
    return value.isoformat() if value else "(not set)"
