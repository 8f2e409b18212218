"""Charges given with a complaint reach the fake-outlet rules (明码标价, domain.md §5)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import outlet_row
from tests.integration.filing_support import draft, entitlement_tables, evidence_root  # noqa: F401
from tests.integration.fraud_support import observe, registry_load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]

REAL_NUMBER = "0935-6600001"


@pytest.fixture
def priced_outlet(manufacturer_admin):
    maker, _ = manufacturer_admin
    registry_load(maker, [outlet_row(1, price_list=[
        {"item": "上门服务费", "price": 30, "visit_fee": True},
        {"item": "检测费", "price": 50}])])


def _file(charges):
    from complaints.services import complaint_file

    return complaint_file(draft=draft(
        brand="品牌甲", repair_outlet_name="测试维修网点1", repair_outlet_phone=REAL_NUMBER,
        repair_charges=charges), at=timezone.now())


def _signal_codes(phone_key: str) -> set[str]:
    """The signals of the stored observation of this number, as the suspect job computes them."""
    from service_net.fraud.observations import row_observation
    from service_net.fraud.registry_view import brand_facts
    from service_net.fraud.services import suspect_signals
    from service_net.models import FraudObservation

    rows = FraudObservation.objects.filter(phone_key=phone_key)
    reasons = suspect_signals([row_observation(r) for r in rows], at=timezone.now(),
                              brands=brand_facts())
    return {r.code for r in reasons}


def test_a_visit_fee_above_the_posted_price_is_a_signal(priced_outlet):
    from decimal import Decimal

    complaint = _file((("上门费", Decimal("200")),))
    observe(complaint)
    assert complaint.repair_charges == [{"item": "上门费", "amount_yuan": "200"}]
    assert "charge_above_posted" in _signal_codes("09356600001")


def test_charges_within_the_posted_prices_are_no_signal(priced_outlet):
    from decimal import Decimal

    complaint = _file((("上门费", Decimal("30")), ("检测费", Decimal("50"))))
    observe(complaint)
    codes = _signal_codes("09356600001")
    assert not codes & {"charge_above_posted", "fee_not_posted"}


def test_the_filing_api_takes_charges_and_refuses_a_negative_amount(api, priced_outlet):
    from tests.api.test_complaints_api import body as valid_body

    body = valid_body(repair_outlet_phone=REAL_NUMBER, repair_outlet_name="测试维修网点1",
                      repair_charges=[{"item": "上门费", "amount_yuan": "-5"}])
    response = api.post("/api/v1/complaints", body)
    assert response.status_code == 422
    assert any(e["field"].startswith("repair_charges") for e in response.json()["data"]["errors"])
