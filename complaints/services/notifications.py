"""Telling each party what concerns them: an outbox of Notification rows, sent by RQ jobs.

`notify()` runs inside the caller's transaction: it writes one row per recipient and channel
under a unique key (a repeated event finds its rows and adds none) and queues one send job per
new row when the transaction commits. `notification_send()` is the job's body: it claims the row
with a conditional UPDATE (pending → sending) so a job run twice or on two workers sends once,
sends, and marks the row sent; a transient fault puts it back to pending for rq.Retry, the last
attempt marks it failed. Rows and logs carry ids and codes, never a name, phone or address: the
recipient's address is read when sending.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse

from config.errors import DomainError
from config.sql import insert_new

from ..models import Complaint, Notification
from ..notify import channels
from ..notify.errors import TRANSIENT_ERRORS, PermanentSendError, error_detail, error_summary
from ..notify.messages import MessageContext, UnknownMessage, email_message, sms_text
from ..notify.recipients import (
    CONSUMER,
    REPORTER,
    address_of,
    recipient_kinds,
    recipients,
)
from ..rules import workflow
from ..rules.tracking import tracking_number_display

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 4  # the first try and rq.Retry(max=3)
STUCK_AFTER = timedelta(minutes=10)  # a send takes seconds; still `sending` after this: worker died
STUCK = "stuck_in_sending"
KEY_MAX = 160
CLOSURE_EVENT, REPORT_EVENT = "mediation_closed", "report_decided"
_Status = Notification.Status
_Channel = Notification.Channel


class SendRetry(Exception):
    """Raised out of the job for rq.Retry: the original fault's class only (its text may hold
    an address)."""


def notify(*, event: str, complaint: Complaint, at: datetime, key: str = "",
           data: dict | None = None, record_unreachable: bool = False) -> None:
    """Queue the notifications of `event` for `complaint` inside the caller's transaction.

    `key` names the occurrence (default f"{event}:{pk}:{status}"); each recipient's row gets
    `key|kind:ref|channel`, unique, so calling again for the same occurrence adds nothing and
    sends nothing. `data` holds codes and dates only (no personal data). Unknown events are
    logged and ignored. `record_unreachable`: when nobody of the parties to tell can be reached
    (a regulator account without an e-mail address, a business without an account), write the
    occurrence anyway, one failed row per party (`no_recipient`, nothing sent), so that a caller
    who asks "was this already notified?" — the deadline sweep — gets yes, and the back office
    sees who could not be told. Other events write nothing then, as before.
    """
    data = dict(data or {})
    base = key or f"{event}:{complaint.pk}:{complaint.status}"
    kinds = recipient_kinds(event, complaint.status, party=str(data.get("party", "")),
                            clock=str(data.get("clock", "")))
    if not kinds:
        log.warning("notify: no recipients for event %s (complaint %s)", event, complaint.pk)
    rows = [Notification(
        key=_row_key(base, f"{recipient.kind}:{recipient.ref}", recipient.channel), event=event,
        complaint=complaint, recipient_kind=recipient.kind, recipient_ref=recipient.ref,
        channel=recipient.channel, template=event, data=_jsonable(data), created_at=at)
        for kind in kinds for recipient in recipients(kind, complaint)]
    if record_unreachable and kinds and not rows:
        _insert_new([_unreachable_row(base, kind, event, complaint, data, at) for kind in kinds])
        return
    _enqueue(*_insert_new(rows))


NO_RECIPIENT = "no_recipient"


def _unreachable_row(base: str, kind: str, event: str, complaint: Complaint, data: dict,
                     at: datetime) -> Notification:
    """The occurrence, for a party nobody of which can be reached: failed at once, never sent."""
    channel = _Channel.SMS if kind in (CONSUMER, REPORTER) else _Channel.EMAIL
    return Notification(
        key=_row_key(base, f"{kind}:none", channel), event=event, complaint=complaint,
        recipient_kind=kind, recipient_ref="", channel=channel, template=event,
        data=_jsonable(data), created_at=at, status=_Status.FAILED, last_error=NO_RECIPIENT)


def _insert_new(rows: list[Notification]) -> list[int]:
    return insert_new(rows, conflict=("key",))


def _row_key(base: str, recipient: str, channel: str) -> str:
    key = f"{base}|{recipient}|{channel}"
    if len(key) <= KEY_MAX:
        return key
    return f"{key[:KEY_MAX - 41]}#{hashlib.sha1(key.encode()).hexdigest()}"


def _jsonable(data: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in data.items()}


def _enqueue(*notification_ids: int) -> None:
    from ..tasks_notify import notification_send_enqueue  # tasks import this module

    notification_send_enqueue(*notification_ids)


def notification_send(*, notification_id: int, at: datetime, final: bool = False) -> str:
    """Send one notification once; returns its status afterwards ("skipped" when another job
    holds or finished it). Not one transaction: the claim commits before sending, so a second
    job sees `sending` and leaves the row alone. A transient fault (TransientSendError, SMTP,
    network) raises SendRetry unless this is the last attempt (`final`, or MAX_ATTEMPTS)."""
    if not _claim(notification_id, at):
        return "skipped"
    row = Notification.objects.select_related("complaint").get(pk=notification_id)
    try:
        _deliver(row)
    except TRANSIENT_ERRORS as exc:
        last = final or row.attempts >= MAX_ATTEMPTS
        _release(row, _Status.FAILED if last else _Status.PENDING, error_summary(exc))
        log.warning("notification %s: %s (attempt %s)", row.pk, error_summary(exc), row.attempts)
        if last:
            return _Status.FAILED
        raise SendRetry(error_summary(exc)) from None
    except (PermanentSendError, UnknownMessage) as exc:
        _release(row, _Status.FAILED, error_detail(exc))
        log.warning("notification %s failed: %s", row.pk, error_summary(exc))
        return _Status.FAILED
    Notification.objects.filter(pk=row.pk).update(status=_Status.SENT, sent_at=at, last_error="")
    log.info("notification %s sent (%s, %s)", row.pk, row.event, row.channel)
    _after_sent(row, at)
    return _Status.SENT


def _claim(notification_id: int, at: datetime) -> bool:
    return bool(Notification.objects.filter(pk=notification_id, status=_Status.PENDING).update(
        status=_Status.SENDING, attempts=F("attempts") + 1, claimed_at=at))


def _release(row: Notification, status: str, error: str) -> None:
    Notification.objects.filter(pk=row.pk, status=_Status.SENDING).update(
        status=status, last_error=error[:256])


def _deliver(row: Notification) -> None:
    context = _context(row)
    address = address_of(row)
    if row.channel == Notification.Channel.SMS:
        channels.sms_send(phone=address, text=sms_text(context))
    else:
        channels.email_send(to=address, message=email_message(context))


def _context(row: Notification) -> MessageContext:
    complaint = Complaint.objects.select_related("brand", "category").get(pk=row.complaint_id)
    data = row.data or {}
    category = complaint.category
    report = getattr(complaint, "report_part", None) if row.event == REPORT_EVENT else None
    return MessageContext(
        event=row.event, recipient_kind=row.recipient_kind,
        tracking=tracking_number_display(complaint.tracking_number), status=complaint.status,
        link=_link(row.recipient_kind, complaint.tracking_number),
        brand=complaint.brand.name if complaint.brand else complaint.brand_text,
        category_zh=category.name_zh if category else "",
        category_en=category.name_en if category else "",
        due_clock=data.get("clock") or complaint.due_clock,
        due_date=_date(data.get("due_date")) or complaint.due_date,
        due_provisional=complaint.due_provisional, overdue=bool(data.get("overdue")),
        outcome=complaint.outcome or str(data.get("outcome", "")),
        outcome_reason=complaint.outcome_reason or str(data.get("reason_code", "")),
        performance_due_date=complaint.performance_due_date,
        open_case=(report.status == workflow.REPORT_CASE_OPENED) if report else None)


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _link(kind: str, tracking: str) -> str:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    if kind in (CONSUMER, REPORTER):
        return f"{site}/complaints/track/"
    name = "business:case" if kind == "business" else "console:case"
    try:
        return site + reverse(name, kwargs={"tracking": tracking})
    except NoReverseMatch:
        return f"{site}/{'business' if kind == 'business' else 'console'}/"


def _after_sent(row: Notification, at: datetime) -> None:
    """The consumer was told of the closure (暂行办法 art. 22) or the reporter of the decision
    (art. 32): that stops the notice clock. Done once; a second notice changes nothing."""
    if row.recipient_kind == CONSUMER and row.event == CLOSURE_EVENT:
        _termination_notified(row.complaint_id, at)
    elif row.recipient_kind == REPORTER and row.event == REPORT_EVENT:
        _reporter_notified(row.complaint_id, at)


def _termination_notified(complaint_id: int, at: datetime) -> None:
    from .workflow._core import SYSTEM
    from .workflow.regulator import complaint_termination_notified

    try:  # the service decides: only a mediation closure, only once
        complaint_termination_notified(complaint_id, actor=SYSTEM, at=at)
    except DomainError as exc:  # notified meanwhile by another job or by hand
        log.info("complaint %s: closure notice not recorded: %s", complaint_id, exc.code)


def _reporter_notified(complaint_id: int, at: datetime) -> None:
    from ..models import ReportPart
    from .workflow._core import SYSTEM
    from .workflow.report import report_reporter_notified

    report = ReportPart.objects.filter(complaint_id=complaint_id).first()
    if report is None or report.reporter_notified_at is not None:
        return
    try:
        report_reporter_notified(report, actor=SYSTEM, at=at)
    except DomainError as exc:
        log.info("complaint %s: reporter notice not recorded: %s", complaint_id, exc.code)


@transaction.atomic
def notification_retry(*, notification: Notification, at: datetime) -> bool:
    """Send a failed notification again (the back office): back to pending, attempts from zero,
    a new job. False when it is not failed."""
    updated = Notification.objects.filter(pk=notification.pk, status=_Status.FAILED).update(
        status=_Status.PENDING, attempts=0, last_error="")
    if updated:
        _enqueue(notification.pk)
    return bool(updated)


def notifications_unstick(*, at: datetime) -> list[int]:
    """Rows a worker claimed (`sending`) more than STUCK_AFTER ago and never finished — the
    worker died mid-send — go back to pending with a new job; a row that has used its last
    attempt is marked failed instead. Each row is taken back with a conditional UPDATE, so two
    sweeps at once requeue it once. Returns the ids requeued. A worker that died after the
    gateway accepted the message cannot be told apart: that message may go out twice."""
    line = at - STUCK_AFTER
    stuck = Notification.objects.filter(Q(claimed_at__lt=line) | Q(claimed_at__isnull=True),
                                        status=_Status.SENDING)
    stuck.filter(attempts__gte=MAX_ATTEMPTS).update(status=_Status.FAILED, last_error=STUCK)
    requeued = [pk for pk in stuck.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
                if stuck.filter(pk=pk).update(status=_Status.PENDING, last_error=STUCK)]
    _enqueue(*requeued)
    if requeued:
        log.warning("notifications %s were stuck in sending: queued again", requeued)
    return requeued
