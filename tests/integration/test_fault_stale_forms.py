"""Fault (issue 8): a regulator acts from a page opened before someone else changed the case. The
action may still be allowed in the new state, but it was decided on what the page showed: the
forms carry the complaint's version (the id of its latest event) and an action on an older
version is refused as a conflict, with the state now, and writes nothing. Bulk decisions in the
queue skip, row by row, the complaints that moved since the queue was loaded."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from complaints.models import Complaint
from complaints.services.workflow import CONSUMER, complaint_add_information, complaint_version
from complaints.views.console.case import changed_text
from tests.integration.console_support import file_case, login
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
FRAGMENT = Path(__file__).resolve().parents[2] / "locale" / "fragments" / "faults.json"


def opened(client, complaint: Complaint) -> str:
    """Open the case page; the version every action form on it carries."""
    html = client.get(f"/console/case/{complaint.tracking_number}/").content.decode()
    found = set(re.findall(r'name="version" value="(\d+)"', html))
    assert len(found) == 1, "every form of the page carries the same version"
    return found.pop()


def act(client, complaint: Complaint, action: str, **form):
    return client.post(f"/console/case/{complaint.tracking_number}/{action}/", form, follow=True,
                       **EN)


def said(response) -> list[tuple[str, str]]:
    return [(m.tags, str(m)) for m in response.context["messages"]]


def actions_of(complaint: Complaint) -> list[str]:
    return [a.rsplit(".", 1)[-1] for a in complaint.events.values_list("action", flat=True)]


def consumer_adds_information(complaint: Complaint) -> None:
    complaint_add_information(complaint, text="补充：发票已上传，购买日期为上月5日。",
                              at=timezone.now(), actor=CONSUMER)


def changed(status: str) -> str:
    with override("en"):
        return changed_text(status)


def test_a_refusal_for_missing_content_after_the_consumer_added_it_is_refused(
        client, county_regulator):
    complaint = file_case()
    login(client, county_regulator)
    version = opened(client, complaint)
    consumer_adds_information(complaint)

    response = act(client, complaint, "refuse", reason_code="content_missing", version=version)
    assert response.status_code == 200
    assert said(response) == [("error", changed("WITH_REGULATOR"))]
    assert escape(changed("WITH_REGULATOR")) in response.content.decode()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("WITH_REGULATOR", "")
    assert "refuse" not in actions_of(complaint)

    fresh = opened(client, complaint)  # having read what the consumer added
    assert int(fresh) == complaint_version(complaint) > int(version)
    response = act(client, complaint, "accept", version=fresh)
    assert [tag for tag, _ in said(response)] == ["success"]


def test_an_assignment_decided_before_the_acceptance_is_refused_though_the_table_allows_it(
        client, county_regulator, city_regulator):
    complaint = file_case()
    login(client, county_regulator)
    stale = opened(client, complaint)
    login(client, city_regulator)
    act(client, complaint, "accept", version=opened(client, complaint))

    login(client, county_regulator)
    response = act(client, complaint, "assign", staff=str(county_regulator.user.pk),
                   version=stale)
    assert said(response) == [("error", changed("IN_MEDIATION"))]
    complaint.refresh_from_db()
    assert complaint.assigned_to_id is None
    assert actions_of(complaint).count("assign") == 0


def test_a_json_client_gets_409_on_a_stale_version_and_the_new_version_on_success(
        client, county_regulator):
    complaint = file_case()
    login(client, county_regulator)
    stale = opened(client, complaint)
    consumer_adds_information(complaint)
    url = f"/console/case/{complaint.tracking_number}/accept/"

    conflict = client.post(url, {"version": stale}, HTTP_ACCEPT="application/json", **EN)
    assert conflict.status_code == 409
    now = complaint_version(complaint)
    assert conflict.json()["code"] == "complaint_changed"
    assert conflict.json()["data"] == {"refusal": "complaint_changed", "status": "WITH_REGULATOR",
                                       "version": now}

    done = client.post(url, {"version": str(now)}, HTTP_ACCEPT="application/json", **EN)
    assert done.status_code == 200
    assert done.json()["status"] == "IN_MEDIATION"
    assert done.json()["version"] == complaint_version(complaint) > now


def test_a_json_client_gets_the_tables_code_and_422_naming_a_bad_version(client,
                                                                         county_regulator):
    complaint = file_case(state={"status": "CLOSED", "outcome": "refused", "due_clock": "",
                                 "due_date": None})
    login(client, county_regulator)
    url = f"/console/case/{complaint.tracking_number}/accept/"
    refused = client.post(url, HTTP_ACCEPT="application/json")
    assert (refused.status_code, refused.json()["code"]) == (409, "complaint_closed")
    bad = client.post(url, {"version": "v2"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["data"]["errors"]] == ["version"]


def test_a_report_decision_from_a_stale_page_is_refused(client, county_regulator):
    complaint = file_case(report_kind="fake_outlet", report_real_name=True,
                          report_facts="该维修点冒充品牌官方售后收取高额上门费")
    login(client, county_regulator)
    stale = opened(client, complaint)
    act(client, complaint, "report_extend", approved_by="王局长", reason="需要调取通话记录",
        version=stale)
    response = act(client, complaint, "report_decide", open_case="no", reason="证据不足",
                   version=stale)
    assert said(response) == [("error", changed("WITH_REGULATOR"))]
    complaint.report_part.refresh_from_db()
    assert complaint.report_part.status == "RECEIVED"


def test_the_bulk_decision_skips_rows_that_moved_since_the_queue_was_loaded(
        client, county_regulator):
    still, moved_on, decided = file_case(), file_case(), file_case()
    login(client, county_regulator)
    queue = client.get("/console/").content.decode()
    versions = {f"version_{c.pk}": re.search(rf'name="version_{c.pk}" value="(\d+)"',
                                             queue).group(1) for c in (still, moved_on, decided)}
    consumer_adds_information(moved_on)
    Complaint.objects.filter(pk=decided.pk).update(status="CLOSED", outcome="refused")
    decided.events.create(action="complaints.complaint.refuse", from_status="WITH_REGULATOR",
                          to_status="CLOSED", actor_kind="regulator", actor_id="other",
                          at=timezone.now(), reason_code="time_barred")

    html = client.post("/console/bulk/", {"ids": [str(c.pk) for c in (still, moved_on, decided)],
                                          "decision": "accept", **versions}, **EN
                       ).content.decode()
    done = re.search(r'id="bulk-done".*?</section>', html, re.S).group(0)
    moved = re.search(r'id="bulk-moved".*?</section>', html, re.S).group(0)
    refused = re.search(r'id="bulk-refused".*?</section>', html, re.S).group(0)
    assert still.tracking_number in done
    assert moved_on.tracking_number not in done + refused
    assert decided.tracking_number not in done + refused
    lines = dict(re.findall(r'<li data-tracking="(\w+)">.*?<span class="reason">(.*?)</span>',
                            moved))
    assert lines == {moved_on.tracking_number: escape(changed("WITH_REGULATOR")),
                     decided.tracking_number: escape(changed("CLOSED"))}
    statuses = dict(Complaint.objects.values_list("pk", "status"))
    assert (statuses[still.pk], statuses[moved_on.pk]) == ("IN_MEDIATION", "WITH_REGULATOR")


def test_the_conflict_messages_have_their_chinese_text_waiting_to_be_merged():
    chinese = json.loads(FRAGMENT.read_text(encoding="utf-8"))
    msgids = ["Someone else acted on this complaint first; it is now: %(status)s. Please look "
              "at the case again before you act.",
              "Someone else acted on this complaint first.",
              "This page is out of date. Please reload it and try again.",
              "Skipped, changed since you loaded the queue: %(n)s"]
    for msgid in msgids:
        assert re.search(r"[\u4e00-\u9fff]", chinese.get(msgid, "")), msgid
        assert re.findall(r"%\(\w+\)s", chinese[msgid]) == re.findall(r"%\(\w+\)s", msgid)
    assert changed("CLOSED") == msgids[0] % {"status": "Closed"}, "the page says this msgid"
