"""The report part's (举报) own clock (暂行办法 art. 31–32; 市场监督管理行政处罚程序规定 art. 18):
decide within 15 working days whether to open a case, once extended by 15 with a recorded
approval; a real-name reporter is told within 5 working days of the decision."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ...models import ReportPart
from ...rules import workflow
from ._core import Actor, event, locked_report, notify, refused, required_text


def _report_checked(report: ReportPart, action: str, actor: Actor, reason: str = ""):
    try:
        return workflow.check_report(report.status, action, actor.kind, reason=reason)
    except workflow.TransitionRefused as exc:
        raise refused(exc.refusal.code, report.status, exc.refusal.detail) from exc


def _report_record(report: ReportPart, move, action: str, actor: Actor, at: datetime,
                   fields: tuple[str, ...], note: str = "") -> ReportPart:
    from .. import deadlines

    before = report.status
    report.status = move.target
    deadlines.report_due_set(report)
    report.save(update_fields=sorted({*fields, "status", "due_clock", "due_date",
                                      "due_provisional"}))
    event(report.complaint, action, before, move.target, actor, at, note=note, entity="report")
    return report


@transaction.atomic
def report_extend(report: ReportPart, *, approved_by: str, reason: str, actor: Actor,
                  at: datetime) -> ReportPart:
    """Extend the decision time by 15 working days, once, with the approver and the reason."""
    approved_by = required_text(approved_by, "approved_by", _("Name who approved the extension."))
    reason = required_text(reason, "reason", _("Please give the reason for the extension."))
    row = locked_report(report)
    move = _report_checked(row, workflow.EXTEND, actor, reason=reason)
    if row.extended_at is not None:
        raise refused("already_extended", row.status)
    row.extended_at, row.extension_approved_by, row.extension_reason = at, approved_by, reason
    return _report_record(row, move, workflow.EXTEND, actor, at, note=reason, fields=(
        "extended_at", "extension_approved_by", "extension_reason"))


@transaction.atomic
def report_decide(report: ReportPart, *, open_case: bool, reason: str, actor: Actor,
                  at: datetime) -> ReportPart:
    """Decide whether to open a case: CASE_OPENED or NOT_OPENED, with the reason. A real-name
    reporter is then due to be told within 5 working days (notification report_decided)."""
    reason = required_text(reason, "reason", _("Please give the reason for the decision."))
    row = locked_report(report)
    action = workflow.DECIDE_OPEN if open_case else workflow.DECIDE_NOT_OPEN
    move = _report_checked(row, action, actor, reason=reason)
    row.decided_at, row.decided_by, row.decision_reason = at, actor.id or actor.kind, reason
    _report_record(row, move, action, actor, at, note=reason,
                   fields=("decided_at", "decided_by", "decision_reason"))
    if row.real_name:
        notify("report_decided", row.complaint, at, open_case=open_case)
    return row


@transaction.atomic
def report_reporter_notified(report: ReportPart, *, actor: Actor, at: datetime) -> ReportPart:
    """The real-name reporter was told of the decision: the reporter_notice clock stops."""
    row = locked_report(report)
    move = _report_checked(row, workflow.REPORTER_NOTIFIED, actor)
    if row.reporter_notified_at is not None:
        raise refused("already_notified", row.status)
    row.reporter_notified_at = at
    return _report_record(row, move, workflow.REPORTER_NOTIFIED, actor, at,
                          fields=("reporter_notified_at",))
