"""The console's case view: everything the regulator needs, for the regulators with jurisdiction
only; another county's case is a 404 on the page and on every action, like a missing one."""

from __future__ import annotations

import pytest
from django.utils import timezone

from complaints.models import ReportPart
from complaints.services import Upload
from complaints.services.workflow import complaint_business_respond
from tests.integration.console_support import file_case, in_days, login
from tests.integration.filing_support import (  # noqa: F401
    CONSUMER_NAME,
    entitlement_tables,
    evidence_root,
    png_bytes,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entitlement_tables", "evidence_root")]
ACTIONS = ("accept", "refuse", "assign", "pause_clock", "resume_clock", "record_agreement",
           "end_mediation", "notify_termination", "report_extend", "report_decide",
           "reporter_notified")
REPORT_FACTS = "该维修点冒充品牌官方售后收取高额上门费"


def case_url(complaint, action: str = "") -> str:
    return f"/console/case/{complaint.tracking_number}/" + (f"{action}/" if action else "")


def test_the_competent_regulator_sees_the_full_case(client, county_regulator):
    complaint = file_case(uploads=(Upload(upload("铭牌.png", png_bytes()), "nameplate"),),
                          state={"vulnerable": True, "due_provisional": True})
    login(client, county_regulator)
    html = client.get(case_url(complaint)).content.decode()
    assert CONSUMER_NAME in html and "138 9351 2345" in html, "personal data in full"
    assert "文庙路12号" in html
    assert 'id="assessment"' in html and 'data-remedy="exchange"' in html
    evidence = complaint.evidence.get()
    assert f"/complaints/case/{complaint.tracking_number}/evidence/{evidence.pk}/" in html
    assert 'data-action="submit"' in html, "the history"
    assert 'data-clock="regulator_acceptance"' in html and 'id="provisional"' in html
    assert in_days(9).isoformat() in html
    assert 'data-signal="vulnerable"' in html
    assert 'id="accept-form"' in html and 'id="refuse-form"' in html


def test_the_regulator_downloads_the_evidence_through_the_existing_checks(
        client, county_regulator, other_regulator):
    complaint = file_case(uploads=(Upload(upload("铭牌.png", png_bytes()), "nameplate"),))
    url = f"/complaints/case/{complaint.tracking_number}/evidence/{complaint.evidence.get().pk}/"
    login(client, county_regulator)
    assert client.get(url).status_code == 200
    client.logout()
    login(client, other_regulator)
    assert client.get(url).status_code == 404


def test_the_city_regulator_sees_a_county_case(client, liangzhou_case, city_regulator):
    login(client, city_regulator)
    assert client.get(case_url(liangzhou_case)).status_code == 200


def test_the_business_answers_are_shown(client, county_regulator, manufacturer_admin):
    manufacturer, _ = manufacturer_admin
    complaint = file_case(state={"status": "WITH_BUSINESS", "respondent_manufacturer": manufacturer,
                                 "odr_started_at": timezone.now(), "odr_outcome": "",
                                 "due_clock": "odr_settlement"})
    from complaints.services.workflow import Actor

    complaint_business_respond(complaint=complaint, manufacturer=manufacturer, kind="offer",
                               remedy="repair", terms="免费更换压缩机", perform_by=in_days(5),
                               actor=Actor("business", str(manufacturer.pk)), at=timezone.now())
    login(client, county_regulator)
    html = client.get(case_url(complaint)).content.decode()
    assert 'data-kind="offer"' in html and "免费更换压缩机" in html
    assert 'id="no-actions"' in html, "while the business has it, the regulator has nothing to do"


def test_the_report_part_shows_its_own_clock_and_decision_forms(client, county_regulator):
    complaint = file_case(report_kind="fake_outlet", report_facts=REPORT_FACTS, report_real_name=True)
    ReportPart.objects.filter(complaint=complaint).update(due_clock="report_verification",
                                                          due_date=in_days(20))
    login(client, county_regulator)
    html = client.get(case_url(complaint)).content.decode()
    assert 'id="report"' in html and 'data-clock="report_verification"' in html
    assert 'id="report-extend-form"' in html and 'id="report-decide-form"' in html


def test_anonymous_visitors_are_sent_to_log_in_for_the_case_and_its_actions(client, liangzhou_case):
    response = client.get(case_url(liangzhou_case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for action in ACTIONS:
        response = client.post(case_url(liangzhou_case, action))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], action


def test_an_account_without_the_role_is_refused_the_case_and_its_actions(
        client, liangzhou_case, outsider):
    login(client, outsider)
    assert client.get(case_url(liangzhou_case)).status_code == 403
    for action in ACTIONS:
        assert client.post(case_url(liangzhou_case, action)).status_code == 403, action


def test_another_countys_regulator_gets_404_on_the_case_and_every_action(
        client, other_regulator):
    complaint = file_case(report_kind="fake_outlet", report_facts=REPORT_FACTS, report_real_name=True,
                          state={"status": "WITH_REGULATOR"})
    before = list(complaint.events.values_list("action", flat=True))
    login(client, other_regulator)
    assert client.get(case_url(complaint)).status_code == 404
    form = {"reason_code": "outside_area", "reason": "检测", "terms": "退货", "approved_by": "局长",
            "perform_by": in_days(3).isoformat(), "open_case": "yes",
            "staff": str(other_regulator.user.pk)}
    for action in ACTIONS:
        assert client.post(case_url(complaint, action), form).status_code == 404, action
    complaint.refresh_from_db()
    assert complaint.status == "WITH_REGULATOR"
    assert list(complaint.events.values_list("action", flat=True)) == before


def test_a_missing_or_malformed_number_is_the_same_404(client, county_regulator):
    login(client, county_regulator)
    assert client.get("/console/case/WW0000000000/").status_code == 404
    assert client.get("/console/case/nonsense/").status_code == 404
    assert client.post("/console/case/nonsense/accept/").status_code == 404


def test_an_unknown_action_is_a_404(client, liangzhou_case, county_regulator):
    login(client, county_regulator)
    assert client.post(case_url(liangzhou_case, "delete")).status_code == 404


def test_the_case_page_does_not_take_posts_nor_actions_gets(client, liangzhou_case,
                                                          county_regulator):
    login(client, county_regulator)
    assert client.post(case_url(liangzhou_case)).status_code == 405
    assert client.get(case_url(liangzhou_case, "accept")).status_code == 405
