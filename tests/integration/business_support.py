"""Builders for the business-side tests: complaints answered first by an ODR-enrolled business."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.integration.filing_support import draft

BUSINESS_ACTOR_KIND = "business"


def odr_enroll(manufacturer) -> None:
    manufacturer.odr_enrolled, manufacturer.odr_enrolled_at = True, timezone.now()
    manufacturer.save(update_fields=["odr_enrolled", "odr_enrolled_at"])


def file_against(brand: str = "品牌甲", **overrides):
    """A complaint whose respondent is named as the brand's service centre in 凉州区, so the
    brand's manufacturer answers it (WITH_BUSINESS when it is enrolled in ODR)."""
    from complaints.services.filing import complaint_file

    fields = {"brand": brand, "respondent_name": f"{brand}售后服务中心",
              "respondent_address": "甘肃省武威市凉州区东大街街道北关路1号", **overrides}
    return complaint_file(draft=draft(**fields), at=timezone.now())


def business_actor(manufacturer):
    from complaints.services.filing import Actor

    return Actor(BUSINESS_ACTOR_KIND, str(manufacturer.pk))


def accept_and_settle(complaint, manufacturer, days: int = 5):
    """The business accepts (repair within `days`), the consumer confirms: SETTLED."""
    from complaints.services.workflow.business import complaint_business_respond
    from complaints.services.workflow.consumer import complaint_confirm_outcome

    complaint_business_respond(complaint, manufacturer=manufacturer, kind="accept",
                               remedy="repair", terms="上门维修",
                               perform_by=timezone.localdate() + timedelta(days=days),
                               actor=business_actor(manufacturer), at=timezone.now())
    return complaint_confirm_outcome(complaint, at=timezone.now())
