"""`make serve` for real: tools/serve.py with gunicorn, an RQ worker and the scheduler.

The supervisor runs as `make serve` runs it (migrate, collectstatic, then its processes) against
the test database and this session's Redis database, in production settings (DEBUG off). A
complaint filed over HTTP is notified by the worker; a static file comes from WhiteNoise under its
hashed name; the security headers are on; SIGTERM stops every process the supervisor started.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from complaints.models import Complaint, Notification
from service_net.bench.server.process import database_url
from tests.api.test_complaints_api import body as complaint_body
from tests.integration.filing_support import entitlement_tables  # noqa: F401
from tests.integration.stack_support import (
    BASE_DIR,
    answers,
    free_port,
    process_tree,
    production_env,
    request,
    running,
)
from tests.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("entitlement_tables")]

START_TIMEOUT_S = 150


@dataclass
class Stack:
    process: subprocess.Popen
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def stack(tmp_path, redis_conn):
    port = free_port()
    env = production_env(DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL, BIND=f"127.0.0.1:{port}",
                         STATIC_ROOT=str(tmp_path / "static"), EVIDENCE_ROOT=str(tmp_path / "evidence"),
                         WEB_CONCURRENCY="2", RQ_WORKERS="1", SERVE_STOP_TIMEOUT="20")
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "tools/serve.py"], cwd=BASE_DIR, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    stack = Stack(process, port, log)
    started = set()
    try:
        wait_until(lambda: process.poll() is not None or answers(port), timeout=START_TIMEOUT_S,
                   what="the stack answers /healthz")
        assert process.poll() is None, stack.output()[-3000:]
        started = process_tree(process.pid)
        yield stack
    finally:
        leftovers = started | process_tree(process.pid)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        for pid in leftovers:  # only if the test failed half-way: never leave servers behind
            if running(pid):
                signal_quietly(pid)


def signal_quietly(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_serve_files_a_complaint_notifies_serves_hashed_static_and_stops_every_process(stack):
    filed = request(stack.port, "POST", "/api/v1/complaints", complaint_body(consumer_phone="13893512345"))
    assert filed.status == 201, filed.body[:2000]
    tracking = filed.json()["tracking_number"]
    complaint = Complaint.objects.get(tracking_number=tracking)

    # The worker sends the consumer's SMS (console backend: the phone masked in its output).
    sms = wait_until(lambda: Notification.objects.filter(complaint=complaint, channel="sms",
                                                         status=Notification.Status.SENT).first(),
                     timeout=60, what="the worker sent the consumer's SMS")
    assert sms.sent_at is not None
    wait_until(lambda: "SMS to " in stack.output(), timeout=10, what="the SMS in the worker's output")
    output = stack.output()
    assert re.search(r"^worker-1\s+\| SMS to ", output, re.M), output[-3000:]
    for personal in ("13893512345", "李四", "文庙路"):  # personal data is never logged
        assert personal not in output

    # A page: production headers, and its stylesheet under a hashed name.
    page = request(stack.port, "GET", "/verify/")
    assert page.status == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "secure" not in page.headers.get("set-cookie", "").lower()  # SANBAO_TLS unset: plain HTTP works
    stylesheet = re.search(r'href="(/static/sanbao\.[0-9a-f]{12}\.css)"', page.body.decode())
    assert stylesheet, "the page links the hashed stylesheet"
    css = request(stack.port, "GET", stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    assert "immutable" in css.headers["cache-control"] and css.headers.get("content-encoding") == "gzip"
    assert request(stack.port, "GET", "/static/sanbao.css").status == 200  # the plain name still works

    # SIGTERM: every process the supervisor started (gunicorn's workers, the RQ worker's scheduler
    # process included) is gone when it exits, and it exits cleanly.
    children = process_tree(stack.process.pid)
    assert len(children) >= 5, children  # gunicorn master + 2 workers, rqworker, rqcron
    stack.process.send_signal(signal.SIGTERM)
    assert stack.process.wait(timeout=60) == 0, stack.output()[-3000:]
    wait_until(lambda: not any(running(pid) for pid in children), timeout=10,
               what=f"every child exited: {[pid for pid in children if running(pid)]}")
    assert "serve | stopped" in stack.output()


def test_serve_stops_everything_and_fails_when_one_process_dies(tmp_path, redis_conn):
    """An RQ worker killed from outside: the supervisor stops the scheduler and exits non-zero, so
    the node's process manager restarts the whole set instead of leaving it half-running."""
    env = production_env(DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL, WEB_CONCURRENCY="0",
                         RQ_WORKERS="1", STATIC_ROOT=str(tmp_path / "static"))
    with open(tmp_path / "serve.log", "wb") as out:
        process = subprocess.Popen([sys.executable, "tools/serve.py", "--no-prepare"], cwd=BASE_DIR, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    stack = Stack(process, 0, tmp_path / "serve.log")
    children: set[int] = set()
    try:
        wait_until(lambda: "Listening on default, low" in stack.output() and "starting" in stack.output(),
                   timeout=60, what="the worker and the scheduler started")
        worker = int(re.search(r"started worker-1 \(pid (\d+)\)", stack.output()).group(1))
        children = process_tree(process.pid)
        os.kill(worker, signal.SIGKILL)
        assert process.wait(timeout=60) == 1, stack.output()[-3000:]
        wait_until(lambda: not any(running(pid) for pid in children), timeout=10, what="every child exited")
        assert "worker-1 exited with -9: stopping everything" in stack.output()
    finally:
        leftovers = children | process_tree(process.pid)
        if process.poll() is None:
            process.kill()
        for pid in leftovers:
            if running(pid):
                signal_quietly(pid)
