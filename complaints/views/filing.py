"""The consumer's pages: file a complaint (with the entitlement check first) and find it again."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from config import ratelimit
from config.errors import InvalidInput, NotFound
from config.formguard import OK, REFUSED, form_guard_check, form_token, form_token_kept
from geo.models import Division
from service_net import selectors as registry
from service_net.models import Brand, Category

from .. import selectors
from ..models import Channel, Evidence, Proof, ReportPart
from ..rules import required_content
from ..services.filing import complaint_file
from ..services.filing_draft import complaint_preview
from .access import consumer_grant
from .forms import REPAIR_ROWS, draft_from_post, uploads_from

JUST_FILED = "complaints_just_filed"
FORM_TEMPLATE = "complaints/file.html"
GUARDED_FORM = "complaint"  # config/formguard.py
CHECKLIST_LABELS = {
    "consumer_name": _("Your name"),
    "consumer_phone": _("Your phone number"),
    "consumer_address": _("Your address"),
    "respondent_name": _("The business's name"),
    "respondent_address": _("The business's address"),
    "request": _("What you ask for"),
    "facts": _("What happened"),
}


def _choices(category: str | None) -> dict:
    return {
        "brands": Brand.objects.order_by("name"),
        "categories": Category.objects.all(),
        "channels": Channel.choices,
        "proofs": Proof.choices,
        "report_kinds": ReportPart.Kind.choices,
        "evidence_kinds": Evidence.Kind.choices,
        "counties": Division.objects.filter(code__startswith="6206", level="county").order_by("code"),
        "parts": selectors.fault_parts(category or None),
        "max_files": settings.EVIDENCE_MAX_FILES,
        "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
    }


@require_http_methods(["GET", "POST"])
def file_page(request):
    """One long page: what was bought, where, what went wrong, what is asked, who asks; buttons
    to find the outlet in the registry, to check the entitlements, and to submit.

    A submission passes the bot guard (config/formguard.py) and the `filing` rate limit first
    (_submission_refused); a refused one is the form again, as typed, with one message, and
    nothing is stored. Finding the outlet counts against the `verify` limit."""
    if request.method == "GET":
        return render(request, FORM_TEMPLATE, {**_choices(None), "q": {},
                                               "repair_rows": _repair_rows({}),
                                               "form_guard": form_token(GUARDED_FORM)})
    draft, form_errors = draft_from_post(request.POST)
    action = request.POST.get("action", "check")
    if action == "find_outlet" and (limited := ratelimit.page_limited(request, "verify")):
        return limited
    submit_errors = []
    if action == "submit" and not form_errors:
        if refused := _submission_refused(request, draft):
            return refused
        try:
            complaint = complaint_file(draft=draft, uploads=uploads_from(request.FILES),
                                       at=timezone.now())
        except InvalidInput as exc:
            submit_errors = exc.data["errors"]
        else:
            ratelimit.hit(request, "filing")
            consumer_grant(request, complaint.tracking_number)
            request.session[JUST_FILED] = complaint.tracking_number
            return redirect("complaints:case", tracking=complaint.tracking_number)
    return render(request, FORM_TEMPLATE,
                  _form_context(request.POST, draft, action, form_errors, submit_errors))


def _submission_refused(request, draft):
    """The form again when the bot guard refuses it or the client filed too often, else None.

    A form with something missing is shown with what is missing first, whatever the guard says
    (nothing is stored either way), so a quick person fixes the form rather than wonders. Only
    complaints filed count against the `filing` limit: a person who submits an incomplete form
    ten times is never held up."""
    guard = form_guard_check(request.POST, GUARDED_FORM)
    if guard.verdict != OK:
        context = _form_context(request.POST, draft, "submit", [], [])
        if context["errors"]:
            return render(request, FORM_TEMPLATE, context)
        context["errors"] = [{"field": "submit", "reason": guard.message}]
        return render(request, FORM_TEMPLATE, context,
                      status=400 if guard.verdict == REFUSED else 200)
    if (decision := ratelimit.peek(request, "filing")).allowed:
        return None
    errors = [{"field": "submit", "reason": ratelimit.wait_message(decision)}]
    return ratelimit.with_retry_after(render(
        request, FORM_TEMPLATE, _form_context(request.POST, draft, "submit", [], errors)), decision)


def _form_context(post, draft, action: str, form_errors: list, submit_errors: list) -> dict:
    """The page again with what was typed, the outlet search, the assessment and the errors."""
    preview = complaint_preview(draft, today=timezone.localdate())
    context = {**_choices(post.get("category")), "q": post, "repair_rows": _repair_rows(post),
               "form_guard": form_token_kept(post, GUARDED_FORM),
               "preview": preview, "checklist": _checklist(preview),
               "checked": action != "find_outlet", "submitted": action == "submit"}
    if action == "find_outlet":
        context["outlet_search"] = _outlet_search(post, timezone.localdate())
        shown = inline = form_errors
    elif action == "submit":
        shown = inline = _unique(form_errors + (submit_errors or preview.errors))
    else:  # the check: required items are listed in the checklist, not twice at the top
        inline = _unique(form_errors + preview.errors)
        shown = [e for e in inline if e["field"] not in CHECKLIST_LABELS]
    context.update(errors=shown, field_errors={e["field"]: e["reason"] for e in reversed(inline)})
    if draft.respondent_outlet_id and preview.outlet:
        context.setdefault("outlet_search", {"outlets": [preview.outlet.card]})
    return context


def _repair_rows(post) -> list[dict]:
    return [{"n": n, **{key: post.get(f"repair{n}_{key}", "") for key in (
        "handed_in", "returned", "delay_cause")}} for n in range(1, REPAIR_ROWS + 1)]


def _unique(errors: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for error in errors:
        key = (error.get("field"), error.get("reason"))
        if key not in seen:
            seen.add(key)
            kept.append(error)
    return kept


def _checklist(preview) -> list[dict]:
    """domain.md §4 required content, item by item, with the message for what is missing."""
    missing = {e["field"]: e["reason"] for e in preview.errors}
    return [{"field": field, "label": CHECKLIST_LABELS[field], "ok": field not in missing,
             "reason": missing.get(field, "")} for field, _label in required_content.REQUIRED_ITEMS]


def _outlet_search(post, today) -> dict:
    """Outlets in the registry by the phone or name typed, with the registry's verdict."""
    query = post.get("outlet_query", "").strip()
    digits = sum(ch.isdigit() for ch in query)
    brand = registry.brand_resolve(post.get("brand", ""))
    try:
        found = registry.verify(phone=query if digits >= 7 else None,
                                name=None if digits >= 7 else query, brand=brand,
                                today=today, nearby_limit=0)
    except InvalidInput as exc:
        return {"errors": exc.data["errors"], "outlets": []}
    return {"outlets": found.outlets, "verdict": found.verdict.verdict, "brand": brand}


@require_http_methods(["GET", "POST"])
def track_page(request):
    """Tracking number + phone → the consumer's case page; one message for any mismatch.
    A client's failed lookups are limited (`tracking`): past the limit, a 429 page."""
    context = {"q": request.POST if request.method == "POST" else request.GET}
    if request.method == "POST":
        if not (decision := ratelimit.peek(request, "tracking")).allowed:
            return ratelimit.page_response(request, decision)
        try:
            complaint = selectors.complaint_for_consumer(request.POST.get("tracking", ""),
                                                         request.POST.get("phone", ""))
        except NotFound:
            ratelimit.lookup_failed(request, "tracking")
            context["not_found"] = True
        else:
            consumer_grant(request, complaint.tracking_number)
            return redirect("complaints:case", tracking=complaint.tracking_number)
    return render(request, "complaints/track.html", context, status=404 if context.get(
        "not_found") else 200)
