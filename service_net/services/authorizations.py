"""State changes of one authorization: suspend, revoke, reinstate (with a reason, on record)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from config.errors import Conflict, Forbidden, InvalidInput, NotFound

from ..coverage.services import coverage_outlets_changed
from ..models import Authorization, Manufacturer
from ..rules.authorization_states import TransitionRefused, next_state
from .audit import change_row, change_rows_insert, registry_touch
from .cards import outlet_cards_refresh


@transaction.atomic
def authorization_change_state(
    *, authorization_id: int, manufacturer: Manufacturer, action: str, reason: str,
    actor: str, at: datetime,
) -> Authorization:
    """Apply `action` (suspend | revoke | reinstate) to one of the manufacturer's authorizations.

    Errors: NotFound (404), Forbidden (403) for another manufacturer's authorization,
    InvalidInput (422) without a reason, Conflict (409) when the state does not allow it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput([{"field": "reason", "reason": "required"}])
    auth = (Authorization.objects.select_for_update().select_related("brand")
            .filter(pk=authorization_id).first())
    if auth is None:
        raise NotFound(authorization_id=authorization_id)
    if auth.brand.manufacturer_id != manufacturer.id:
        raise Forbidden(authorization_id=authorization_id)
    try:
        target = next_state(auth.state, action)
    except TransitionRefused as exc:
        raise Conflict(str(exc), state=auth.state) from exc
    before = {"state": auth.state, "reason": auth.state_reason}
    auth.state, auth.state_reason, auth.state_changed_at = target, reason[:256], at
    auth.save(update_fields=["state", "state_reason", "state_changed_at", "updated_at"])
    change_rows_insert([change_row(
        entity="authorization", entity_id=auth.id, action=f"service_net.authorization.{action}",
        actor=actor, at=at, reason=reason[:256], before=before,
        after={"state": target, "reason": auth.state_reason})])
    outlet_cards_refresh([auth.outlet_id])
    registry_touch()
    coverage_outlets_changed(outlet_ids=[auth.outlet_id], at=at)
    return auth
