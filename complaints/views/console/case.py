"""The console's case view: everything the regulator needs on one page, and the actions allowed
now (workflow.allowed_actions for the regulator), each a small form posting to `case_action`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.access import regulator_required
from config.errors import DomainError, InvalidInput, NotFound
from service_net.rules.phones import format_phone

from ... import selectors, selectors_console
from ...models import Complaint
from ...rules import workflow
from ...rules.tracking import tracking_number_display
from ...services.workflow import ComplaintChanged, complaint_unchanged_since, complaint_version
from ..presenters import event_rows
from .actions import COMPLAINT_ACTIONS, HANDLERS, REPORT_ACTIONS
from .labels import (
    CLOCK_LABELS,
    SIGNAL_LABELS,
    mediation_end_choices,
    reason_label,
    refusal_message,
    refusal_reason_choices,
)


def complaint_in_scope(request, tracking: str):
    try:
        return selectors_console.console_complaint(request.user, tracking)
    except NotFound as exc:
        raise Http404 from exc


@regulator_required
@require_GET
def case_page(request, tracking: str):
    complaint = complaint_in_scope(request, tracking)
    now = timezone.now()
    report = getattr(complaint, "report_part", None)
    signals = selectors_console.complaint_signals(request.user, complaint, now=now)
    return render(request, "complaints/console/case.html", {
        "complaint": complaint,
        "tracking_display": tracking_number_display(complaint.tracking_number),
        "consumer_phone": format_phone(complaint.consumer_phone),
        "signals": [(code, SIGNAL_LABELS[code]) for code in signals],
        "deadline": deadline_view(complaint, timezone.localdate(now)),
        "report": report,
        "report_deadline": deadline_view(report, timezone.localdate(now)) if report else None,
        "events": history_lines(selectors.complaint_history(complaint)),
        "evidence": selectors.complaint_evidence(complaint),
        "responses": complaint.business_responses.all(),
        "outcome_reason": reason_label(complaint.outcome_reason),
        "actions": allowed_actions(complaint, report),
        "refusal_reasons": refusal_reason_choices(),
        "mediation_end_reasons": mediation_end_choices(),
        "staff": selectors_console.assignable_staff(complaint),
        "today": timezone.localdate(now),
        "version": complaint.version or 0,
    })


def deadline_view(row, today) -> dict | None:
    """The row's current clock: name, due day, provisional marker, overdue; None when none runs."""
    if row is None or not row.due_date:
        return None
    return {"clock": row.due_clock, "label": CLOCK_LABELS.get(row.due_clock, row.due_clock),
            "due_date": row.due_date, "provisional": row.due_provisional,
            "overdue": row.due_date < today, "days_left": (row.due_date - today).days}


def history_lines(events) -> list[tuple]:
    """The staff history, with which regulator acted and the reason code in words."""
    events = list(events)
    return [(row, event.actor_id if event.actor_kind == workflow.REGULATOR else "",
             reason_label(event.reason_code) if event.reason_code else "")
            for row, event in zip(event_rows(events, "staff"), events, strict=True)]


def allowed_actions(complaint, report) -> set[str]:
    """The console's actions the workflow tables allow the regulator now, less those the
    row's own state rules out (a paused clock, a closure already notified, one extension)."""
    allowed = set(workflow.allowed_actions(complaint.status, workflow.REGULATOR))
    actions = {action for action in COMPLAINT_ACTIONS if action in allowed}
    actions.discard(workflow.RESUME_CLOCK if complaint.clock_paused_since is None
                    else workflow.PAUSE_CLOCK)
    if complaint.termination_notified_at is not None or complaint.outcome not in (
            Complaint.Outcome.AGREEMENT, Complaint.Outcome.MEDIATION_ENDED):
        actions.discard(workflow.NOTIFY_TERMINATION)
    if report is not None:
        actions |= _report_actions(report)
    return actions


def _report_actions(report) -> set[str]:
    if report.status == workflow.REPORT_RECEIVED:
        return {"report_decide"} | ({"report_extend"} if report.extended_at is None else set())
    if report.real_name and report.reporter_notified_at is None:
        return {"reporter_notified"}
    return set()


@regulator_required
@require_POST
def case_action(request, tracking: str, action: str):
    """One action on the case; its outcome or error is shown on the case page (or answered as
    JSON, `{code, message, data}` with the error's status, to a client that asks for JSON).
    The form's `version` is the complaint's as the page showed it: if anyone acted since, the
    action is refused (ComplaintChanged) and the page says what the case is now."""
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404
    complaint = complaint_in_scope(request, tracking)
    try:
        with complaint_unchanged_since(complaint, version=posted_version(request)):
            message = handler(request, complaint, timezone.now())
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        if wants_json(request):
            return JsonResponse({"code": exc.code, "message": error_texts(exc)[0],
                                 "data": exc.data}, status=exc.http_status)
        for text in error_texts(exc):
            messages.error(request, text)
    else:
        if wants_json(request):
            return JsonResponse({"message": message, **_state(complaint.pk)})
        messages.success(request, message)
    anchor = "report" if action in REPORT_ACTIONS else "actions"
    url = reverse("console:case", kwargs={"tracking": complaint.tracking_number})
    return redirect(f"{url}#{anchor}")


def posted_version(request) -> int | None:
    """The complaint's version the form was rendered with; None when the form has none."""
    raw = (request.POST.get("version") or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput([{"field": "version", "reason": _(
            "This page is out of date. Please reload it and try again.")}])
    return int(raw)


def wants_json(request) -> bool:
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _state(pk: int) -> dict:
    status = Complaint.objects.filter(pk=pk).values_list("status", flat=True).first()
    return {"status": status, "version": complaint_version(pk)}


def error_texts(exc: DomainError) -> list[str]:
    """What the regulator reads: each invalid field's reason, who came first, or the refusal."""
    if isinstance(exc, InvalidInput):
        return [str(error["reason"]) for error in exc.data.get("errors", [])] or [str(exc.message)]
    if isinstance(exc, ComplaintChanged):
        return [changed_text(exc.data["status"])]
    return [domain_error_text(exc)]


def changed_text(status: str) -> str:
    return _("Someone else acted on this complaint first; it is now: %(status)s. Please look at "
             "the case again before you act.") % {"status": status_label(status)}


def status_label(status: str) -> str:
    return str(Complaint.Status(status).label) if status in Complaint.Status.values else status


def domain_error_text(exc: DomainError) -> str:
    """The refusal in the regulator's words: known refusal codes have ours, else the service's."""
    code = exc.data.get("refusal") or exc.data.get("code") or ""
    return refusal_message(code, fallback=str(exc.message))
