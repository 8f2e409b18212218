"""Fixtures shared by the console tests (tests/integration/test_console_*.py)."""

from __future__ import annotations

import pytest

from complaints.models import Complaint
from tests.integration.console_support import filed_in


@pytest.fixture
def liangzhou_case(request) -> Complaint:
    """A complaint with the regulator of 凉州区."""
    return filed_in(request, "liangzhou")


@pytest.fixture
def minqin_case(request) -> Complaint:
    """A complaint with the regulator of 民勤县 (another county)."""
    return filed_in(request, "minqin", respondent_name="民勤县另一家电商场")


@pytest.fixture
def sms(settings):
    """SMS go to an in-memory outbox (complaints.notify.sms.LocmemSmsBackend), emptied around."""
    from complaints.notify import sms as sms_module

    settings.SMS_BACKEND = "complaints.notify.sms.LocmemSmsBackend"
    sms_module.outbox.clear()
    yield sms_module.outbox
    sms_module.outbox.clear()
