"""Notifications: an outbox of rows sent by RQ jobs after commit, once, retried on transient faults.

Real PostgreSQL, real Redis (db of REDIS_URL) and a real RQ worker in this process (SimpleWorker,
so the in-memory SMS and e-mail outboxes are this process's).
"""

from __future__ import annotations

import io
import smtplib
import threading
from datetime import timedelta

import django_rq
import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from rq.worker import SimpleWorker

from complaints.models import Complaint, Notification
from complaints.notify import PermanentSendError, TransientSendError
from complaints.notify.sms import ConsoleSmsBackend, SmsBackend
from complaints.rules import workflow
from complaints.rules.tracking import tracking_number_display
from complaints.services.filing import Actor
from complaints.services.notifications import notifications_unstick, notify
from complaints.services.workflow import complaint_withdraw
from complaints.tasks_notify import notification_send_job
from tests.integration.business_support import file_against, odr_enroll
from tests.integration.concurrency_support import run_at_once
from tests.integration.filing_support import CONSUMER_NAME, CONSUMER_PHONE

pytestmark = pytest.mark.django_db(transaction=True)
STAFF_EMAIL = "service@brand-a.example"
REGULATOR_EMAIL = "amr@liangzhou.example"


def run_jobs() -> None:
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)


def consumer_row(complaint) -> Notification:
    return Notification.objects.get(complaint=complaint, recipient_kind="consumer")


@pytest.fixture
def brand_a(manufacturer_admin, manufacturer_staff):
    """Brand A's manufacturer, enrolled in ODR, with a console account that has an e-mail."""
    manufacturer = manufacturer_admin[0]
    odr_enroll(manufacturer)
    manufacturer_staff.user.email = STAFF_EMAIL
    manufacturer_staff.user.save(update_fields=["email"])
    return manufacturer


@pytest.fixture
def regulator(county_regulator):
    county_regulator.user.email = REGULATOR_EMAIL
    county_regulator.user.save(update_fields=["email"])
    return county_regulator


def test_a_new_complaint_tells_the_consumer_by_sms_and_the_business_by_email(
        redis_conn, sms, mailoutbox, brand_a):
    complaint = file_against()
    rows = Notification.objects.filter(complaint=complaint)
    assert sorted((r.event, r.recipient_kind, r.channel, r.status) for r in rows) == [
        ("complaint_received", "business", "email", "pending"),
        ("complaint_received", "consumer", "sms", "pending")]
    run_jobs()
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    assert [m.phone for m in sms] == [CONSUMER_PHONE]
    display = tracking_number_display(complaint.tracking_number)
    assert sms[0].text.startswith("【三包】") and display in sms[0].text
    assert "/complaints/track/" in sms[0].text and "10个工作日" in sms[0].text
    [mail] = mailoutbox
    assert mail.to == [STAFF_EMAIL] and display in mail.subject
    assert mail.body.index("已转贵单位处理") < mail.body.index("has been sent to you")
    assert f"/business/complaints/{complaint.tracking_number}/" in mail.body
    assert CONSUMER_NAME not in mail.body + mail.subject and CONSUMER_PHONE not in mail.body


def test_no_row_holds_personal_data(redis_conn, sms, brand_a):
    complaint = file_against()
    run_jobs()
    for row in Notification.objects.filter(complaint=complaint):
        stored = f"{row.key} {row.recipient_ref} {row.data} {row.last_error}"
        for personal in (CONSUMER_PHONE, CONSUMER_NAME, STAFF_EMAIL, complaint.consumer_address):
            assert personal not in stored


def test_the_same_event_notified_twice_is_queued_and_sent_once(redis_conn, sms, brand_a):
    complaint = file_against()
    run_jobs()
    sms.clear()
    for _ in range(2):
        with transaction.atomic():
            notify(event="business_responded", complaint=complaint, at=timezone.now())
    assert Notification.objects.filter(event="business_responded").count() == 1
    assert django_rq.get_queue("default").count == 1
    run_jobs()
    assert len(sms) == 1


def test_a_job_run_twice_sends_once(redis_conn, sms, brand_a):
    complaint = file_against()
    run_jobs()
    assert notification_send_job(consumer_row(complaint).pk) == "skipped"
    assert len(sms) == 1 and consumer_row(complaint).attempts == 1


class GateSmsBackend(SmsBackend):
    """Holds the first send open until released, so a second job runs while it is sending."""

    entered = threading.Event()
    release = threading.Event()
    sent: list[str] = []

    def send(self, *, phone: str, text: str) -> None:
        type(self).entered.set()
        assert type(self).release.wait(60), "the test never released the gate"
        type(self).sent.append(phone)


def test_two_jobs_at_once_send_once(redis_conn, settings, brand_a):
    settings.SMS_BACKEND = f"{__name__}.GateSmsBackend"
    GateSmsBackend.entered.clear(), GateSmsBackend.release.clear(), GateSmsBackend.sent.clear()
    row = consumer_row(file_against())
    results = {}

    def first():
        try:
            results["first"] = notification_send_job(row.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert GateSmsBackend.entered.wait(60)
        results["second"] = notification_send_job(row.pk)  # the first is mid-send
    finally:
        GateSmsBackend.release.set()
        thread.join(60)
    assert results == {"first": "sent", "second": "skipped"}
    assert GateSmsBackend.sent == [CONSUMER_PHONE]


class FlakySmsBackend(SmsBackend):
    failures_left = 0
    sent: list[str] = []

    def send(self, *, phone: str, text: str) -> None:
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            raise TransientSendError(f"gateway busy sending to {phone}")
        type(self).sent.append(phone)


@pytest.fixture
def flaky_sms(settings):
    settings.SMS_BACKEND = f"{__name__}.FlakySmsBackend"
    settings.NOTIFY_RETRY_INTERVALS = [0]  # retry at once: no scheduler needed in the test
    FlakySmsBackend.sent.clear()
    return FlakySmsBackend


def test_a_transient_fault_is_retried_by_rq_until_sent(redis_conn, flaky_sms, brand_a):
    flaky_sms.failures_left = 2
    complaint = file_against()
    run_jobs()
    row = consumer_row(complaint)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, "")
    assert flaky_sms.sent == [CONSUMER_PHONE]


def test_after_the_last_attempt_the_row_is_failed_without_personal_data(redis_conn, flaky_sms,
                                                                        brand_a):
    flaky_sms.failures_left = 99
    complaint = file_against()
    run_jobs()
    row = consumer_row(complaint)
    assert (row.status, row.attempts, row.last_error) == ("failed", 4, "TransientSendError")
    assert flaky_sms.sent == [] and django_rq.get_queue("default").count == 0


class FlakyEmailBackend(BaseEmailBackend):
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise smtplib.SMTPServerDisconnected("lost the connection to mail.example")
        return len(messages)


def test_an_smtp_fault_is_transient(redis_conn, sms, settings, brand_a):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyEmailBackend"
    settings.NOTIFY_RETRY_INTERVALS = [0]
    FlakyEmailBackend.calls = 0
    complaint = file_against()
    run_jobs()
    row = Notification.objects.get(complaint=complaint, recipient_kind="business")
    assert (row.status, row.attempts, FlakyEmailBackend.calls) == ("sent", 2, 2)


def test_a_recipient_without_an_address_fails_at_once_and_is_not_retried(
        redis_conn, sms, mailoutbox, brand_a, manufacturer_staff):
    with transaction.atomic():
        complaint = file_against()
        manufacturer_staff.user.email = ""
        manufacturer_staff.user.save(update_fields=["email"])
    run_jobs()
    row = Notification.objects.get(complaint=complaint, recipient_kind="business")
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error == "PermanentSendError: no_email"
    assert mailoutbox == [] and len(sms) == 1


def _regulator_actor(profile) -> Actor:
    return Actor(workflow.REGULATOR, profile.user.get_username())


def test_sending_the_closure_notice_stops_the_termination_clock(redis_conn, sms, regulator,
                                                                 manufacturer_admin):
    from complaints.services.workflow.regulator import complaint_accept, complaint_record_agreement

    complaint = file_against()  # brand A not enrolled in ODR: straight to the regulator
    assert complaint.status == workflow.WITH_REGULATOR
    actor = _regulator_actor(regulator)
    complaint_accept(complaint, actor=actor, at=timezone.now())
    complaint_record_agreement(complaint, terms="七日内更换", actor=actor, at=timezone.now(),
                               perform_by=timezone.localdate() + timedelta(days=7))
    assert Complaint.objects.get(pk=complaint.pk).termination_notified_at is None
    run_jobs()
    complaint.refresh_from_db()
    assert complaint.termination_notified_at is not None
    assert complaint.due_clock != "termination_notice"
    assert complaint.events.filter(action__endswith=workflow.NOTIFY_TERMINATION).count() == 1
    assert "调解已终结" in sms[-1].text and "达成调解协议" in sms[-1].text


def test_telling_a_real_name_reporter_records_the_notice(redis_conn, sms, regulator,
                                                         manufacturer_admin):
    from complaints.services.workflow.report import report_decide

    complaint = file_against(report_kind="fake_outlet", report_real_name=True,
                             report_facts="网上搜到的冒充品牌授权售后电话，上门乱收费")
    run_jobs()
    report_decide(complaint.report_part, open_case=True, reason="线索属实",
                  actor=_regulator_actor(regulator), at=timezone.now())
    run_jobs()
    complaint.report_part.refresh_from_db()
    assert complaint.report_part.reporter_notified_at is not None
    assert "已立案" in sms[-1].text


@override_settings(REDIS_URL="")
def test_without_redis_the_message_is_sent_inline_after_commit(sms, brand_a):
    complaint = file_against()
    assert consumer_row(complaint).status == "sent"
    assert [m.phone for m in sms] == [CONSUMER_PHONE]


@pytest.mark.django_db
def test_a_report_deadline_reminder_goes_to_the_regulator_even_in_odr(brand_a, regulator):
    complaint = file_against()
    assert complaint.status == workflow.WITH_BUSINESS
    notify(event="deadline_reminder", complaint=complaint, at=timezone.now(),
           key=f"reminder:{complaint.pk}:report_verification:2026-12-01",
           data={"clock": "report_verification", "due_date": "2026-12-01"})
    notify(event="deadline_reminder", complaint=complaint, at=timezone.now(),
           key=f"reminder:{complaint.pk}:odr_settlement:2026-12-02",
           data={"clock": "odr_settlement", "due_date": "2026-12-02"})
    reminders = Notification.objects.filter(event="deadline_reminder")
    assert sorted(reminders.values_list("key", "recipient_kind")) == [
        (f"reminder:{complaint.pk}:odr_settlement:2026-12-02|business:user:"
         f"{brand_a.staff.get().user_id}|email", "business"),
        (f"reminder:{complaint.pk}:report_verification:2026-12-01|regulator:user:"
         f"{regulator.user_id}|email", "regulator")]


@pytest.mark.django_db
def test_without_a_county_account_the_city_regulator_is_told(manufacturer_admin, city_regulator):
    city_regulator.user.email = "amr@wuwei.example"
    city_regulator.user.save(update_fields=["email"])
    complaint = file_against()
    rows = Notification.objects.filter(complaint=complaint, recipient_kind="regulator")
    assert list(rows.values_list("recipient_ref", flat=True)) == [
        f"user:{city_regulator.user_id}"]


@pytest.mark.django_db
def test_the_console_sms_backend_prints_the_phone_masked():
    out = io.StringIO()
    ConsoleSmsBackend(stream=out).send(phone=CONSUMER_PHONE, text="【三包】测试")
    assert out.getvalue() == "SMS to 138****2345: 【三包】测试\n"


# --- withdrawal, a worker that died mid-send, a gateway that quotes the number ---


def test_a_withdrawal_tells_the_business_that_held_the_complaint(redis_conn, sms, mailoutbox,
                                                                 brand_a, regulator):
    complaint = file_against()
    run_jobs()
    complaint_withdraw(complaint, reason="已和商家私下解决", at=timezone.now())
    rows = Notification.objects.filter(complaint=complaint, event="withdrawn")
    assert list(rows.values_list("recipient_kind", "channel")) == [("business", "email")]
    assert rows.get().data == {"party": "business"}  # not the consumer's reason
    run_jobs()
    mail = mailoutbox[-1]
    assert mail.to == [STAFF_EMAIL] and "消费者已撤回投诉" in mail.body
    assert "私下解决" not in mail.body


@pytest.mark.django_db
def test_a_withdrawal_tells_the_regulator_when_the_regulator_held_it(manufacturer_admin,
                                                                     regulator):
    complaint = file_against()  # brand A not enrolled in ODR: with the regulator
    complaint_withdraw(complaint, reason="不想投诉了", at=timezone.now())
    assert list(Notification.objects.filter(complaint=complaint, event="withdrawn").values_list(
        "recipient_kind", "recipient_ref")) == [("regulator", f"user:{regulator.user_id}")]


def _stuck(row, *, minutes: int, attempts: int = 1) -> None:
    """A worker claimed `row` `minutes` ago and died before finishing."""
    Notification.objects.filter(pk=row.pk).update(
        status="sending", attempts=attempts,
        claimed_at=timezone.now() - timedelta(minutes=minutes))


def test_a_row_left_sending_by_a_dead_worker_is_queued_again_once_by_concurrent_sweeps(
        redis_conn, sms, brand_a):
    from complaints import tasks

    complaint = file_against()
    django_rq.get_queue("default").empty()  # the workers that took these jobs died
    dead = consumer_row(complaint)
    busy = Notification.objects.get(complaint=complaint, recipient_kind="business")
    _stuck(dead, minutes=11)
    _stuck(busy, minutes=9)  # may still be sending: left alone
    failures = run_at_once(tasks.deadline_sweep_job)  # two schedulers by mistake
    assert failures == [] and django_rq.get_queue("default").count == 1
    assert notifications_unstick(at=timezone.now()) == []
    run_jobs()
    dead.refresh_from_db()
    assert (dead.status, dead.attempts, dead.last_error) == ("sent", 2, "")
    assert dead.claimed_at > timezone.now() - timedelta(minutes=1)
    assert [m.phone for m in sms] == [CONSUMER_PHONE]
    assert Notification.objects.get(pk=busy.pk).status == "sending"


@pytest.mark.django_db
def test_a_row_stuck_after_its_last_attempt_is_failed_not_queued(brand_a, redis_conn):
    row = consumer_row(file_against())
    _stuck(row, minutes=30, attempts=4)
    assert notifications_unstick(at=timezone.now()) == []
    row.refresh_from_db()
    assert (row.status, row.last_error) == ("failed", "stuck_in_sending")


class QuotingSmsBackend(SmsBackend):
    """A gateway whose refusal quotes the number."""

    def send(self, *, phone: str, text: str) -> None:
        raise PermanentSendError(f"number {phone} refused by the gateway")


def test_a_gateways_own_words_are_not_stored_as_they_may_quote_the_number(redis_conn, settings,
                                                                         brand_a):
    settings.SMS_BACKEND = f"{__name__}.QuotingSmsBackend"
    complaint = file_against()
    run_jobs()
    row = consumer_row(complaint)
    assert (row.status, row.last_error) == ("failed", "PermanentSendError")
