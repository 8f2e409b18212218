"""A complaint's page: status in plain words, the next deadline, the business's answer with
accept/decline, escalation to the regulator, history, evidence; the consumer adds information or
withdraws.

Only its consumer (this session, after tracking number + phone) and staff with jurisdiction see
it; staff see it read-only. Anyone else is sent to the tracking page, whether the number exists
or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.errors import DomainError, NotFound
from service_net.rules.phones import format_phone

from .. import selectors
from ..models import Evidence
from ..rules import workflow
from ..rules.tracking import tracking_number_display
from ..services.filing import Upload, evidence_add_all
from ..services.filing_evidence import download_name, evidence_path
from ..services.workflow import (
    CONSUMER,
    complaint_add_information,
    complaint_confirm_outcome,
    complaint_decline_outcome,
    complaint_escalate,
    complaint_withdraw,
)
from . import case_text
from .access import consumer_may_act, viewer_kind
from .filing import JUST_FILED
from .presenters import event_rows
from .privacy import privacy_context


def _complaint_or_none(tracking: str):
    try:
        return selectors.complaint_by_tracking(tracking)
    except NotFound:
        return None


def _to_track_page(tracking: str):
    return redirect(f"{reverse('complaints:track')}?tracking={tracking}")


@require_GET
def case_page(request, tracking: str):
    complaint = _complaint_or_none(tracking)
    viewer = viewer_kind(request, complaint) if complaint else None
    if viewer is None:
        return _to_track_page(tracking)
    just_filed = request.session.pop(JUST_FILED, None) == complaint.tracking_number
    answer = complaint.business_responses.order_by("responded_at", "id").last()
    history = selectors.complaint_history(complaint)
    if viewer == "consumer":
        history = history.exclude(action__in=[f"complaints.complaint.{a}"
                                              for a in workflow.PARTY_HIDDEN_ACTIONS])
    return render(request, "complaints/case.html", {
        "complaint": complaint, "viewer": viewer, "just_filed": just_filed,
        "tracking_display": tracking_number_display(complaint.tracking_number),
        "status_sentence": case_text.status_sentence(complaint),
        "next_step": case_text.next_step(complaint),
        "outcome_reason": case_text.outcome_reason(complaint),
        "answer": answer, "answer_remedy": case_text.remedy_words(answer.remedy) if answer else "",
        "events": event_rows(history, viewer),
        "consumer_phone": format_phone(complaint.consumer_phone),
        "evidence": selectors.complaint_evidence(complaint),
        "report": getattr(complaint, "report_part", None),
        "actions": workflow.allowed_actions(complaint.status, workflow.CONSUMER)
        if viewer == "consumer" else [],
        "evidence_kinds": Evidence.Kind.choices,
        "privacy": privacy_context(complaint, timezone.localdate()) if viewer == "consumer"
        else None,
    })


def _consumer_action(request, tracking: str, act) -> object:
    complaint = _complaint_or_none(tracking)
    if complaint is None or not consumer_may_act(request, complaint):
        return _to_track_page(tracking)
    try:
        act(complaint)
    except DomainError as exc:
        errors = exc.data.get("errors") or [{"field": "", "reason": str(exc.message)}]
        for error in errors:
            messages.error(request, error["reason"])
    return redirect("complaints:case", tracking=complaint.tracking_number)


@require_POST
def add_information(request, tracking: str):
    """Text, files, or both; files of one submission are stored all or none."""
    text = request.POST.get("text", "").strip()
    kind = request.POST.get("kind", Evidence.Kind.OTHER)
    uploads = tuple(Upload(f, kind) for f in request.FILES.getlist("files") if f.size)

    def act(complaint):
        if not text and not uploads:
            raise DomainError(_("Please write something or choose a file."))
        now = timezone.now()
        if uploads:  # first: a refused file then leaves the text for the consumer to resend
            evidence_add_all(complaint=complaint, uploads=uploads, at=now)
        if text:
            complaint_add_information(complaint=complaint, text=text, at=now)
        messages.success(request, _("Thank you. Your information was added to the complaint."))

    return _consumer_action(request, tracking, act)


@require_POST
def withdraw(request, tracking: str):
    def act(complaint):
        complaint_withdraw(complaint=complaint, reason=request.POST.get("reason", ""),
                           at=timezone.now())
        messages.success(request, _("Your complaint has been withdrawn."))

    return _consumer_action(request, tracking, act)


@require_POST
def confirm_outcome(request, tracking: str):
    def act(complaint):
        complaint_confirm_outcome(complaint, note=request.POST.get("note", ""), at=timezone.now())
        messages.success(request, _("Thank you. You accepted the business's answer."))

    return _consumer_action(request, tracking, act)


@require_POST
def decline_outcome(request, tracking: str):
    def act(complaint):
        complaint_decline_outcome(complaint, reason=request.POST.get("reason", ""),
                                  at=timezone.now())
        messages.success(request, _("You did not accept the answer. The market regulator now "
                                    "takes over your complaint."))

    return _consumer_action(request, tracking, act)


@require_POST
def escalate(request, tracking: str):
    def act(complaint):
        complaint_escalate(complaint, actor=CONSUMER, reason=request.POST.get("reason", ""),
                           at=timezone.now())
        messages.success(request, _("Your complaint now goes to the market regulator."))

    return _consumer_action(request, tracking, act)


INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})  # re-encoded


@require_GET
def evidence_download(request, tracking: str, evidence_id: int):
    """The file, to its consumer and to staff with jurisdiction; 404 to anyone else.

    Served as what it was sniffed to be at upload (never guessed from the name): a re-encoded
    image inline, a PDF only as a download; nosniff, and a sandbox policy so that the file, even
    opened on its own, runs nothing and loads nothing."""
    complaint = _complaint_or_none(tracking)
    if complaint is None or viewer_kind(request, complaint) is None:
        raise Http404
    evidence = complaint.evidence.filter(id=evidence_id).first()
    path = evidence_path(evidence.stored_name) if evidence else None
    if path is None or not path.exists():
        raise Http404
    inline = evidence.content_type in INLINE_TYPES
    response = FileResponse(path.open("rb"), content_type=evidence.content_type,
                            as_attachment=not inline,
                            filename=download_name(evidence.original_name, path.suffix))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
