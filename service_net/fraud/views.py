"""The regulator's pages: the suspect queue (scoped by jurisdiction), a suspect with its reasons
and evidence, the decisions, and the evidence export. Out of scope is 404, like missing."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.access import regulator_required
from config.errors import DomainError, NotFound
from geo.models import Division

from ..models import Brand, Suspect, WarningAppeal
from . import decisions, export, presenters, selectors

QUEUE_LIMIT = 200


def _int(text, default: int = 0) -> int:
    try:
        return max(int(text), 0)
    except (TypeError, ValueError):
        return default


@regulator_required
def queue_page(request):
    state = request.GET.get("state", "")
    if state not in ("", "all", *Suspect.State.values):
        state = ""
    min_score = _int(request.GET.get("min_score"))
    suspects = selectors.suspect_queue(request.user, state=state, min_score=min_score)
    return render(request, "service_net/fraud/queue.html", {
        "suspects": suspects[:QUEUE_LIMIT], "state": state, "min_score": min_score,
        "states": Suspect.State.choices})


def _suspect_or_404(request, suspect_id: int) -> Suspect:
    try:
        return selectors.suspect_for(request.user, suspect_id)
    except NotFound as exc:
        raise Http404 from exc


@regulator_required
def suspect_page(request, suspect_id: int):
    suspect = _suspect_or_404(request, suspect_id)
    return render(request, "service_net/fraud/suspect.html", _detail_context(suspect))


def _detail_context(suspect: Suspect) -> dict:
    brand_ids = [b["id"] for b in suspect.brands if b.get("id")]
    areas = list(suspect.areas.select_related("county").order_by("why", "county_id"))
    return {
        "suspect": suspect, "reasons": presenters.reasons(suspect),
        "observations": selectors.suspect_observations(suspect),
        "confirmations": selectors.suspect_confirmations(suspect),
        "warnings": selectors.suspect_warnings(suspect),
        "appeals": selectors.suspect_appeals(suspect),
        "events": suspect.events.order_by("at", "id"), "areas": areas,
        "claimed_brands": Brand.objects.filter(id__in=brand_ids).order_by("name"),
        "all_brands": Brand.objects.order_by("name"),
        "area_choices": Division.objects.filter(code__in=[a.county_id for a in areas]),
        "standing": suspect.warnings.filter(withdrawn_at__isnull=True).first(),
    }


def _act(request, suspect: Suspect, action: str):
    p, user, at = request.POST, request.user, timezone.now()
    if action == "request_confirmation":
        decisions.confirmation_request(suspect_id=suspect.pk, brand_id=_int(p.get("brand")),
                                       user=user, question=p.get("question", ""), at=at)
    elif action == "dismiss":
        decisions.suspect_dismiss(suspect_id=suspect.pk, user=user, reason=p.get("reason", ""),
                                  at=at)
    elif action == "reopen":
        decisions.suspect_reopen(suspect_id=suspect.pk, user=user, reason=p.get("reason", ""),
                                 at=at)
    elif action == "publish_warning":
        decisions.warning_publish(suspect_id=suspect.pk, user=user, text_zh=p.get("text_zh", ""),
                                  text_en=p.get("text_en", ""), area_code=p.get("area_code", ""),
                                  at=at)
    elif action == "withdraw_warning":
        standing = suspect.warnings.filter(withdrawn_at__isnull=True).first()
        if standing is None:
            raise NotFound()
        decisions.warning_withdraw(warning_id=standing.pk, user=user,
                                   reason=p.get("reason", ""), at=at)
    else:
        raise Http404


DONE = {
    "request_confirmation": gettext_lazy("The manufacturer has been asked."),
    "dismiss": gettext_lazy("The suspect has been dismissed."),
    "reopen": gettext_lazy("The suspect has been reopened."),
    "publish_warning": gettext_lazy("The warning is published."),
    "withdraw_warning": gettext_lazy("The warning has been withdrawn."),
}


def _failed(request, suspect: Suspect, exc: DomainError):
    context = {**_detail_context(suspect), "errors": presenters.form_errors(exc)}
    return render(request, "service_net/fraud/suspect.html", context, status=exc.http_status)


@require_POST
@regulator_required
def suspect_action(request, suspect_id: int, action: str):
    suspect = _suspect_or_404(request, suspect_id)
    if action not in DONE:
        raise Http404
    try:
        _act(request, suspect, action)
    except DomainError as exc:
        return _failed(request, suspect, exc)
    messages.success(request, DONE[action])
    return redirect("service_net:fraud_suspect", suspect_id=suspect.pk)


@require_POST
@regulator_required
def appeal_decide(request, appeal_id: int):
    appeal = WarningAppeal.objects.select_related("warning").filter(pk=appeal_id).first()
    if appeal is None:
        raise Http404
    suspect = _suspect_or_404(request, appeal.warning.suspect_id)
    try:
        decisions.appeal_decide(appeal_id=appeal.pk, user=request.user,
                                decision=request.POST.get("decision", ""),
                                reason=request.POST.get("reason", ""), at=timezone.now())
    except DomainError as exc:
        return _failed(request, suspect, exc)
    messages.success(request, _("The appeal has been decided."))
    return redirect("service_net:fraud_suspect", suspect_id=suspect.pk)


@regulator_required
def suspect_export(request, suspect_id: int, fmt: str):
    suspect = _suspect_or_404(request, suspect_id)
    bundle = export.evidence_bundle(suspect, at=timezone.now())
    name = f"suspect-{suspect.pk}-{suspect.phone_key}"
    if fmt == "json":
        response = HttpResponse(export.bundle_json(bundle), content_type="application/json")
    elif fmt == "csv":
        response = HttpResponse(export.bundle_csv(bundle), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
