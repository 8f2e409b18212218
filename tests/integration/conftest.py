"""Fixtures shared by the integration tests: console cases, the SMS outbox, and the workflow
tests' acting parties (the ODR-enrolled business, its actor, the acting regulator)."""

from __future__ import annotations

import pytest

from complaints.models import Complaint
from complaints.services.workflow import Actor
from tests.integration.console_support import filed_in
from tests.integration.workflow_support import T0


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


@pytest.fixture
def business(manufacturer_admin):
    """品牌甲's manufacturer, enrolled in ODR (some modules define their own `business`)."""
    manufacturer, _key = manufacturer_admin
    manufacturer.odr_enrolled, manufacturer.odr_enrolled_at = True, T0
    manufacturer.save()
    return manufacturer


@pytest.fixture
def biz(business) -> Actor:
    return Actor("business", str(business.pk))


@pytest.fixture
def reg(county_regulator) -> Actor:
    """凉州区's regulator acting; with an e-mail address, so that it is notified."""
    county_regulator.user.email = "amr@liangzhou.example"
    county_regulator.user.save()
    return Actor("regulator", county_regulator.user.username)
