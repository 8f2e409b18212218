"""The staff login form with the lockout, and the form of a one-time code."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.ratelimit import client_key

from . import lockout


class StaffLoginForm(AuthenticationForm):
    """Refuses a locked name or client before looking at the password; counts each failure."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        at, client = timezone.now(), client_key(self.request)
        until = lockout.login_locked_until(username=username, client=client, at=at)
        if until is not None:
            raise forms.ValidationError(lockout.locked_message(until), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            until = lockout.login_failure_record(username=username, client=client, at=at)
            if until is not None:
                raise forms.ValidationError(lockout.locked_message(until), code="locked") from None
            raise


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from your authenticator app"), max_length=12,
                           widget=forms.TextInput(attrs={
                               "autocomplete": "one-time-code", "inputmode": "numeric",
                               "pattern": "[0-9 ]*", "autofocus": True}))
