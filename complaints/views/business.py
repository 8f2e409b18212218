"""The business console (/business/): a manufacturer's staff list the complaints against it,
answer them (accept, offer, reject with a reason) and record what was performed.

Only ManufacturerStaff accounts: anonymous users go to the login page, other accounts get 403,
and another manufacturer's complaint is a 404 like one that does not exist.
"""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.errors import DomainError, NotFound

from .. import selectors_business as selectors
from ..models import BusinessResponse, Complaint
from ..rules import workflow
from ..rules.privacy import mask_name
from ..schemas.business import (
    business_actions,
    complaint_detail_for_business,
    complaint_for_business,
)
from ..services.filing import Actor
from ..services.workflow.business import complaint_business_respond, complaint_mark_performed
from .presenters import action_label, actor_label

PAGE_SIZE = 25
OPEN_FOR_BUSINESS = "mine"  # the list's default: complaints waiting for the business

def staff_required(view):
    """The logged-in user's manufacturer is passed to the view; 403 for non-staff accounts."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        staff = getattr(request.user, "manufacturer_staff", None)
        if staff is None:
            raise PermissionDenied
        return view(request, staff.manufacturer, *args, **kwargs)

    return wrapper


def _complaint(manufacturer, tracking: str) -> Complaint:
    try:
        return selectors.business_complaint(manufacturer, tracking)
    except NotFound as exc:
        raise Http404 from exc


@require_GET
@staff_required
def list_page(request, manufacturer):
    status = request.GET.get("status", OPEN_FOR_BUSINESS)
    if status == OPEN_FOR_BUSINESS:
        statuses = [workflow.WITH_BUSINESS, workflow.BUSINESS_PROPOSED]
    elif status in workflow.STATUSES:
        statuses = [status]
    else:
        status, statuses = "", []
    complaints = selectors.business_complaints(manufacturer, statuses=statuses)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/business/list.html", {
        "manufacturer": manufacturer, "page": page,
        "rows": [_list_row(c) for c in page.object_list],
        "status": status,
        "statuses": [(OPEN_FOR_BUSINESS, _("Waiting for us")), ("", _("All")),
                     *Complaint.Status.choices],
        "status_labels": dict(Complaint.Status.choices), "today": timezone.localdate(),
    })


def _list_row(complaint: Complaint) -> dict:
    """A list row names the consumer masked: the contact details are on the case page, for the
    complaints the business must settle (schemas.business.contact_visible)."""
    return {**complaint_for_business(complaint, in_list=True),
            "consumer_masked": mask_name(complaint.consumer_name)}


@require_GET
@staff_required
def case_page(request, manufacturer, tracking: str):
    return _case(request, _complaint(manufacturer, tracking))


def _case(request, complaint: Complaint, *, form: dict | None = None,
          errors: dict | None = None, status: int = 200):
    detail = complaint_detail_for_business(complaint, selectors.business_responses(complaint),
                                           selectors.business_history(complaint))
    actions = business_actions(complaint)
    return render(request, "complaints/business/case.html", {
        "complaint": complaint, "c": detail, "actions": actions,
        "history": [{**e, "label": action_label(e["action"]),
                     "actor": actor_label(e["actor_kind"], "business")} for e in detail["history"]],
        "kinds": BusinessResponse.Kind.choices,
        "remedies": [c for c in BusinessResponse.Remedy.choices if c[0]],
        "form": form or {"kind": "accept"}, "errors": errors or {},
        "today": timezone.localdate(),
    }, status=status)


@require_POST
@staff_required
def respond(request, manufacturer, tracking: str):
    complaint = _complaint(manufacturer, tracking)
    form = {name: request.POST.get(name, "").strip()
            for name in ("kind", "remedy", "terms", "reason", "perform_by")}
    try:
        perform_by = date.fromisoformat(form["perform_by"]) if form["perform_by"] else None
    except ValueError:
        return _case(request, complaint, form=form, status=422,
                     errors={"perform_by": _("Enter a date such as 2026-12-31.")})
    try:
        complaint_business_respond(
            complaint, manufacturer=manufacturer, kind=form["kind"], remedy=form["remedy"],
            terms=form["terms"], reason=form["reason"], perform_by=perform_by,
            actor=Actor(workflow.BUSINESS, str(manufacturer.pk)), at=timezone.now())
    except DomainError as exc:
        errors = {e.get("field", ""): e["reason"] for e in exc.data.get("errors", [])} \
            or {"": str(exc.message)}
        return _case(request, _complaint(manufacturer, tracking), form=form, errors=errors,
                     status=exc.http_status)
    messages.success(request, _("Your answer was sent to the consumer."))
    return redirect("business:case", tracking=complaint.tracking_number)


@require_POST
@staff_required
def performed(request, manufacturer, tracking: str):
    complaint = _complaint(manufacturer, tracking)
    try:
        complaint_mark_performed(complaint, actor=Actor(workflow.BUSINESS, str(manufacturer.pk)),
                                 at=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Recorded as performed."))
    return redirect("business:case", tracking=complaint.tracking_number)
