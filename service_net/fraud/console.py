"""Pages outside the regulator's office: the manufacturer's console (ManufacturerStaff users
answer confirmation requests) and the public appeal form of a warned party."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config import ratelimit
from config.errors import DomainError, NotFound
from config.formguard import OK, REFUSED, form_guard_check, form_token_kept

from ..models import FraudWarning, ManufacturerConfirmation
from . import decisions, presenters, selectors
from .events import manufacturer_label


def _manufacturer(request):
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    manufacturer = selectors.staff_manufacturer(request.user)
    if manufacturer is None:
        raise PermissionDenied
    return manufacturer, None


def confirmations_page(request, errors=None, status: int = 200):
    manufacturer, login = _manufacturer(request)
    if login is not None:
        return login
    found = selectors.confirmations_for(manufacturer)
    return render(request, "service_net/fraud/confirmations.html", {
        "manufacturer": manufacturer, "errors": errors,
        "pending": [presenters.confirmation_dict(c) for c in found.filter(answer="")],
        "answered": [presenters.confirmation_dict(c) for c in found.exclude(answer="")[:50]],
        "answers": ManufacturerConfirmation.Answer.choices[1:]}, status=status)


def confirmation_answer(request, confirmation_id: int):
    if request.method != "POST":
        return redirect("service_net:manufacturer_confirmations")
    manufacturer, login = _manufacturer(request)
    if login is not None:
        return login
    try:
        decisions.confirmation_answer(
            confirmation_id=confirmation_id, manufacturer=manufacturer,
            answer=request.POST.get("answer", ""), note=request.POST.get("note", ""),
            actor=manufacturer_label(manufacturer, request.user), at=timezone.now())
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        return confirmations_page(request, errors=presenters.form_errors(exc),
                                  status=exc.http_status)
    messages.success(request, _("Thank you: your answer is on the record."))
    return redirect("service_net:manufacturer_confirmations")


GUARDED_FORM = "appeal"  # config/formguard.py
APPEAL_TEMPLATE = "service_net/fraud/appeal.html"


def _appeal_refused(request, context: dict):
    """The form again with the bot guard's or the `appeal` rate limit's message, or None."""
    guard = form_guard_check(request.POST, GUARDED_FORM)
    if guard.verdict != OK:
        context["errors"] = [{"field": "", "reason": guard.message}]
        return render(request, APPEAL_TEMPLATE, context,
                      status=400 if guard.verdict == REFUSED else 200)
    decision = ratelimit.hit(request, "appeal")
    if decision.allowed:
        return None
    context["errors"] = [{"field": "", "reason": ratelimit.wait_message(decision)}]
    return ratelimit.with_retry_after(render(request, APPEAL_TEMPLATE, context), decision)


def appeal_page(request, warning_id: int):
    """The warned party's appeal (public: the warning names a number, not a person)."""
    warning = FraudWarning.objects.filter(pk=warning_id, withdrawn_at__isnull=True).first()
    if warning is None:
        raise Http404
    context = {"warning": presenters.warning_dict(warning), "form": request.POST,
               "form_guard": form_token_kept(request.POST, GUARDED_FORM)}
    if request.method == "POST":
        if refused := _appeal_refused(request, context):
            return refused
        try:
            decisions.appeal_file(warning_id=warning.pk, appellant=request.POST.get("appellant", ""),
                                  contact=request.POST.get("contact", ""),
                                  grounds=request.POST.get("grounds", ""), at=timezone.now())
        except DomainError as exc:
            context["errors"] = presenters.form_errors(exc)
            return render(request, APPEAL_TEMPLATE, context,
                          status=exc.http_status)
        context["filed"] = True
    return render(request, APPEAL_TEMPLATE, context)
