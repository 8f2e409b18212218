"""Staff logins lock after repeated failures: a name after 5 within 15 minutes (for 15 minutes),
a client address after 20 across names; a locked attempt is refused even with the right password,
with the same message whether or not the name exists. The admin's login is the same page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from config.models import LoginFailure
from tests.conftest import REGULATOR_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def error_of(response) -> str:
    return " ".join(response.context["form"].non_field_errors())


def fail(client, username: str, times: int, address: str = "10.0.0.1"):
    for _ in range(times):
        response = attempt(client, username, "wrong-password", address)
        assert response.status_code == 200
    return response


def test_the_fifth_failure_locks_the_name_and_the_right_password_is_refused(
        client, county_regulator):
    name = county_regulator.user.username
    fail(client, name, 4)
    fifth = fail(client, name, 1)
    until = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert until.strftime("%H:%M") in error_of(fifth) or \
        (until - timedelta(minutes=1)).strftime("%H:%M") in error_of(fifth)
    locked = attempt(client, name, REGULATOR_PASSWORD)
    assert locked.status_code == 200 and SESSION_KEY not in client.session
    assert error_of(locked) == error_of(fifth)
    assert LoginFailure.objects.filter(username=name).count() == 5, "locked tries are not counted"


def test_four_failures_then_the_right_password_logs_in_and_clears_them(client, county_regulator):
    name = county_regulator.user.username
    fail(client, name, 4)
    assert attempt(client, name, REGULATOR_PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username=name).exists()
    client.logout()
    fail(client, name, 4)
    assert attempt(client, name, REGULATOR_PASSWORD).status_code == 302, "counting restarted"


def test_an_unknown_name_locks_alike_so_the_message_reveals_nothing(client, county_regulator):
    real = fail(client, county_regulator.user.username, 5)
    made_up = fail(client, "no-such-person", 5, address="10.0.0.2")
    assert error_of(real) == error_of(made_up)
    assert error_of(attempt(client, "no-such-person", "x", "10.0.0.3")) == error_of(made_up)


def test_the_lock_ends_15_minutes_after_the_last_failure(client, county_regulator):
    name = county_regulator.user.username
    fail(client, name, 5)
    LoginFailure.objects.filter(username=name).update(at=timezone.now() - timedelta(minutes=14))
    assert attempt(client, name, REGULATOR_PASSWORD).status_code == 200, "still locked"
    LoginFailure.objects.filter(username=name).update(
        at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert attempt(client, name, REGULATOR_PASSWORD).status_code == 302


def test_failures_spread_over_more_than_15_minutes_do_not_lock(client, county_regulator):
    name = county_regulator.user.username
    fail(client, name, 4)
    LoginFailure.objects.filter(username=name).update(at=timezone.now() - timedelta(minutes=16))
    fail(client, name, 1)
    assert attempt(client, name, REGULATOR_PASSWORD).status_code == 302


def test_a_client_trying_20_names_is_locked_for_every_name(client, county_regulator):
    for n in range(20):
        attempt(client, f"guess-{n}", "wrong-password", "10.9.9.9")
    refused = attempt(client, county_regulator.user.username, REGULATOR_PASSWORD, "10.9.9.9")
    assert refused.status_code == 200 and SESSION_KEY not in client.session
    assert re.search(r"\d{2}:\d{2}", error_of(refused)), "says when to try again"
    other = attempt(client, county_regulator.user.username, REGULATOR_PASSWORD, "10.9.9.10")
    assert other.status_code == 302, "another address is not locked"


def test_the_numbers_come_from_settings(client, county_regulator, settings):
    settings.LOGIN_LOCKOUT_USER_FAILURES = 2
    name = county_regulator.user.username
    fail(client, name, 2)
    assert attempt(client, name, REGULATOR_PASSWORD).status_code == 200


def test_the_admin_login_is_the_staff_login(client, county_regulator):
    page = client.get("/admin/login/?next=/admin/service_net/outlet/")
    assert page.status_code == 302
    assert page["Location"] == "/accounts/login/?next=/admin/service_net/outlet/"
    assert client.get("/admin/").url.startswith("/admin/login/")
    posted = client.post("/admin/login/", {"username": county_regulator.user.username,
                                           "password": REGULATOR_PASSWORD})
    assert SESSION_KEY not in client.session, "the admin's own form does not log anyone in"
    assert posted.status_code == 302 and posted["Location"].startswith(LOGIN)


def test_the_admin_login_does_not_redirect_off_site(client):
    page = client.get("/admin/login/?next=https://evil.example/")
    assert page["Location"] == "/accounts/login/?next=/admin/"


def test_a_name_locked_on_the_login_page_cannot_log_in_to_the_admin(client, admin_user):
    fail(client, admin_user.username, 5)
    response = client.post(LOGIN + "?next=/admin/", {"username": admin_user.username,
                                                     "password": "password"},
                           REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200 and SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302
