"""Builders for the privacy tests (tests/integration/test_privacy_*.py): a consumer whose data is
spread over every place a complaint keeps it, filed and closed through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.integration.filing_support import CONSUMER_NAME, CONSUMER_PHONE, draft, png_bytes, upload

STREET = "文庙路12号"
CONSUMER_ADDRESS = f"甘肃省武威市凉州区东大街街道{STREET}"
# The phone as consumers type it: every form must stay out of logs and lists.
PHONE_FORMS = (CONSUMER_PHONE, "138 9351 2345", "138-9351-2345", "+86 138 9351 2345",
               "+8613893512345", "0086 13893512345")
INFORMATION = f"补充：维修师傅上门到{STREET}，联系电话{CONSUMER_PHONE}。"
WITHDRAW_REASON = f"{CONSUMER_NAME}已与商家和解"
REPORT_FACTS = f"该号码自称品牌官方售后，举报人{CONSUMER_NAME}。"
FILE_NAME = f"发票_{CONSUMER_NAME}.png"


def personal_values() -> list[str]:
    """What must not be left after erasure, nor appear in a list or a log."""
    return [*PHONE_FORMS, CONSUMER_NAME, STREET]


def closed_case(*, closed_days_ago: int, **draft_fields):
    """Filed (with an invoice naming the consumer, a real-name report and added information)
    `closed_days_ago` + 5 days ago, withdrawn `closed_days_ago` days ago."""
    from complaints.services import complaint_add_information, complaint_file, complaint_withdraw
    from complaints.services.filing import Upload

    now = timezone.now()
    filed_at = now - timedelta(days=closed_days_ago + 5)
    filed_on = timezone.localdate(filed_at)
    fields = {"consumer_address": CONSUMER_ADDRESS, "purchase_date": filed_on - timedelta(days=10),
              "fault_date": filed_on - timedelta(days=3), "report_kind": "fake_outlet",
              "report_facts": REPORT_FACTS, "report_real_name": True, **draft_fields}
    complaint = complaint_file(draft=draft(**fields), at=filed_at,
                               uploads=(Upload(upload(FILE_NAME, png_bytes()), "invoice"),))
    complaint_add_information(complaint=complaint, text=INFORMATION,
                              at=filed_at + timedelta(hours=1))
    return complaint_withdraw(complaint=complaint, reason=WITHDRAW_REASON,
                              at=now - timedelta(days=closed_days_ago))


def phone_header(phone: str = CONSUMER_PHONE) -> dict:
    return {"HTTP_X_CONSUMER_PHONE": phone}


def open_case_page(client, complaint, phone: str = CONSUMER_PHONE) -> str:
    """The consumer opens their case (tracking number + phone): the case page's URL."""
    response = client.post("/complaints/track/", {"tracking": complaint.tracking_number,
                                                  "phone": phone})
    assert response.status_code == 302, response.status_code
    return response["Location"]
