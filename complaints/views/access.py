"""Who may open a complaint's page: its consumer (this browser session, after tracking number +
phone), and staff with jurisdiction (the assigned regulator, a city regulator over it, admins)."""

from __future__ import annotations

from .. import selectors

SESSION_KEY = "complaints_opened"
MAX_REMEMBERED = 20


def consumer_grant(request, tracking_number: str) -> None:
    opened = [t for t in request.session.get(SESSION_KEY, []) if t != tracking_number]
    request.session[SESSION_KEY] = [tracking_number, *opened][:MAX_REMEMBERED]


def consumer_may_act(request, complaint) -> bool:
    return complaint.tracking_number in request.session.get(SESSION_KEY, [])


def viewer_kind(request, complaint) -> str | None:
    """'consumer', 'staff', or None when this request may not see the complaint."""
    if consumer_may_act(request, complaint):
        return "consumer"
    if request.user.is_authenticated and selectors.staff_may_see(request.user, complaint):
        return "staff"
    return None
