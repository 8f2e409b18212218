"""Complaints for the dashboard and disclosure tests, filed and moved on through the real
services with past times (the demo's scenarios: complaints/demo_complaints.py)."""

from __future__ import annotations

from django.utils import timezone

from complaints.demo_complaints import DemoCase, demo_case_load, demo_phone, odr_enrol
from complaints.models import Complaint


def load_cases(cases: dict[int, DemoCase]) -> dict[int, Complaint]:
    """{index: case} → {index: complaint}; the index picks the demo phone and the category."""
    now = timezone.now()
    odr_enrol(now)
    return {index: demo_case_load(index, case, now) for index, case in cases.items()}


def consumer_data(complaints) -> list[str]:
    """What must never be published: names, phones, addresses, texts, tracking numbers."""
    out = []
    for c in complaints:
        c.refresh_from_db()
        out += [c.consumer_name, c.consumer_phone, c.consumer_address, c.tracking_number,
                c.facts, c.request, c.product_model]
    return out + [demo_phone(0).replace("-", "")]
