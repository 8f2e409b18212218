"""The public forms' bot guard: a honeypot field and a minimum fill time, never a maximum."""

from __future__ import annotations

import re
import time

import pytest
from django.utils import timezone

from complaints.models import Complaint
from config.formguard import HONEYPOT_FIELD, TOKEN_FIELD, form_token
from service_net.fraud import decisions
from service_net.models import WarningAppeal
from tests.integration import fraud_support
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.test_complaint_pages import form

fraud_registry, fake_suspect = fraud_support.fraud_registry, fraud_support.fake_suspect
pytestmark = [pytest.mark.django_db, pytest.mark.form_guard,
              pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
URL = "/complaints/file/"
REFUSED_TEXT = "could not be accepted just now"
STALE_TEXT = "opened a long time ago"
DAY = 24 * 3600


def served(seconds_ago: float, name: str = "complaint") -> str:
    return form_token(name, now=time.time() - seconds_ago)


def token_in(page: str) -> str:
    return re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)


def submit(client, token: str | None, **overrides):
    data = form(action="submit", **overrides)
    if token is not None:
        data[TOKEN_FIELD] = token
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_form_carries_a_signed_time_and_a_hidden_field_people_leave_empty(client):
    page = client.get(URL).content.decode()
    assert token_in(page)
    field = re.search(rf'<input id="{HONEYPOT_FIELD}"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field and 'value=""' in field
    assert f'<label for="{HONEYPOT_FIELD}">' in page, "screen readers are told to leave it empty"
    assert 'class="hp-field"' in page


def test_a_quick_submission_with_something_missing_names_what_is_missing_first(client):
    response = submit(client, served(0.5), facts="")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-field="facts"' in page
    assert REFUSED_TEXT not in page
    assert Complaint.objects.count() == 0


def test_a_person_who_took_their_time_files(client):
    response = submit(client, served(8))
    assert response.status_code == 302
    assert Complaint.objects.count() == 1


def test_a_slow_old_phone_an_hour_later_still_files(client):
    assert submit(client, served(3600 * 20)).status_code == 302
    assert Complaint.objects.count() == 1


def test_a_submission_within_three_seconds_is_refused_neutrally_and_stores_nothing(client):
    token = served(0.5)
    response = submit(client, token, facts="机器人填写的事实经过，很快提交。")
    page = response.content.decode()
    assert response.status_code == 400 and REFUSED_TEXT in page
    assert "机器人填写的事实经过，很快提交。" in page, "the form is kept"
    assert token_in(page) == token, "the first time is kept: submitting again later works"
    assert Complaint.objects.count() == 0


def test_a_filled_honeypot_is_refused_with_the_same_message(client):
    response = submit(client, served(30), **{HONEYPOT_FIELD: "http://spam.example"})
    page = response.content.decode()
    assert response.status_code == 400 and REFUSED_TEXT in page
    assert 'value="http://spam.example"' not in page, "the trap is shown empty again"
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("token", [
    pytest.param(None, id="no time (a page cached from before)"),
    pytest.param("complaint:1700000000000:forged", id="forged"),
    pytest.param(form_token("appeal"), id="another form's"),
])
def test_a_form_without_a_valid_time_is_shown_again_to_submit_once_more(client, token):
    response = submit(client, token, facts="保留下来的事实经过，请再提交。")
    page = response.content.decode()
    assert response.status_code == 200 and STALE_TEXT in page
    assert "保留下来的事实经过，请再提交。" in page
    assert Complaint.objects.count() == 0
    assert submit(client, served(5)).status_code == 302, "then it goes through"


def test_a_form_older_than_a_day_is_shown_again_with_a_fresh_time(client):
    old = served(DAY + 60)
    response = submit(client, old, facts="隔天才提交的事实经过，表格保留。")
    page = response.content.decode()
    assert response.status_code == 200 and STALE_TEXT in page and "隔天才提交的事实经过，表格保留。" in page
    assert token_in(page) != old
    assert Complaint.objects.count() == 0


def test_the_check_round_trip_keeps_the_first_time(client):
    token = served(2)
    page = client.post(URL, {**form(action="check"), TOKEN_FIELD: token}).content.decode()
    assert token_in(page) == token


def test_the_appeal_form_has_the_same_guard(client, fake_suspect, county_regulator):
    warning = decisions.warning_publish(suspect_id=fake_suspect.pk, user=county_regulator.user,
                                        text_zh="假冒官方售后的号码", at=timezone.now())
    url = f"/fraud/warnings/{warning.pk}/appeal/"
    assert token_in(client.get(url).content.decode())
    appeal = {"appellant": "凉州区某某家电维修部", "contact": "139 3512 0000",
              "grounds": "我们是品牌乙的新授权网点。"}
    bot = client.post(url, {**appeal, TOKEN_FIELD: served(0), HONEYPOT_FIELD: "x"},
                      HTTP_ACCEPT_LANGUAGE="en")
    assert bot.status_code == 400 and REFUSED_TEXT in bot.content.decode()
    assert WarningAppeal.objects.count() == 0
    person = client.post(url, {**appeal, TOKEN_FIELD: served(40, "appeal")})
    assert person.status_code == 200 and 'id="appeal-filed"' in person.content.decode()
    assert WarningAppeal.objects.count() == 1
