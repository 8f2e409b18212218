"""Optional second factor (TOTP, RFC 6238) for staff: enrolment with a QR code and a confirming
code, a code page after the password, no replay, failed codes counted toward the lockout, the
admin's login routed through the same flow, switching off with a code."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from config.accounts import totp as totp_services
from config.models import LoginFailure, TotpDevice
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.totp_support import code, steady_step

pytestmark = pytest.mark.django_db

LOGIN, CODE, TOTP = "/accounts/login/", "/accounts/login/code/", "/accounts/totp/"


@pytest.fixture
def enrolled(county_regulator):
    """凉州区's regulator with a confirmed authenticator; returns (user, secret)."""
    user = county_regulator.user
    device = totp_services.totp_device_start(user=user, at=timezone.now())
    TotpDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
    return user, device.secret


def password_step(client, user, next_url: str = ""):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.username, "password": REGULATOR_PASSWORD})


def test_enrolment_shows_secret_uri_and_qr_and_needs_a_code(client, county_regulator):
    client.force_login(county_regulator.user)
    assert client.get(TOTP).context["device"] is None
    assert client.post(TOTP, {"action": "start"}).status_code == 302
    page = client.get(TOTP)
    device = TotpDevice.objects.get(user=county_regulator.user)
    assert device.confirmed_at is None and len(device.secret) == 32
    html = page.content.decode()
    assert page.context["uri"].startswith("otpauth://totp/") and device.secret in page.context["uri"]
    assert "<svg" in html and 'id="totp-qr"' in html
    assert page.context["secret"].replace(" ", "") == device.secret

    wrong = client.post(TOTP, {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 400 and wrong.context["error"]
    device.refresh_from_db()
    assert device.confirmed_at is None
    steady_step()
    assert client.post(TOTP, {"action": "confirm", "code": code(device.secret)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed_at is not None and device.last_used_step > 0
    after = client.get(TOTP).content.decode()
    assert device.secret not in after, "the secret is shown only while setting up"


def test_a_confirmed_device_makes_login_two_steps(client, enrolled):
    user, secret = enrolled
    first = password_step(client, user, "/console/")
    assert first.status_code == 302 and first["Location"] == CODE
    assert SESSION_KEY not in client.session, "not logged in after the password alone"
    assert client.get("/console/").status_code == 302
    steady_step()
    second = client.post(CODE, {"code": code(secret)})
    assert second.status_code == 302 and second["Location"] == "/console/"
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get("/console/").status_code == 200


def test_a_code_is_accepted_once(client, enrolled):
    user, secret = enrolled
    steady_step(margin=6)
    used = code(secret)
    password_step(client, user)
    assert client.post(CODE, {"code": used}).status_code == 302
    client.logout()
    password_step(client, user)
    replay = client.post(CODE, {"code": used})
    assert replay.status_code == 400 and SESSION_KEY not in client.session


@pytest.mark.parametrize("offset, accepted", [(-1, True), (1, True), (-2, False), (2, False)])
def test_one_step_of_clock_drift_is_tolerated(client, enrolled, offset, accepted):
    user, secret = enrolled
    password_step(client, user)
    steady_step()
    response = client.post(CODE, {"code": code(secret, offset)})
    assert (response.status_code == 302) is accepted
    assert (SESSION_KEY in client.session) is accepted


def test_wrong_codes_count_toward_the_lockout(client, enrolled):
    user, secret = enrolled
    password_step(client, user)
    for _ in range(5):
        wrong = client.post(CODE, {"code": "000000"})
        assert wrong.status_code == 400
    assert LoginFailure.objects.filter(username=user.username).count() == 5
    steady_step()
    locked = client.post(CODE, {"code": code(secret)})
    assert locked.status_code == 400 and SESSION_KEY not in client.session
    assert locked.context["error"] == wrong.context["error"], "the lock message"
    assert password_step(client, user).status_code == 200, "the password step is locked too"


def test_the_code_page_needs_the_password_step_first_and_it_expires(client, enrolled, settings):
    user, secret = enrolled
    assert client.get(CODE)["Location"] == LOGIN
    password_step(client, user)
    session = client.session
    session["login_pending"]["at"] -= settings.TOTP_PENDING_SECONDS + 1
    session.save()
    steady_step()
    late = client.post(CODE, {"code": code(secret)})
    assert late.status_code == 302 and late["Location"] == LOGIN
    assert SESSION_KEY not in client.session


def test_the_admin_login_cannot_skip_the_second_factor(client, enrolled):
    user, secret = enrolled
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.post("/admin/login/?next=/admin/", {"username": user.username,
                                               "password": REGULATOR_PASSWORD})
    assert SESSION_KEY not in client.session
    to_login = client.get("/admin/", follow=True)
    assert to_login.redirect_chain[-1][0] == LOGIN + "?next=/admin/"
    assert password_step(client, user, "/admin/")["Location"] == CODE
    assert client.get("/admin/").status_code == 302, "the admin is still closed"
    steady_step()
    assert client.post(CODE, {"code": code(secret)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_switching_off_needs_a_current_code(client, enrolled):
    user, secret = enrolled
    client.force_login(user)
    refused = client.post(TOTP, {"action": "disable", "code": "000000"})
    assert refused.status_code == 400 and TotpDevice.objects.filter(user=user).exists()
    steady_step()
    assert client.post(TOTP, {"action": "disable", "code": code(secret)}).status_code == 302
    assert not TotpDevice.objects.filter(user=user).exists()
    client.logout()
    assert password_step(client, user)["Location"] != CODE, "one step again"
    assert SESSION_KEY in client.session


def test_an_unconfirmed_device_does_not_change_login(client, county_regulator):
    totp_services.totp_device_start(user=county_regulator.user, at=timezone.now())
    assert password_step(client, county_regulator.user).status_code == 302
    assert SESSION_KEY in client.session


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(TOTP)["Location"].startswith(LOGIN)


def test_an_admin_resets_a_lost_authenticator_without_seeing_its_secret(admin_client, enrolled):
    user, secret = enrolled
    device = TotpDevice.objects.get(user=user)
    page = admin_client.get(f"/admin/platform/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and secret not in page.content.decode()
    admin_client.post(f"/admin/platform/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TotpDevice.objects.filter(pk=device.pk).exists()
