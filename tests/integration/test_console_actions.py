"""The regulator's actions from the console: each calls one workflow service; a refusal is shown
on the page and changes nothing; bulk decisions list what was done and what was not."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from complaints.models import Complaint, ReportPart
from complaints.views.console.labels import REFUSAL_MESSAGES
from tests.integration.console_support import file_case, in_days, login
from tests.integration.filing_support import entitlement_tables, evidence_root  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
MEDIATING = {"status": "IN_MEDIATION", "due_clock": "mediation", "due_date": in_days(40)}


def act(client, complaint, action: str, **form):
    return client.post(f"/console/case/{complaint.tracking_number}/{action}/", form, follow=True)


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.tags, str(m)) for m in response.context["messages"]]


def actions_of(complaint) -> list[str]:
    return [a.rsplit(".", 1)[-1] for a in complaint.events.values_list("action", flat=True)]


def test_the_county_regulator_accepts_a_complaint(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    response = act(client, liangzhou_case, "accept")
    assert response.redirect_chain[-1][0].endswith(f"/console/case/{liangzhou_case.tracking_number}/#actions")
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "IN_MEDIATION" and liangzhou_case.accepted_at is not None
    event = liangzhou_case.events.order_by("-id").first()
    assert (event.actor_kind, event.actor_id) == ("regulator", county_regulator.user.username)
    assert [tag for tag, _ in messages_of(response)] == ["success"]
    assert 'id="accept-form"' not in response.content.decode()


def test_the_city_regulator_may_act_on_its_countys_complaint(client, liangzhou_case, city_regulator):
    login(client, city_regulator)
    act(client, liangzhou_case, "accept")
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "IN_MEDIATION"


def test_accepting_twice_shows_the_refusal_in_words_and_changes_nothing(
        client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    act(client, liangzhou_case, "accept")
    response = act(client, liangzhou_case, "accept")
    with override("zh-hans"):
        expected = str(REFUSAL_MESSAGES["not_awaiting_acceptance"])
    assert messages_of(response) == [("error", expected)]
    assert escape(expected) in response.content.decode()
    assert actions_of(liangzhou_case).count("accept") == 1


def test_refusing_needs_a_listed_reason(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    response = act(client, liangzhou_case, "refuse", reason_code="because")
    assert [tag for tag, _ in messages_of(response)] == ["error"]
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "WITH_REGULATOR"
    act(client, liangzhou_case, "refuse", reason_code="time_barred", note="2019年购买")
    liangzhou_case.refresh_from_db()
    assert (liangzhou_case.status, liangzhou_case.outcome, liangzhou_case.outcome_reason) == (
        "CLOSED", "refused", "time_barred")
    assert liangzhou_case.events.order_by("-id").first().note == "2019年购买"


def test_a_case_is_assigned_to_a_regulator_of_its_county_or_city_only(
        client, liangzhou_case, county_regulator, city_regulator, other_regulator):
    login(client, city_regulator)
    act(client, liangzhou_case, "assign", staff=str(county_regulator.user.pk))
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.assigned_to == county_regulator.user
    response = act(client, liangzhou_case, "assign", staff=str(other_regulator.user.pk))
    assert [tag for tag, _ in messages_of(response)] == ["error"]
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.assigned_to == county_regulator.user
    html = client.get(f"/console/case/{liangzhou_case.tracking_number}/").content.decode()
    assert f'value="{city_regulator.user.pk}"' in html
    assert f'value="{other_regulator.user.pk}"' not in html


def test_the_mediation_clock_is_paused_and_resumed(client, county_regulator):
    complaint = file_case(state=MEDIATING)
    login(client, county_regulator)
    response = act(client, complaint, "pause_clock", reason="送检测机构检测压缩机")
    complaint.refresh_from_db()
    assert complaint.clock_paused_since == timezone.localdate()
    html = response.content.decode()
    assert 'id="resume-form"' in html and 'id="pause-form"' not in html
    response = act(client, complaint, "pause_clock", reason="again")
    assert [tag for tag, _ in messages_of(response)] == ["error"]
    act(client, complaint, "resume_clock")
    complaint.refresh_from_db()
    assert complaint.clock_paused_since is None
    assert actions_of(complaint)[-2:] == ["pause_clock", "resume_clock"]


def test_an_agreement_is_recorded_and_the_case_closed(client, county_regulator):
    complaint = file_case(state=MEDIATING)
    login(client, county_regulator)
    response = act(client, complaint, "record_agreement", terms="商场为消费者换新冰箱",
                   perform_by="not a date")
    assert [tag for tag, _ in messages_of(response)] == ["error"]
    act(client, complaint, "record_agreement", terms="商场为消费者换新冰箱",
        perform_by=in_days(7).isoformat())
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.performance_due_date) == (
        "CLOSED", "agreement", in_days(7))
    assert complaint.outcome_terms == "商场为消费者换新冰箱"


def test_mediation_is_ended_with_a_reason(client, county_regulator):
    complaint = file_case(state=MEDIATING)
    login(client, county_regulator)
    response = act(client, complaint, "end_mediation", reason_code="party_absent")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.outcome_reason) == (
        "CLOSED", "mediation_ended", "party_absent")
    assert 'id="notify-termination-form"' in response.content.decode()
    act(client, complaint, "notify_termination")
    complaint.refresh_from_db()
    assert complaint.termination_notified_at is not None


def test_the_report_is_extended_once_and_decided(client, county_regulator):
    complaint = file_case(report_kind="fake_outlet", report_real_name=True,
                          report_facts="该维修点冒充品牌官方售后收取高额上门费")
    login(client, county_regulator)
    response = act(client, complaint, "report_extend", approved_by="", reason="需要调取通话记录")
    assert [tag for tag, _ in messages_of(response)] == ["error"]
    act(client, complaint, "report_extend", approved_by="王局长", reason="需要调取通话记录")
    report = ReportPart.objects.get(complaint=complaint)
    assert (report.extension_approved_by, report.extended_at is not None) == ("王局长", True)
    response = act(client, complaint, "report_extend", approved_by="王局长", reason="再次")
    assert 'id="report-extend-form"' not in response.content.decode()
    act(client, complaint, "report_decide", open_case="yes", reason="证据充分，立案调查")
    report.refresh_from_db()
    assert (report.status, report.decided_by) == ("CASE_OPENED", county_regulator.user.username)
    act(client, complaint, "reporter_notified")
    report.refresh_from_db()
    assert report.reporter_notified_at is not None


def bulk(client, complaints, **form):
    data = {"ids": [str(c.pk) for c in complaints], "next": "/console/?status=all", **form}
    return client.post("/console/bulk/", data)


def test_bulk_accept_lists_done_and_refused_with_reasons(client, county_regulator, minqin_case):
    first, second = file_case(), file_case()
    mediating = file_case(state=MEDIATING)
    login(client, county_regulator)
    response = bulk(client, [first, second, mediating, minqin_case], decision="accept")
    html = response.content.decode()
    done = re.search(r'id="bulk-done".*?</section>', html, re.S).group(0)
    refused = re.search(r'id="bulk-refused".*?</section>', html, re.S).group(0)
    assert first.tracking_number in done and second.tracking_number in done
    assert mediating.tracking_number in refused
    with override("zh-hans"):
        assert escape(str(REFUSAL_MESSAGES["not_awaiting_acceptance"])) in refused
        assert escape(str(REFUSAL_MESSAGES["not_found"])) in refused
    assert minqin_case.tracking_number not in html, "another county's case stays unknown"
    statuses = dict(Complaint.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == "IN_MEDIATION"
    assert statuses[minqin_case.pk] == "WITH_REGULATOR"


def test_bulk_refuse_needs_a_reason_and_then_closes_each(client, county_regulator):
    first, second = file_case(), file_case()
    login(client, county_regulator)
    response = bulk(client, [first, second], decision="refuse")
    assert response.status_code == 302 and response["Location"] == "/console/?status=all"
    assert set(Complaint.objects.values_list("status", flat=True)) == {"WITH_REGULATOR"}
    response = bulk(client, [first, second], decision="refuse", reason_code="outside_duties")
    assert response.status_code == 200
    assert set(Complaint.objects.values_list("outcome_reason", flat=True)) == {"outside_duties"}


def test_bulk_without_ticks_or_decision_does_nothing(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    assert bulk(client, [], decision="accept").status_code == 302
    assert bulk(client, [liangzhou_case]).status_code == 302
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "WITH_REGULATOR"


def test_bulk_is_for_regulators_only(client, liangzhou_case, outsider):
    assert bulk(client, [liangzhou_case], decision="accept").status_code == 302
    login(client, outsider)
    assert bulk(client, [liangzhou_case], decision="accept").status_code == 403
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "WITH_REGULATOR"


def test_another_countys_regulator_cannot_bulk_decide_our_cases(client, liangzhou_case,
                                                                other_regulator):
    login(client, other_regulator)
    html = bulk(client, [liangzhou_case], decision="accept").content.decode()
    assert liangzhou_case.tracking_number not in html
    liangzhou_case.refresh_from_db()
    assert liangzhou_case.status == "WITH_REGULATOR"
