"""Staff sessions end 30 minutes after the last request (sliding) or 8 hours after login, from
settings; consumer sessions holding case grants keep their two weeks; logout clears the session.
Expiry is tested by moving the stored times back, never by waiting."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.accounts.sessions import SEEN, STARTED
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_PHONE,
    draft,
    entitlement_tables,
    evidence_root,
)

pytestmark = pytest.mark.django_db


def log_in(client, profile):
    response = client.post("/accounts/login/", {"username": profile.user.username,
                                                "password": REGULATOR_PASSWORD})
    assert response.status_code == 302


def shift(client, **seconds_back):
    """Move the session's stored times into the past."""
    session = client.session
    for name, back in seconds_back.items():
        session[{"started": STARTED, "seen": SEEN}[name]] -= back
    session.save()


def test_login_starts_the_clocks_and_the_cookie_lasts_the_idle_time(client, county_regulator,
                                                                    settings):
    log_in(client, county_regulator)
    session = client.session
    now = timezone.now().timestamp()
    assert abs(session[STARTED] - now) < 5 and session[SEEN] == session[STARTED]
    assert session.get_expiry_age() == settings.STAFF_SESSION_IDLE_SECONDS
    assert client.cookies["sessionid"]["max-age"] == settings.STAFF_SESSION_IDLE_SECONDS


def test_29_idle_minutes_keep_the_session_and_the_request_pushes_the_clock(client,
                                                                          county_regulator):
    log_in(client, county_regulator)
    shift(client, started=29 * 60, seen=29 * 60)
    before = client.session[SEEN]
    assert client.get("/console/").status_code == 200
    assert client.session[SEEN] > before + 28 * 60, "the idle clock restarted"


def test_30_idle_minutes_end_the_session(client, county_regulator):
    log_in(client, county_regulator)
    shift(client, seen=30 * 60)
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in client.session


def test_8_hours_after_login_the_session_ends_however_busy(client, county_regulator):
    log_in(client, county_regulator)
    shift(client, started=8 * 3600 - 60)
    assert client.get("/console/").status_code == 200
    shift(client, started=61)
    assert client.get("/console/").status_code == 302
    assert SESSION_KEY not in client.session


def test_the_limits_come_from_settings(client, county_regulator, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 120
    log_in(client, county_regulator)
    shift(client, seen=119)
    assert client.get("/console/").status_code == 200
    shift(client, seen=120)
    assert client.get("/console/").status_code == 302


def test_near_the_end_of_the_lifetime_the_cookie_is_cut_short(client, county_regulator):
    log_in(client, county_regulator)
    shift(client, started=8 * 3600 - 600, seen=120)
    assert client.get("/console/").status_code == 200
    assert 590 <= client.session.get_expiry_age() <= 600


def test_a_forced_login_is_timed_from_its_first_request(client, county_regulator):
    client.force_login(county_regulator.user)
    assert STARTED not in client.session
    assert client.get("/console/").status_code == 200
    assert abs(client.session[STARTED] - timezone.now().timestamp()) < 5


def test_logout_clears_the_whole_session(client, county_regulator):
    log_in(client, county_regulator)
    session = client.session
    session["complaints_opened"] = ["SB-TEST"]
    session.save()
    key = session.session_key
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert SESSION_KEY not in client.session and "complaints_opened" not in client.session


@pytest.mark.usefixtures("entitlement_tables", "evidence_root")
def test_a_consumer_session_keeps_its_longer_lifetime(client, settings):
    from complaints.services import complaint_file

    complaint = complaint_file(draft=draft(), at=timezone.now())
    opened = client.post("/complaints/track/", {"tracking": complaint.tracking_number,
                                                "phone": CONSUMER_PHONE})
    assert opened.status_code == 302
    session = client.session
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600
    assert STARTED not in session and SEEN not in session
    case = f"/complaints/case/{complaint.tracking_number}/"
    assert client.get(case).status_code == 200
