"""Staff login in one or two steps, the authenticator page, and the admin's login routed here.

Step one checks the password (StaffLoginForm: lockout first). A user with a confirmed
authenticator is not logged in yet: the session remembers who passed step one (for
TOTP_PENDING_SECONDS) and the code page logs them in once a current code matches. Wrong codes count
toward the lockout like wrong passwords.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from config.models import TotpDevice
from config.ratelimit import client_key

from . import lockout, totp
from .forms import CodeForm, StaffLoginForm
from .sessions import staff_session_start

PENDING = "login_pending"  # {user, username, backend, at, next}: passed the password step


def _logged_in(request, user, *, username: str, backend: str | None = None):
    auth_login(request, user, backend=backend)
    staff_session_start(request)
    lockout.login_failures_clear(username=username)


class StaffLoginView(LoginView):
    form_class = StaffLoginForm

    def form_valid(self, form):
        user, username = form.get_user(), form.cleaned_data["username"]
        if totp.confirmed_device(user) is None:
            _logged_in(self.request, user, username=username)
            return redirect(self.get_success_url())
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk, "username": username, "backend": user.backend,
            "at": timezone.now().timestamp(), "next": self.get_success_url()}
        return redirect("login_code")


def _pending(request):
    pending = request.session.get(PENDING)
    if pending and timezone.now().timestamp() - pending["at"] < settings.TOTP_PENDING_SECONDS:
        return pending
    request.session.pop(PENDING, None)
    return None


def _code_failed(request, username: str, at) -> str:
    until = lockout.login_failure_record(username=username, client=client_key(request), at=at)
    if until is not None:
        return lockout.locked_message(until)
    return _("This code does not match. Enter the current code from your authenticator app.")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_code(request):
    """Step two: the current code of the authenticator of whoever passed step one."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("Please log in again."))
        return redirect("login")
    form, error = CodeForm(request.POST or None), None
    if request.method == "POST" and form.is_valid():
        at, username = timezone.now(), pending["username"]
        until = lockout.login_locked_until(username=username, client=client_key(request), at=at)
        user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
        device = totp.confirmed_device(user) if user is not None else None
        if until is not None:
            error = lockout.locked_message(until)
        elif device is None or not totp.totp_code_accept(device=device,
                                                        code=form.cleaned_data["code"], at=at):
            error = _code_failed(request, username, at)
        else:
            del request.session[PENDING]
            _logged_in(request, user, username=username, backend=pending["backend"])
            return redirect(pending["next"])
    return render(request, "registration/login_code.html", {"form": form, "error": error},
                  status=400 if error else 200)


def admin_login(request):
    """The admin's login page is ours (lockout and second factor apply there too)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/admin/"
    return redirect_to_login(target)


def _device_context(request, device: TotpDevice | None) -> dict:
    context = {"device": device, "form": CodeForm()}
    if device is not None and device.confirmed_at is None:
        uri = totp.provisioning_uri(device)
        context.update(secret=" ".join(device.secret[i:i + 4] for i in range(0, 32, 4)),
                       uri=uri, qr=totp.qr_svg(uri))
    return context


@sensitive_post_parameters("code")
@login_required
def totp_page(request):
    """Set up, confirm or switch off one's authenticator (regulators, admins, any staff)."""
    user, at = request.user, timezone.now()
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "start":
        totp.totp_device_start(user=user, at=at)
        return redirect("totp")
    if action == "cancel":
        TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).delete()
        return redirect("totp")
    device = TotpDevice.objects.filter(user=user).first()
    if action not in ("confirm", "disable"):
        return render(request, "registration/totp.html", _device_context(request, device))
    form, username = CodeForm(request.POST), user.get_username()
    until = lockout.login_locked_until(username=username, client=client_key(request), at=at)
    change = totp.totp_device_confirm if action == "confirm" else totp.totp_device_disable
    if until is None and form.is_valid() and change(user=user, code=form.cleaned_data["code"],
                                                    at=at):
        messages.success(request, _("Two-step login is on: from now on you will be asked for a "
                                    "code after your password.") if action == "confirm" else
                         _("Two-step login is off."))
        return redirect("totp")
    context = _device_context(request, device)
    context["form"] = form
    context["error"] = lockout.locked_message(until) if until else _code_failed(request, username, at)
    return render(request, "registration/totp.html", context, status=400)
