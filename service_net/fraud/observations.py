"""An Observation (the rules' dataclass) to its FraudObservation row and back."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..models import FraudObservation
from ..rules.fraud import Charge, Observation


def observation_fields(observation: Observation) -> dict:
    """The row's fields for an observation (everything but source/ref/recorded_at)."""
    point = observation.address_point
    return {
        "at": observation.at, "phone_key": observation.phone_key or "",
        "phone_raw": (observation.phone_raw or "")[:32], "name": (observation.name or "")[:128],
        "brand_id": observation.brand_id, "brand_text": (observation.brand_text or "")[:64],
        "category": observation.category or "", "address": (observation.address or "")[:256],
        "address_division": observation.address_division or "",
        "address_lat": point[0] if point else None, "address_lon": point[1] if point else None,
        "listing": (observation.listing or "")[:512],
        "charges": [{"item": c.item, "amount_yuan": str(c.amount_yuan)}
                    for c in observation.charges],
        "consumer_county": observation.consumer_county or "",
    }


def _amount(text) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return Decimal(0)


def row_observation(row: FraudObservation) -> Observation:
    point = (row.address_lat, row.address_lon) if row.address_lat is not None else None
    return Observation(
        source=row.source, ref=row.ref, at=row.at, phone_key=row.phone_key,
        phone_raw=row.phone_raw, name=row.name, brand_id=row.brand_id,
        brand_text=row.brand_text, category=row.category or None, address=row.address,
        address_division=row.address_division or None, address_point=point,
        listing=row.listing,
        charges=tuple(Charge(item=c.get("item", ""), amount_yuan=_amount(c.get("amount_yuan")))
                      for c in row.charges or ()),
        consumer_county=row.consumer_county or None,
    )


def jsonable(value):
    """Signal data as JSON: Decimals as strings, sets and tuples as lists, dates as ISO."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
