"""The complaints side of issue 6: a filed complaint's repair outlet as a fraud Observation.

complaints may import service_net (not the other way round), so the observation is built here
and handed to `service_net.fraud.services.fraud_observe`. complaint_file enqueues the job:

    enqueue(complaint_fraud_observe_job, complaint.pk)

Only what the consumer typed about the outlet goes in, with the tracking number and the
consumer's county; never the consumer's name, phone or address.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from geo.selectors import division_for_address
from service_net.fraud.services import fraud_observe
from service_net.models import FraudObservation
from service_net.rules.fraud import Charge, Observation

from .models import Complaint


def complaint_observation(complaint: Complaint) -> Observation | None:
    """The repair outlet the consumer dealt with, or None when they named none."""
    if not (complaint.repair_outlet_phone or complaint.repair_outlet_name):
        return None
    division = (division_for_address(complaint.repair_outlet_address)
                if complaint.repair_outlet_address else None)
    point = (division.lat, division.lon) if division is not None and division.has_location \
        else None
    return Observation(
        source=FraudObservation.Source.COMPLAINT.value, ref=complaint.tracking_number,
        at=complaint.received_at, phone_key=complaint.repair_outlet_phone_key,
        phone_raw=complaint.repair_outlet_phone, name=complaint.repair_outlet_name,
        brand_id=complaint.brand_id,
        brand_text=complaint.brand.name if complaint.brand_id else complaint.brand_text,
        category=complaint.category_id, address=complaint.repair_outlet_address,
        address_division=division.code if division is not None else None, address_point=point,
        listing=complaint.repair_outlet_listing, charges=_charges(complaint),
        consumer_county=complaint.consumer_county_id)


def complaint_fraud_observe_job(complaint_id: int) -> None:
    """Job: observe a filed complaint's repair outlet (idempotent: one observation per case)."""
    complaint = Complaint.objects.select_related("brand").filter(pk=complaint_id).first()
    observation = complaint_observation(complaint) if complaint is not None else None
    if observation is not None:
        fraud_observe(observation, at=timezone.now())


def _charges(complaint: Complaint) -> tuple[Charge, ...]:
    return tuple(Charge(item=c["item"], amount_yuan=Decimal(c["amount_yuan"]))
                 for c in complaint.repair_charges)
