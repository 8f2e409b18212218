"""A regulator switches on two-step login in a real browser, then logs in with password and code."""

from __future__ import annotations

import time

import pytest

from config.models import TotpDevice
from config.rules import totp
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.totp_support import steady_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, live_server, user, next_url="/console/"):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", REGULATOR_PASSWORD)
    page.click("main button[type=submit]")


def test_a_regulator_sets_up_an_authenticator_and_logs_in_with_a_code(
        live_server, laptop_page, county_regulator):
    page, user = laptop_page, county_regulator.user
    password_step(page, live_server, user)
    page.wait_for_selector("#queue")

    page.click("#nav-totp")
    page.wait_for_selector("#totp-state[data-state=off]")
    page.click("#start-form button")
    page.wait_for_selector("#totp-state[data-state=pending]")
    assert page.locator("#totp-qr svg").is_visible()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert page.locator("#totp-uri").inner_text().startswith("otpauth://totp/")

    page.fill("#confirm-form #id_code", "000000")
    page.click("#confirm-form button")
    page.wait_for_selector("#totp-error")
    steady_step()
    key, step = totp.secret_key(secret), totp.time_step(time.time())
    page.fill("#confirm-form #id_code", totp.hotp(key, step))
    page.click("#confirm-form button")
    page.wait_for_selector("#totp-state[data-state=on]")
    assert TotpDevice.objects.get(user=user).confirmed_at is not None

    page.click("#staff-nav form button")  # log out
    page.wait_for_selector("nav.public a.login")
    password_step(page, live_server, user)
    page.wait_for_selector("#code-form")
    assert page.url.endswith("/accounts/login/code/")
    page.goto(f"{live_server.url}/console/")
    assert "/accounts/login/" in page.url, "the password alone opens nothing"

    password_step(page, live_server, user)
    page.wait_for_selector("#code-form")
    steady_step()
    now = totp.time_step(time.time())
    page.fill("#id_code", totp.hotp(key, now if now > step else step + 1))  # each step once
    page.click("#code-form button")
    page.wait_for_selector("#queue")
    assert page.url.endswith("/console/")
