"""Staff sessions expire: an absolute lifetime from login (STAFF_SESSION_MAX_SECONDS) and an idle
timeout pushed back by each request (STAFF_SESSION_IDLE_SECONDS). Consumer sessions (case grants,
no login) keep SESSION_COOKIE_AGE. The times live in the session itself; the cookie and the stored
session are given the same end, so an abandoned session also dies on the server."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils import timezone
from django.utils.translation import gettext as _

from config.rules.sessions import (
    StaffSessionPolicy,
    staff_session_expired,
    staff_session_remaining,
    staff_session_touch_due,
)

STARTED = "staff_session_started"  # Unix seconds at login
SEEN = "staff_session_seen"  # Unix seconds of the last request (to TOUCH_EVERY_SECONDS)
UNTIMED_PREFIXES = ("/api/", "/static/")


def _policy() -> StaffSessionPolicy:
    return StaffSessionPolicy(max_age=settings.STAFF_SESSION_MAX_SECONDS,
                              idle=settings.STAFF_SESSION_IDLE_SECONDS)


def _touch(session, *, started: float, now: float) -> None:
    session[SEEN] = now
    session.set_expiry(staff_session_remaining(started=started, now=now, policy=_policy()) or 1)


def staff_session_start(request) -> None:
    """Call right after login(): the session's lifetime starts now."""
    now = timezone.now().timestamp()
    request.session[STARTED] = now
    _touch(request.session, started=now, now=now)


class StaffSessionMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware: logs out an expired staff session
    (the view then sees an anonymous user, so login_required pages go to the login page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The API authenticates by key, never by session: its requests neither load nor extend one.
        if (settings.SESSION_COOKIE_NAME in request.COOKIES
                and not request.path_info.startswith(UNTIMED_PREFIXES)
                and SESSION_KEY in request.session):
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session, now = request.session, timezone.now().timestamp()
        started, seen = session.get(STARTED), session.get(SEEN)
        if started is None or seen is None:  # logged in some other way (force_login, older code)
            session[STARTED] = started = now if started is None else started
            _touch(session, started=started, now=now)
        elif staff_session_expired(started=started, last_seen=seen, now=now, policy=_policy()):
            logout(request)  # flushes the session: case grants of this browser go with it
            messages.info(request, _("Your session has ended. Please log in again."))
        elif staff_session_touch_due(last_seen=seen, now=now):
            _touch(session, started=started, now=now)
