"""A cheap guard against form bots on the public forms (the complaint form, the appeal form).

Two signs of a bot, neither of which bothers a person:
- a honeypot: a text field hidden with CSS (templates/includes/form_guard.html) and labelled
  "leave empty" for screen readers, out of the tab order, autocomplete off. Bots fill every field.
- a signed time: the form carries the moment it was first served (signed with SECRET_KEY, kept
  across the page's own round trips such as "check"). A submission sooner than
  settings.FORM_MIN_FILL_SECONDS after it is refused: nobody types a complaint in 3 seconds.

There is no upper limit on filling time beyond the signature's lifetime
(settings.FORM_MAX_AGE_SECONDS, a day): a form older than that, or one without a time (a page
cached from before), is shown again with what was typed and a fresh time, to be submitted once
more. A refused submission gets one neutral message whatever tripped it, and stores nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

TOKEN_FIELD = "form_started"
HONEYPOT_FIELD = "contact_website"
_SALT = "sanbao.formguard"

OK, REFUSED, STALE = "ok", "refused", "stale"
MESSAGES = {
    REFUSED: _("Your form could not be accepted just now. Please check it and submit it again "
               "in a moment."),
    STALE: _("This form was opened a long time ago. Please check what you typed and submit it "
             "once more."),
}


@dataclass(frozen=True)
class GuardResult:
    verdict: str  # OK, REFUSED or STALE
    token: str  # the time to render the form with again (the posted one while still valid)

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.verdict, ""))


def form_token(form: str, *, now: float | None = None) -> str:
    """The signed moment `form` was served, for its hidden TOKEN_FIELD."""
    moment = time.time() if now is None else now
    return signing.Signer(salt=_SALT).sign(f"{form}:{int(moment * 1000)}")


def _served_at(token: str, form: str) -> float | None:
    """When the form was served, or None for a missing, forged or another form's token."""
    try:
        name, millis = signing.Signer(salt=_SALT).unsign(token or "").rsplit(":", 1)
        return int(millis) / 1000 if name == form else None
    except (signing.BadSignature, ValueError):
        return None


def form_token_kept(data, form: str, *, now: float | None = None) -> str:
    """For a page that shows the form again (a check, an error): the posted time while it is
    valid and not too old, so filling time adds up across round trips; else a new one."""
    moment = time.time() if now is None else now
    token = data.get(TOKEN_FIELD, "") if data is not None else ""
    served = _served_at(token, form)
    if served is None or moment - served > settings.FORM_MAX_AGE_SECONDS:
        return form_token(form, now=moment)
    return token


def form_guard_check(data, form: str, *, now: float | None = None) -> GuardResult:
    """Judge a submission of `form` (request.POST): OK, REFUSED (honeypot filled, or sooner than
    FORM_MIN_FILL_SECONDS) or STALE (no valid time, or older than FORM_MAX_AGE_SECONDS)."""
    moment = time.time() if now is None else now
    token = form_token_kept(data, form, now=moment)
    if not getattr(settings, "FORM_GUARD_ENABLED", True):
        return GuardResult(OK, token)
    if (data.get(HONEYPOT_FIELD) or "").strip():
        return GuardResult(REFUSED, token)
    served = _served_at(data.get(TOKEN_FIELD, ""), form)
    if served is None or moment - served > settings.FORM_MAX_AGE_SECONDS:
        return GuardResult(STALE, token)
    if moment - served < settings.FORM_MIN_FILL_SECONDS:
        return GuardResult(REFUSED, token)
    return GuardResult(OK, token)
