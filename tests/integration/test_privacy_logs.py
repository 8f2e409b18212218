"""Personal data is never logged (issue 8): the main flows run with every logger of ours and
Django's at DEBUG, then a real RQ worker sends the notifications with the console SMS and e-mail
backends; nothing captured — log records, tracebacks, django.request lines on 4xx, the test
process's own output, the worker's stdout and stderr — holds a test consumer's phone (in any of
the forms it was typed), name or street address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from complaints.models import Complaint, Notification
from complaints.services.workflow import (
    Actor,
    complaint_accept,
    complaint_assign,
    complaint_clock_pause,
    complaint_clock_resume,
    complaint_end_mediation,
    complaint_record_agreement,
    complaint_refuse,
    report_decide,
)
from config.models import OutboxJob
from service_net.models import FraudObservation
from tests.integration.business_support import odr_enroll
from tests.integration.filing_support import (  # noqa: F401
    entitlement_tables,
    evidence_root,
    png_bytes,
    upload,
)
from tests.integration.privacy_log_support import (
    LI,
    SHOP,
    WANG,
    ZHANG,
    Consumer,
    body,
    captured_records,
    found_in,
    run_worker,
    set_debug_levels,
)

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("gazetteer", "entitlement_tables", "evidence_root")]
def file_by_api(api, consumer: Consumer, **overrides) -> str:
    response = api.post("/api/v1/complaints", body(consumer, **overrides))
    assert response.status_code == 201, response.content
    return response.json()["tracking_number"]


def file_by_form(client, consumer: Consumer) -> str:
    fields = {**body(consumer, **SHOP), "action": "submit", "report_real_name": "no",
              "evidence_invoice": upload(f"发票_{consumer.name}.png", png_bytes())}
    fields.pop("report")
    response = client.post("/complaints/file/", fields)
    assert response.status_code == 302, response.content.decode()[:300]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def refused_inputs(client, api) -> None:
    """Bad input that carries the phones: the API's 422 and the form shown again."""
    assert api.post("/api/v1/complaints", body(LI, facts="", purchase_date="2026-13-45")
                    ).status_code == 422
    assert api.post("/api/v1/complaints", body(WANG, consumer_name="")).status_code == 422
    page = client.post("/complaints/file/", {**body(ZHANG), "report": "", "action": "submit",
                                             "fault_date": "昨天"})
    assert page.status_code == 200 and b"field-error" in page.content


def track(client, api, tracking: str, consumer: Consumer) -> None:
    wrong = client.post("/complaints/track/", {"tracking": tracking, "phone": "13000000000"})
    assert wrong.status_code == 404  # django.request logs it
    assert client.post("/complaints/track/", {"tracking": tracking,
                                              "phone": consumer.phone}).status_code == 302
    url = f"/api/v1/complaints/{tracking}"
    assert api.client.get(url, HTTP_X_CONSUMER_PHONE=consumer.digits).status_code == 200
    assert api.client.get(url, HTTP_X_CONSUMER_PHONE=LI.phone).status_code == 404


def consumer_moves(client, api, tracking: str, consumer: Consumer) -> None:
    page = client.post(f"/complaints/case/{tracking}/information/",
                       {"text": f"补充：我的电话{consumer.phone}，地址{consumer.street}",
                        "kind": "photo", "files": upload(f"{consumer.name}.png", png_bytes())})
    assert page.status_code == 302
    evidence = api.client.post(f"/api/v1/complaints/{tracking}/evidence",
                               {"files": upload("nameplate.png", png_bytes()),
                                "kind": "nameplate", "phone": consumer.phone})
    assert evidence.status_code == 201, evidence.content


def business_answers(api, key: str, tracking: str, kind: str = "offer") -> None:
    answer = {"kind": kind, "remedy": "repair", "terms": "上门维修",
              "perform_by": (timezone.localdate() + timedelta(days=5)).isoformat()}
    response = api.post(f"/api/v1/business/complaints/{tracking}/respond", answer, key=key)
    assert response.status_code == 200, response.content
    assert api.get("/api/v1/business/complaints", key=key).status_code == 200


def consumer_api(api, tracking: str, move: str, consumer: Consumer, **fields) -> None:
    response = api.post(f"/api/v1/complaints/{tracking}/{move}", {"phone": consumer.phone, **fields})
    assert response.status_code == 200, response.content


def regulator_moves(tracking: str, actor: Actor, staff) -> None:
    complaint = Complaint.objects.get(tracking_number=tracking)
    now = timezone.now()
    complaint_assign(complaint, staff_user=staff, actor=actor, at=now)
    complaint_accept(complaint, actor=actor, at=now)
    complaint_clock_pause(complaint, reason="送检", actor=actor, at=now)
    complaint_clock_resume(complaint, actor=actor, at=now)
    complaint_record_agreement(complaint, terms="更换新机", actor=actor, at=now,
                               perform_by=timezone.localdate() + timedelta(days=7))
    report_decide(complaint.report_part, open_case=True, reason="立案", actor=actor, at=now)


def verify_lookups(client, api) -> None:
    """Someone checks the consumers' own numbers (verify records each as an observation)."""
    assert api.get("/api/v1/outlets/verify", {"phone": ZHANG.phone, "brand": "品牌甲"}
                   ).status_code == 200
    assert client.get("/verify/", {"phone": LI.phone, "brand": "品牌甲"}).status_code == 200
    assert api.get("/api/v1/outlets/verify", {"phone": WANG.phone}).status_code == 200


def export_and_erase(client, api, settings, opened: str, withdrawn: str, still_open: str) -> None:
    assert client.get(f"/complaints/case/{opened}/my-data.json").status_code == 200
    mine = api.client.get(f"/api/v1/complaints/{withdrawn}/my-data",
                          HTTP_X_CONSUMER_PHONE=LI.phone)
    assert mine.status_code == 200 and mine.json()["consumer"]["name"] == LI.name
    early = api.post(f"/api/v1/complaints/{still_open}/erase-personal-data", {"phone": ZHANG.phone})
    assert early.status_code == 409  # django.request logs the 409
    settings.COMPLAINT_RETENTION_DAYS = 0
    erased = api.post(f"/api/v1/complaints/{withdrawn}/erase-personal-data", {"phone": LI.phone})
    assert erased.status_code == 200, erased.content


def test_no_phone_name_or_street_in_any_log_or_output(
        client, api, settings, caplog, capfd, redis_conn, manufacturer_admin, manufacturer_staff,
        county_regulator, other_regulator):
    set_debug_levels(caplog)
    manufacturer, key = manufacturer_admin
    odr_enroll(manufacturer)
    for user, email in ((manufacturer_staff.user, "service@brand-a.example"),
                        (county_regulator.user, "amr@liangzhou.example")):
        user.email = email
        user.save(update_fields=["email"])
    regulator = Actor("regulator", county_regulator.user.username)

    first = file_by_api(api, ZHANG)  # ODR: with the business
    settled = file_by_api(api, LI)
    escalated = file_by_api(api, WANG)
    withdrawn = file_by_api(api, LI, skip_business=True)
    by_form = file_by_form(client, WANG)  # a shop: with the regulator
    refused_inputs(client, api)

    track(client, api, first, ZHANG)
    consumer_moves(client, api, first, ZHANG)
    business_answers(api, key, first)
    consumer_api(api, first, "decline", ZHANG, reason=f"{ZHANG.name}要换货")
    regulator_moves(first, regulator, county_regulator.user)
    assert api.post(f"/api/v1/business/complaints/{first}/performed", key=key).status_code == 200
    business_answers(api, key, settled, kind="accept")
    consumer_api(api, settled, "confirm", LI, note=f"谢谢，{LI.name}")
    consumer_api(api, escalated, "escalate", WANG, reason=f"住{WANG.street}，等不及")
    complaint_refuse(Complaint.objects.get(tracking_number=escalated), reason_code="outside_area",
                     note="转民勤县", actor=regulator, at=timezone.now())
    consumer_api(api, withdrawn, "withdraw", LI, reason=f"{LI.name}已和解")
    form_case = Complaint.objects.get(tracking_number=by_form)
    complaint_accept(form_case, actor=regulator, at=timezone.now())
    complaint_end_mediation(form_case, reason_code="party_refused", note="企业拒绝",
                            actor=regulator, at=timezone.now())
    client.force_login(other_regulator.user)
    assert client.get(f"/console/case/{first}/").status_code == 404
    client.logout()

    verify_lookups(client, api)
    track(client, api, first, ZHANG)  # this browser opens ZHANG's case again for the export
    still_open = file_by_api(api, ZHANG, skip_business=True)
    export_and_erase(client, api, settings, first, withdrawn, still_open)

    worker = run_worker()
    assert worker.returncode == 0, worker.stderr[-3000:]
    own_output = capfd.readouterr()

    # The flows really ran and were really captured.
    sent = Notification.objects.filter(status=Notification.Status.SENT)
    assert sent.filter(channel="sms").count() >= 8 and sent.filter(channel="email").count() >= 8
    unsent = Notification.objects.exclude(status=Notification.Status.SENT)
    assert set(unsent.values_list("complaint__tracking_number", "last_error")) <= {
        (withdrawn, "PermanentSendError: no_phone")}, "only to the erased consumer: no number left"
    assert "SMS to 138****2345" in worker.stdout and "Subject:" in worker.stdout
    assert FraudObservation.objects.filter(source="lookup").count() == 3
    records = captured_records(caplog)
    assert f"complaint {first} filed" in records and "Not Found: /complaints/track/" in records
    assert "Conflict: /api/v1/complaints/" in records

    assert found_in(records) == [], "log records"
    assert found_in(own_output.out + own_output.err) == [], "the test process's output"
    assert found_in(worker.stdout) == [], "the worker's stdout (SMS, e-mail, logs)"
    assert found_in(worker.stderr) == [], "the worker's stderr"
    job_calls = " ".join(f"{j.func} {j.args} {j.kwargs} {j.last_error}"
                         for j in OutboxJob.objects.all())
    assert found_in(job_calls) == [], "queued jobs take ids, never the number looked up"
