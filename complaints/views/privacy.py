"""The consumer's personal data on their case page: download a copy (JSON), ask for erasure.

Only the consumer who opened the case in this browser (tracking number + phone,
complaints/views/access.py); anyone else is sent to the tracking page, as for every consumer
action. Staff erase on a written request in the back office (the admin action).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.errors import DomainError, NotFound

from .. import selectors
from ..selectors_privacy import consumer_data_export
from ..services.privacy import complaint_personal_data_erase, erasure_possible_from
from ..services.workflow import CONSUMER
from .access import consumer_may_act


def _consumer_complaint(request, tracking: str):
    try:
        complaint = selectors.complaint_by_tracking(tracking)
    except NotFound:
        return None
    return complaint if consumer_may_act(request, complaint) else None


def _to_track_page(tracking: str):
    return redirect(f"{reverse('complaints:track')}?{urlencode({'tracking': tracking})}")


@require_GET
def my_data(request, tracking: str):
    complaint = _consumer_complaint(request, tracking)
    if complaint is None:
        return _to_track_page(tracking)
    body = json.dumps(consumer_data_export(complaint, at=timezone.now()), cls=DjangoJSONEncoder,
                      ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sanbao-{complaint.tracking_number}-my-data.json"')
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def erase(request, tracking: str):
    complaint = _consumer_complaint(request, tracking)
    if complaint is None:
        return _to_track_page(tracking)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm that your personal data "
                                  "should be erased."))
    else:
        try:
            complaint_personal_data_erase(complaint=complaint, actor=CONSUMER, at=timezone.now())
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your name, phone number, address, what you wrote and "
                                        "your files have been erased from this complaint."))
    return redirect("complaints:case", tracking=complaint.tracking_number)


def privacy_context(complaint, today) -> dict:
    """What the case page's "your personal data" section needs (the consumer's view only)."""
    possible_from = erasure_possible_from(complaint)
    return {"erased_at": complaint.personal_data_erased_at, "possible_from": possible_from,
            "erasable": possible_from is not None and possible_from <= today}
