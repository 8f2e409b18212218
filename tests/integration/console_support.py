"""Builders for the console tests: complaints in 凉州区 and 民勤县 in a chosen state, logins."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from complaints.models import Complaint
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.filing_support import draft

LIANGZHOU_ADDRESS = "甘肃省武威市凉州区西大街街道南关路8号"
MINQIN_ADDRESS = "甘肃省武威市民勤县城关镇东街8号"


def file_case(*, county: str = "liangzhou", uploads=(), state: dict | None = None,
              **draft_fields) -> Complaint:
    """A complaint filed through the real filing service, then put in the state a test needs
    (a test's starting point; the workflow services are tested on their own)."""
    from complaints.services import complaint_file

    address = LIANGZHOU_ADDRESS if county == "liangzhou" else MINQIN_ADDRESS
    draft_fields.setdefault("respondent_address", address)
    complaint = complaint_file(draft=draft(**draft_fields), uploads=uploads, at=timezone.now())
    now = timezone.now()
    fields = {"status": "WITH_REGULATOR", "regulator_received_at": now,
              "due_clock": "regulator_acceptance", "due_date": timezone.localdate() + timedelta(days=9),
              "odr_outcome": "not_enrolled", **(state or {})}
    Complaint.objects.filter(pk=complaint.pk).update(**fields)
    complaint.refresh_from_db()
    return complaint


def login(client, profile) -> None:
    user = getattr(profile, "user", profile)
    assert client.login(username=user.username, password=REGULATOR_PASSWORD)


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def filed_in(request, county: str, **draft_fields) -> Complaint:
    """For a fixture: the filing tables and evidence directory first, then the complaint."""
    request.getfixturevalue("entitlement_tables")
    request.getfixturevalue("evidence_root")
    return file_case(county=county, **draft_fields)
