"""POST /api/v1/entitlements/assess: what 三包 and no-reason-return law gives the consumer.

GET /api/v1/entitlements/rules?rule_set=…: the catalogue behind it (periods, parts, flags).
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from ninja import Router

from config.errors import InvalidInput

from ..schemas import openapi_json_body
from ..schemas.entitlements import AssessIn, AssessOut, CatalogueOut
from ..services.entitlements import entitlement_assess, entitlement_catalogue

router = Router(tags=["entitlements"])


@router.post("/assess", response=AssessOut, openapi_extra=openapi_json_body(AssessIn),
             summary="Assess the remedies owed (三包, no-reason return) with their legal basis")
def assess(request):
    try:
        payload = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput([{"field": "body", "reason": _("The body is not valid JSON.")}]) from exc
    return entitlement_assess(payload)


@router.get("/rules", response=CatalogueOut,
            summary="The 三包 catalogue of a rule set: categories, parts, periods, verified flags")
def rules(request, rule_set: str = "national"):
    return entitlement_catalogue(rule_set=rule_set)
