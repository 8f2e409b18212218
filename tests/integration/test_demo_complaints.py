"""load_demo's demo complaints: every state, marked as demo, loaded once however often it runs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints.demo_complaints import CASES, DEMO_STAFF, demo_complaints_load
from complaints.models import Complaint, Notification
from complaints.rules import workflow
from service_net.models import Manufacturer, ManufacturerStaff

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(gazetteer):
    return demo_complaints_load(timezone.now())


def test_demo_complaints_cover_every_state_and_outcome_over_twelve_months(demo):
    assert demo["complaints_filed"] == len(CASES) == Complaint.objects.count()
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(workflow.STATUSES) - {workflow.SUBMITTED}  # routed at filing
    outcomes = set(Complaint.objects.values_list("outcome", flat=True))
    assert outcomes == {"", "odr_settled", "agreement", "mediation_ended", "refused", "withdrawn"}
    odr = set(Complaint.objects.values_list("odr_outcome", flat=True))
    assert {"settled", "not_settled", "timed_out", "skipped", "not_enrolled", ""} <= odr
    today = timezone.localdate()
    days = [(today - timezone.localdate(at)).days
            for at in Complaint.objects.values_list("received_at", flat=True)]
    assert min(days) >= 1 and max(days) <= 365
    assert Complaint.objects.filter(delay_flagged_at__isnull=False).exists()


def test_demo_complaints_are_marked_as_demo_and_have_a_business_login(demo):
    for name, phone, facts in Complaint.objects.values_list("consumer_name", "consumer_phone",
                                                            "facts"):
        assert name.startswith("演示消费者")
        assert phone.startswith("09355559")
        assert "演示" in facts
    username, maker = DEMO_STAFF
    staff = ManufacturerStaff.objects.select_related("manufacturer", "user").get(
        user__username=username)
    assert staff.manufacturer.name == maker and staff.manufacturer.odr_enrolled
    assert staff.user.check_password("Sanbao-demo-2026")
    assert Manufacturer.objects.filter(odr_enrolled=True).count() == 2


def test_loading_the_demo_twice_adds_nothing(demo):
    again = demo_complaints_load(timezone.now())
    assert again == {"complaints_filed": 0, "business_login_created": False}
    assert Complaint.objects.count() == len(CASES)


def test_demo_history_tells_no_one_and_leaves_an_unsent_closure_notice_unsent(demo):
    assert not Notification.objects.exists()
    waiting = Complaint.objects.filter(outcome="agreement", termination_notified_at__isnull=True)
    assert waiting.count() == 1 and waiting.get().due_clock == "termination_notice"


def test_no_demo_complaint_waits_on_the_business_past_its_ten_working_days(demo):
    """No sweep runs in the demo, so none may be left where the sweep would have moved it."""
    with_business = Complaint.objects.filter(status__in=workflow.WITH_THE_BUSINESS)
    assert with_business.exists()
    assert not with_business.filter(due_date__lt=timezone.localdate()).exists()
