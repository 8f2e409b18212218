"""The triage queue (分拣队列) and the bulk accept / refuse over its checked rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.access import regulator_required
from service_net.models import Brand, Category

from ...models import Complaint
from ...rules import workflow
from ...rules.privacy import mask_name, mask_phone
from ...rules.tracking import tracking_number_display
from ...selectors import complaints_visible_to
from ...selectors_console import (
    ALL_STATUSES,
    ASSIGNED_TO_ME,
    CLOCKS,
    OVERDUE,
    SIGNALS,
    UNASSIGNED,
    QueueFilters,
    console_complaints_by_id,
    queue_counties,
    row_signals,
    triage_page,
    triage_queue,
)
from ...services.workflow import BulkResult, ComplaintChanged, complaints_bulk_decide
from .actions import actor_of
from .case import changed_text
from .labels import (
    CLOCK_LABELS,
    DECISION_LABELS,
    SIGNAL_LABELS,
    reason_label,
    refusal_message,
    refusal_reason_choices,
)

PAGE_SIZE = 25
MAX_BULK = 200


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    tracking_display: str
    consumer: str
    respondent: str
    signals: list
    overdue: bool
    clock_label: str
    decidable: bool


def queue_row(complaint: Complaint, today: date) -> QueueRow:
    """One line of the queue: personal data masked (complaints/rules/privacy.py)."""
    outlet = complaint.respondent_outlet
    return QueueRow(
        complaint=complaint, tracking_display=tracking_number_display(complaint.tracking_number),
        consumer=f"{mask_name(complaint.consumer_name)} {mask_phone(complaint.consumer_phone)}",
        respondent=outlet.name if outlet else complaint.respondent_name,
        signals=[(code, SIGNAL_LABELS[code]) for code in row_signals(complaint)],
        overdue=bool(complaint.due_date and complaint.due_date < today),
        clock_label=str(CLOCK_LABELS.get(complaint.due_clock, complaint.due_clock)),
        decidable=complaint.status == workflow.WITH_REGULATOR)


@regulator_required
@require_GET
def queue_page(request):
    now = timezone.now()
    today = timezone.localdate(now)
    filters = QueueFilters.from_query(request.GET)
    queue = triage_queue(request.user, filters=filters, now=now, today=today)
    page, complaints = triage_page(queue, request.GET.get("page"), PAGE_SIZE)
    query = filters.as_query()
    return render(request, "complaints/console/queue.html", {
        "page": page, "rows": [queue_row(c, today) for c in complaints], "f": filters,
        "query": urlencode(query),
        "filtered": bool(query), "nav": _nav_current(query), **_filter_choices(request.user),
    })


def _nav_current(query: dict) -> str:
    """Which entry of the console's own navigation this queue view is, if any."""
    return {(): "queue", (("assigned", ASSIGNED_TO_ME),): "mine",
            (("clock", OVERDUE),): "overdue"}.get(tuple(sorted(query.items())), "")


def _filter_choices(user) -> dict:
    return {
        "statuses": [("", _("Needs attention")), (ALL_STATUSES, _("All")),
                     *Complaint.Status.choices],
        "clocks": [(OVERDUE, _("Overdue")), *((c, CLOCK_LABELS[c]) for c in CLOCKS)],
        "signals": [(s, SIGNAL_LABELS[s]) for s in SIGNALS],
        "assigned_choices": [(ASSIGNED_TO_ME, _("Assigned to me")), (UNASSIGNED, _("Unassigned"))],
        "counties": queue_counties(user),
        "categories": Category.objects.all(),
        "brands": Brand.objects.order_by("name"),
        "refusal_reasons": refusal_reason_choices(),
    }


@regulator_required
@require_POST
def bulk_decide(request):
    """Accept or refuse the checked rows; each complaint is decided on its own, and the result
    lists what was done and what was refused, with the reason."""
    back = _back_url(request)
    ids = sorted({int(i) for i in request.POST.getlist("ids") if i.isdigit()})[:MAX_BULK]
    decision = request.POST.get("decision", "")
    reason_code = request.POST.get("reason_code", "")
    error = _bulk_input_error(ids, decision, reason_code)
    if error:
        messages.error(request, error)
        return redirect(back)
    in_scope = console_complaints_by_id(request.user, ids)
    result = complaints_bulk_decide(
        ids=list(in_scope), decision=decision, reason_code=reason_code if decision == "refuse"
        else "", note=request.POST.get("note", "").strip()[:2000], actor=actor_of(request),
        at=timezone.now(), scope=complaints_visible_to(request.user),
        versions=_posted_versions(request, ids))
    done, refused, moved = _bulk_outcome(result, ids, in_scope)
    return render(request, "complaints/console/bulk_result.html", {
        "decision": DECISION_LABELS.get(decision, decision), "done": done, "refused": refused,
        "moved": moved, "reason": reason_label(reason_code) if decision == "refuse" else "",
        "back": back})


def _posted_versions(request, ids: list[int]) -> dict[int, int]:
    """The version of each ticked row as the queue showed it (`version_<id>`): a row that
    changed since is skipped, not decided on what the regulator no longer sees."""
    raw = {pk: (request.POST.get(f"version_{pk}") or "").strip() for pk in ids}
    return {pk: int(value) for pk, value in raw.items() if value.isdigit()}


def _back_url(request) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return "console:queue"


def _bulk_input_error(ids: list[int], decision: str, reason_code: str) -> str:
    if not ids:
        return _("Please tick at least one complaint.")
    if decision not in DECISION_LABELS:
        return _("Please choose accept or refuse.")
    if decision == "refuse" and reason_code not in dict(refusal_reason_choices()):
        return _("Please choose why the complaints are not accepted.")
    return ""


@dataclass(frozen=True)
class BulkLine:
    tracking_display: str
    tracking: str
    reason: str = ""


def _bulk_outcome(result: BulkResult, ids: list[int], in_scope: dict[int, Complaint]):
    """The service's BulkResult as lines: done, refused with the reason in words, and moved
    (changed since the queue was loaded: skipped, with the state now). Ids out of scope are
    "not found", exactly like ids that do not exist."""
    refusals = {item["id"]: item for item in result.refused}
    done_ids = set(result.done)
    done, refused, moved = [], [], []
    for pk in ids:
        complaint = in_scope.get(pk)
        if complaint is None:
            refused.append(BulkLine(f"#{pk}", "", refusal_message("not_found")))
            continue
        line = partial(BulkLine, _display(complaint), complaint.tracking_number)
        refusal = refusals.get(pk, {})
        if pk in done_ids:
            done.append(line())
        elif refusal.get("code") == ComplaintChanged.code:
            moved.append(line(changed_text(refusal.get("status", ""))))
        else:
            refused.append(line(refusal_message(refusal.get("code", ""))))
    return done, refused, moved


def _display(complaint: Complaint) -> str:
    return tracking_number_display(complaint.tracking_number)
