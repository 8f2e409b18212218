"""Fault (issue 8): two regulators act on the same complaint at once. One wins; the other gets a
clear conflict — 409 with a stable code through the services and to a JSON client, and on the
console page a message saying someone else acted first and what the case is now — and nothing of
the loser's action is written.

Real PostgreSQL, two threads on two connections, through the console's POST endpoints and
through the workflow services; race_support makes both wait on the same row lock before either
proceeds. Two regulators of 凉州区 (county_regulator and a colleague), and the city regulator of
武威市 with the county's."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from complaints.models import Complaint, Notification
from complaints.services.workflow import (
    Actor,
    ComplaintChanged,
    complaint_accept,
    complaint_assign,
    complaint_end_mediation,
    complaint_record_agreement,
    complaint_refuse,
    complaint_unchanged_since,
    complaint_version,
    complaints_bulk_decide,
)
from complaints.views.console.case import changed_text
from config.errors import Conflict
from tests.conftest import REGULATOR_PASSWORD
from tests.integration.console_support import file_case, in_days
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401
from tests.integration.race_support import race

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
AS_JSON = {"HTTP_ACCEPT": "application/json", **EN}
WAITING = None  # file_case's default: with the regulator, awaiting acceptance
MEDIATING = {"status": "IN_MEDIATION", "due_clock": "mediation", "due_date": in_days(40)}
# What the winning action leaves on the complaint: (status, outcome).
AFTER = {"accept": ("IN_MEDIATION", ""), "refuse": ("CLOSED", "refused"),
         "assign": ("WITH_REGULATOR", ""), "end_mediation": ("CLOSED", "mediation_ended"),
         "record_agreement": ("CLOSED", "agreement")}
# (the loser's action, the winner's) → the workflow table's refusal code for the loser.
TABLE_REFUSAL = {("refuse", "accept"): "not_awaiting_acceptance",
                 ("accept", "refuse"): "complaint_closed",
                 ("accept", "accept"): "not_awaiting_acceptance",
                 ("end_mediation", "record_agreement"): "complaint_closed",
                 ("record_agreement", "end_mediation"): "complaint_closed"}


@pytest.fixture
def colleague(gazetteer):
    """A second regulator of 凉州区, beside county_regulator."""
    from complaints.services import regulator_create

    return regulator_create(username="liangzhou-amr-2", password=REGULATOR_PASSWORD,
                            division_code="620602")


def form(action: str, colleague) -> dict:
    return {"accept": {}, "refuse": {"reason_code": "time_barred", "note": "2019年购买"},
            "assign": {"staff": str(colleague.user.pk)},
            "end_mediation": {"reason_code": "party_refused"},
            "record_agreement": {"terms": "上门更换压缩机",
                                 "perform_by": in_days(10).isoformat()}}[action]


def console_of(profile) -> Client:
    client = Client()
    client.force_login(profile.user)
    return client


def case_url(complaint: Complaint) -> str:
    return f"/console/case/{complaint.tracking_number}/"


def opened_version(client: Client, complaint: Complaint) -> str:
    """The regulator opens the case: the version its action forms carry."""
    html = client.get(case_url(complaint)).content.decode()
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def new_events(complaint: Complaint, since: int) -> list[str]:
    return [a.rsplit(".", 1)[-1] for a in complaint.events.filter(id__gt=since).order_by("id")
            .values_list("action", flat=True)]


def assert_left_by(complaint: Complaint, action: str, colleague) -> None:
    """The complaint is exactly as the winner's action left it, nothing of the loser's."""
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == AFTER[action]
    assert complaint.assigned_to_id == (colleague.user.pk if action == "assign" else None)
    assert (complaint.accepted_at is not None) == (action == "accept")
    losers_notice = {"accept": "accepted", "refuse": "refused"}
    for other, event in losers_notice.items():
        if other != action:
            assert not Notification.objects.filter(complaint=complaint, event=event).exists()


CONSOLE_PAIRS = [
    pytest.param(WAITING, ("county_regulator", "accept"), ("colleague", "refuse"),
                 id="accept-vs-refuse"),
    pytest.param(WAITING, ("county_regulator", "accept"), ("city_regulator", "accept"),
                 id="county-and-city-both-accept"),
    pytest.param(WAITING, ("city_regulator", "accept"), ("county_regulator", "assign"),
                 id="accept-vs-assign"),
    pytest.param(MEDIATING, ("county_regulator", "end_mediation"),
                 ("colleague", "record_agreement"), id="close-vs-record-agreement"),
]


@pytest.mark.parametrize("state, first, second", CONSOLE_PAIRS)
def test_on_the_console_one_wins_and_the_other_is_told_someone_acted_first(
        request, colleague, state, first, second):
    complaint = file_case(state=state)
    players = {f"{who}:{action}": (console_of(request.getfixturevalue(who)), action)
               for who, action in (first, second)}
    seen = {name: opened_version(client, complaint) for name, (client, _a) in players.items()}
    since = complaint_version(complaint)
    results = race(complaint.pk, {
        name: (lambda c=client, a=action, v=seen[name]: c.post(
            f"{case_url(complaint)}{a}/", {**form(a, colleague), "version": v}, **EN))
        for name, (client, action) in players.items()})

    assert {name: r.status_code for name, r in results.items()} == dict.fromkeys(players, 302)
    told = {name: _messages_after(players[name][0], response) for name, response in results.items()}
    [winner] = [name for name, said in told.items() if said[0][0] == "success"]
    [loser] = [name for name, said in told.items() if said[0][0] == "error"]
    assert new_events(complaint, since) == [players[winner][1]]
    assert_left_by(complaint, players[winner][1], colleague)
    with override("en"):
        expected = changed_text(complaint.status)
    assert told[loser] == [("error", expected)]
    assert "Someone else acted on this complaint first; it is now: " in expected


def _messages_after(client: Client, response) -> list[tuple[str, str]]:
    """Follow the redirect back to the case: the page (no 500) and the message it shows."""
    assert response["Location"].endswith("#actions")
    page = client.get(response["Location"], **EN)
    assert page.status_code == 200
    said = [(m.tags, str(m)) for m in page.context["messages"]]
    assert all(escape(text) in page.content.decode() for _tag, text in said)
    return said


def test_a_json_client_that_loses_gets_409_with_the_stable_code_and_the_state_now(
        county_regulator, colleague):
    complaint = file_case()
    players = {"accept": console_of(county_regulator), "refuse": console_of(colleague)}
    seen = {action: opened_version(client, complaint) for action, client in players.items()}
    results = race(complaint.pk, {
        action: (lambda c=client, a=action: c.post(
            f"{case_url(complaint)}{a}/", {**form(a, colleague), "version": seen[a]},
            **AS_JSON))
        for action, client in players.items()})

    codes = {action: r.status_code for action, r in results.items()}
    [winner] = [action for action, code in codes.items() if code == 200]
    [loser] = [action for action, code in codes.items() if code == 409]
    complaint.refresh_from_db()
    body = results[loser].json()
    assert body["code"] == "complaint_changed"
    assert body["data"] == {"refusal": "complaint_changed", "status": complaint.status,
                            "version": complaint_version(complaint)}
    assert body["message"].startswith("Someone else acted on this complaint first")
    assert results[winner].json()["status"] == AFTER[winner][0] == complaint.status


def test_a_bulk_accept_and_a_single_refusal_at_once_decide_the_case_once(
        county_regulator, colleague):
    contested, other = file_case(), file_case()
    queue_client, case_client = console_of(county_regulator), console_of(colleague)
    queue = queue_client.get("/console/").content.decode()
    versions = {f"version_{c.pk}": re.search(rf'name="version_{c.pk}" value="(\d+)"',
                                             queue).group(1) for c in (contested, other)}
    refuse_version = opened_version(case_client, contested)
    since = complaint_version(contested)
    results = race(contested.pk, {
        "bulk": lambda: queue_client.post("/console/bulk/", {
            "ids": [str(contested.pk), str(other.pk)], "decision": "accept", **versions}, **EN),
        "refuse": lambda: case_client.post(f"{case_url(contested)}refuse/", {
            **form("refuse", colleague), "version": refuse_version}, **EN)})

    assert (results["bulk"].status_code, results["refuse"].status_code) == (200, 302)
    html = results["bulk"].content.decode()
    done = re.search(r'id="bulk-done".*?</section>', html, re.S).group(0)
    moved = re.search(r'id="bulk-moved".*?</section>', html, re.S)
    refused = _messages_after(case_client, results["refuse"])
    [winner] = new_events(contested, since)
    assert winner in ("accept", "refuse")
    assert_left_by(contested, winner, colleague)
    other.refresh_from_db()
    assert other.status == "IN_MEDIATION" and other.tracking_number in done
    with override("en"):
        expected = changed_text(contested.status)
    if winner == "refuse":
        assert contested.tracking_number not in done
        assert contested.tracking_number in moved.group(0) and escape(expected) in moved.group(0)
        assert refused[0][0] == "success"
    else:
        assert contested.tracking_number in done and moved is None
        assert refused == [("error", expected)]


# --- the same races through the services (the API's and the jobs' way in) ---


def _actor(profile) -> Actor:
    return Actor("regulator", profile.user.get_username())


def _service(action: str, profile, colleague):
    actor, at = _actor(profile), timezone.now
    return {
        "accept": lambda pk: complaint_accept(pk, actor=actor, at=at()),
        "refuse": lambda pk: complaint_refuse(pk, reason_code="time_barred", actor=actor,
                                              at=at()),
        "end_mediation": lambda pk: complaint_end_mediation(
            pk, reason_code="party_refused", actor=actor, at=at()),
        "record_agreement": lambda pk: complaint_record_agreement(
            pk, terms="退货退款", perform_by=in_days(5), actor=actor, at=at()),
    }[action]


SERVICE_PAIRS = [
    pytest.param(WAITING, ("county_regulator", "accept"), ("colleague", "refuse"),
                 id="accept-vs-refuse"),
    pytest.param(WAITING, ("county_regulator", "accept"), ("city_regulator", "accept"),
                 id="county-and-city-both-accept"),
    pytest.param(MEDIATING, ("county_regulator", "end_mediation"),
                 ("colleague", "record_agreement"), id="close-vs-record-agreement"),
]


@pytest.mark.parametrize("state, first, second", SERVICE_PAIRS)
def test_through_the_services_the_loser_gets_409_with_the_tables_refusal_code(
        request, colleague, state, first, second):
    complaint = file_case(state=state)
    players = {f"{who}:{action}": action for who, action in (first, second)}
    calls = {f"{who}:{action}": _service(action, request.getfixturevalue(who), colleague)
             for who, action in (first, second)}
    since = complaint_version(complaint)
    results = race(complaint.pk, {name: (lambda f=call: f(complaint.pk))
                                  for name, call in calls.items()})

    [winner] = [name for name, r in results.items() if isinstance(r, Complaint)]
    [loser] = [name for name, r in results.items() if isinstance(r, Conflict)]
    conflict = results[loser]
    assert conflict.http_status == 409
    assert conflict.code == TABLE_REFUSAL[(players[loser], players[winner])]
    assert new_events(complaint, since) == [players[winner]]
    assert_left_by(complaint, players[winner], colleague)
    assert conflict.data["status"] == complaint.status


def test_through_the_services_a_bulk_accept_and_a_refusal_decide_once(county_regulator,
                                                                       colleague):
    contested, other = file_case(), file_case()
    since = complaint_version(contested)
    results = race(contested.pk, {
        "bulk": lambda: complaints_bulk_decide([contested.pk, other.pk], decision="accept",
                                               actor=_actor(county_regulator), at=timezone.now()),
        "refuse": lambda: _service("refuse", colleague, colleague)(contested.pk)})

    [winner] = new_events(contested, since)
    assert_left_by(contested, winner, colleague)
    bulk = results["bulk"]
    if winner == "accept":
        assert bulk.done == [contested.pk, other.pk] or bulk.done == [other.pk, contested.pk]
        assert results["refuse"].code == "not_awaiting_acceptance"
    else:
        assert bulk.done == [other.pk]
        assert bulk.refused == [{"id": contested.pk, "code": "complaint_closed"}]
        assert isinstance(results["refuse"], Complaint)


def test_with_the_version_seen_an_assignment_after_an_acceptance_is_refused(
        county_regulator, city_regulator, colleague):
    """The table allows assigning a case in mediation: only the version check stops a
    regulator assigning a case they saw awaiting acceptance."""
    complaint = file_case()
    seen = complaint_version(complaint)

    def with_seen_version(work):
        with complaint_unchanged_since(complaint.pk, version=seen):
            return work()

    results = race(complaint.pk, {
        "accept": lambda: with_seen_version(
            lambda: complaint_accept(complaint.pk, actor=_actor(city_regulator),
                                     at=timezone.now())),
        "assign": lambda: with_seen_version(
            lambda: complaint_assign(complaint.pk, staff_user=colleague.user,
                                     actor=_actor(county_regulator), at=timezone.now()))})

    [winner] = [name for name, r in results.items() if isinstance(r, Complaint)]
    [loser] = [name for name, r in results.items() if isinstance(r, ComplaintChanged)]
    complaint.refresh_from_db()
    assert (results[loser].http_status, results[loser].code) == (409, "complaint_changed")
    assert results[loser].data["status"] == complaint.status == AFTER[winner][0]
    assert new_events(complaint, seen) == [winner]
    assert_left_by(complaint, winner, colleague)
