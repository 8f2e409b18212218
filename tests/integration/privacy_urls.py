"""The project's URLs plus one view that lets an input schema's ValidationError escape as a 500,
as complaints/api/filing.py's evidence upload briefly did (PhoneIn built inside the handler):
test_privacy_log_errors.py checks what django.request then prints."""

from __future__ import annotations

import json

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def schema_error_escapes(request):
    from complaints.schemas.filing import ComplaintIn

    ComplaintIn.model_validate(json.loads(request.body))  # raises: the test sends bad input
    raise AssertionError("the body was meant to be invalid")


urlpatterns = [*project_urlpatterns, path("privacy-test/500/", schema_error_escapes)]
