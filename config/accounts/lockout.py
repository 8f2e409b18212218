"""Counting failed staff logins and refusing locked ones (config.rules.lockout decides).

Failures are LoginFailure rows keyed by the name as typed (existing or not, so a lock says
nothing about whether an account exists) and by the client address as the rate limiter groups
it (config.ratelimit.client_key). A success clears the name's failures.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.models import LoginFailure
from config.rules.lockout import LockoutPolicy, locked_until

USERNAME_MAX = 150
KEEP_FAILURES = timedelta(days=1)  # older rows can no longer matter; purged on the next failure


def _policies() -> tuple[LockoutPolicy, LockoutPolicy]:
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    duration = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return (LockoutPolicy(settings.LOGIN_LOCKOUT_USER_FAILURES, window, duration),
            LockoutPolicy(settings.LOGIN_LOCKOUT_CLIENT_FAILURES, window, duration))


def login_locked_until(*, username: str, client: str, at: datetime) -> datetime | None:
    """When the lock on this name or this client ends, or None (one indexed query)."""
    by_name, by_client = _policies()
    since = at - max(by_name.lookback, by_client.lookback)
    username = username[:USERNAME_MAX]
    rows = list(LoginFailure.objects.filter(Q(username=username) | Q(client=client), at__gte=since)
                .values_list("username", "client", "at"))
    ends = [locked_until([t for u, _c, t in rows if u == username], policy=by_name, now=at),
            locked_until([t for _u, c, t in rows if c == client], policy=by_client, now=at)]
    return max((end for end in ends if end is not None), default=None)


@transaction.atomic
def login_failure_record(*, username: str, client: str, at: datetime) -> datetime | None:
    """Record a failed password or code; returns the end of the lock this failure completed."""
    LoginFailure.objects.filter(at__lt=at - KEEP_FAILURES).delete()
    LoginFailure.objects.create(username=username[:USERNAME_MAX], client=client[:64], at=at)
    return login_locked_until(username=username, client=client, at=at)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username[:USERNAME_MAX]).delete()


def locked_message(until: datetime) -> str:
    """The page's message for a locked attempt: when to try again, nothing about the account."""
    local = timezone.localtime(until)
    moment = local.strftime("%H:%M") if local.date() == timezone.localdate() else \
        local.strftime("%Y-%m-%d %H:%M")
    return _("Too many failed attempts: logging in is paused. Please try again after %(time)s.") % {
        "time": moment}
