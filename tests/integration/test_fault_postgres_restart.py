"""Fault: PostgreSQL restarts under load. Requests fail cleanly, nothing is half-written, and the
app serves again without being restarted.

A throwaway PostgreSQL cluster (pg_cluster_support), migrated and loaded with the reference data;
gunicorn with 2 sync workers against it in production settings; clients filing complaints and
verifying a number (API and page) in a loop. The cluster is restarted (`pg_ctl restart -m fast`),
then stopped, left down until both the API and the pages answered 503, and started again.
Every answer must be 2xx or 503 with Retry-After (no 500, nothing hanging past the client's
timeout); every acknowledged complaint is stored exactly once, none appears that nobody filed,
none lacks its events; gunicorn is the same process at the end.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.conf import settings

from tests.api.test_complaints_api import body as complaint_body
from tests.integration.pg_cluster_support import cluster_create, cluster_remove, why_not_available
from tests.integration.stack_support import BASE_DIR, answers, free_port, production_env, request
from tests.waiting import wait_until

FILE, VERIFY_API, VERIFY_PAGE = "file", "verify_api", "verify_page"
PATHS = {VERIFY_API: "/api/v1/outlets/verify?phone=400-123-4567", VERIFY_PAGE: "/verify/?phone=4001234567"}
CLIENT_TIMEOUT_S = 15.0
PHASE_TIMEOUT_S = 40.0


@pytest.fixture
def fault_database(tmp_path):
    """A migrated database on a cluster of the test's own, with the shipped reference data."""
    reason = why_not_available()
    if reason:
        pytest.skip(reason)
    cluster = cluster_create()
    try:
        with cluster.connect() as conn:
            conn.execute("CREATE DATABASE sanbao_fault")
        env = production_env(DATABASE_URL=cluster.url("sanbao_fault"), REDIS_URL=settings.REDIS_URL,
                             EVIDENCE_ROOT=str(tmp_path / "evidence"), STATIC_ROOT=str(tmp_path / "static"),
                             DB_CONN_MAX_AGE="60", RATE_LIMITS_ENABLED="0")  # one client, many requests
        load_reference = "from tests.conftest import _reference_data_load; _reference_data_load()"
        for step in (["migrate", "--noinput", "-v0"], ["shell", "-v0", "-c", load_reference],
                     ["collectstatic", "--noinput", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *step], cwd=BASE_DIR, env=env, check=True,
                           capture_output=True, timeout=180)
        yield cluster, env
    finally:
        cluster_remove(cluster)


@pytest.fixture
def web(fault_database, redis_conn, tmp_path):
    """gunicorn, 2 sync workers, as `make serve` runs it (persistent connections, health checks)."""
    cluster, env = fault_database
    port = free_port()
    with open(tmp_path / "gunicorn.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--worker-class", "sync", "--timeout", "30", "--no-control-socket"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until(lambda: process.poll() is not None or answers(port), timeout=60, what="gunicorn answers")
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
        yield cluster, port, process, tmp_path / "gunicorn.log"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Outcome:
    kind: str
    marker: str
    at: float
    status: int | None
    retry_after: str | None = None
    content_type: str = ""
    code: str | None = None
    tracking: str | None = None
    html_ok: bool = False
    error: str | None = None


@dataclass
class Load:
    port: int
    outcomes: list[Outcome] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def one(self, kind: str, n: int) -> Outcome:
        marker = f"【故障{kind}-{n}】"
        started = time.monotonic()
        try:
            if kind == FILE:
                answer = request(self.port, "POST", "/api/v1/complaints", timeout=CLIENT_TIMEOUT_S,
                                 body=complaint_body(facts=f"{marker}网购冰箱四天后不制冷，商家拒绝退货。"))
            else:
                answer = request(self.port, "GET", PATHS[kind], timeout=CLIENT_TIMEOUT_S)
        except OSError as exc:  # a timeout, a reset: what must never happen
            return Outcome(kind, marker, started, None, error=f"{type(exc).__name__}: {exc}")
        is_json = answer.headers.get("content-type", "").startswith("application/json")
        data = answer.json() if is_json else {}
        return Outcome(kind, marker, started, answer.status, answer.headers.get("retry-after"),
                       answer.headers.get("content-type", ""), data.get("code"),
                       data.get("tracking_number") if answer.status == 201 else None,
                       html_ok=b'id="unavailable"' in answer.body and b'lang="zh-CN"' in answer.body)

    def client(self, kinds: tuple[str, ...]) -> None:
        turn = 0
        while not self.stopping.is_set():
            with self.lock:
                n = self.sent = self.sent + 1  # each request's own number: its complaint's marker
            outcome = self.one(kinds[turn % len(kinds)], n)
            with self.lock:
                self.outcomes.append(outcome)
            turn += 1

    def summary(self) -> str:
        with self.lock:
            start = self.outcomes[0].at if self.outcomes else 0.0
            return "\n".join(f"{o.at - start:7.2f} {o.kind:<11} {o.status} {o.code or ''} {o.error or ''}"
                             for o in self.outcomes[-80:])

    def count(self, since: float, kind: str, statuses: set[int]) -> int:
        with self.lock:
            return sum(1 for o in self.outcomes if o.at >= since and o.kind == kind and o.status in statuses)


def stored(cluster) -> tuple[list[tuple], list[int]]:
    """(tracking number, facts) of every complaint, and the ids of complaints with < 2 events."""
    with cluster.connect("sanbao_fault") as conn:
        rows = conn.execute("SELECT tracking_number, facts FROM complaints_complaint").fetchall()
        eventless = conn.execute(
            "SELECT c.id FROM complaints_complaint c LEFT JOIN complaints_complaintevent e "
            "ON e.complaint_id = c.id GROUP BY c.id HAVING count(e.id) < 2").fetchall()
    return rows, [row[0] for row in eventless]


def fault_under_load(cluster, load: Load) -> None:
    t0 = time.monotonic()
    wait_until(lambda: load.count(t0, FILE, {201}) >= 4, timeout=60, what="complaints filed before the fault")

    restarted = time.monotonic()
    cluster.restart()  # pg_ctl restart -m fast: open connections are terminated
    wait_until(lambda: load.count(restarted, FILE, {201}) >= 3, timeout=PHASE_TIMEOUT_S,
               what="filing works again after pg_ctl restart")

    stopped = time.monotonic()
    cluster.stop()
    wait_until(lambda: load.count(stopped, FILE, {503}) >= 2 and load.count(stopped, VERIFY_PAGE, {503}),
               timeout=PHASE_TIMEOUT_S, what="the API and the pages answer 503 while PostgreSQL is down")
    started = time.monotonic()
    cluster.start()
    wait_until(lambda: load.count(started, FILE, {201}) >= 3 and load.count(started, VERIFY_PAGE, {200}),
               timeout=PHASE_TIMEOUT_S, what="filing and pages work again after stop … start")


def test_postgres_restart_under_load_fails_cleanly_loses_nothing_and_recovers(web):
    cluster, port, gunicorn, log = web
    load = Load(port)
    threads = [threading.Thread(target=load.client, args=(kinds,), daemon=True)
               for kinds in ((FILE,), (FILE,), (VERIFY_API, VERIFY_PAGE))]
    for thread in threads:
        thread.start()
    try:
        try:
            fault_under_load(cluster, load)
        finally:
            load.stopping.set()
            for thread in threads:
                thread.join(timeout=CLIENT_TIMEOUT_S + 5)
        answers_are_clean(load.outcomes)
        nothing_half_written(load.outcomes, cluster)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{load.summary()}\n{log.read_text(errors='replace')[-6000:]}") from exc
    assert gunicorn.poll() is None, "served on without restarting gunicorn"


def answers_are_clean(outcomes: list[Outcome]) -> None:
    print("answers by kind and status:", Counter((o.kind, o.status) for o in outcomes))  # shown on failure
    assert not [o for o in outcomes if o.error], [o for o in outcomes if o.error][:5]
    assert {o.status for o in outcomes} <= {200, 201, 503}, sorted({o.status for o in outcomes})
    unavailable = [o for o in outcomes if o.status == 503]
    assert unavailable, "the fault was felt"
    assert all(o.retry_after and o.retry_after.isdigit() for o in unavailable)
    for o in unavailable:
        if o.kind == VERIFY_PAGE:
            assert o.content_type.startswith("text/html") and o.html_ok, o
        else:
            assert o.code == "service_unavailable", o


def nothing_half_written(outcomes: list[Outcome], cluster) -> None:
    rows, eventless = stored(cluster)
    acknowledged = [o for o in outcomes if o.kind == FILE and o.status == 201]
    trackings = [tracking for tracking, _facts in rows]
    assert all(trackings.count(o.tracking) == 1 for o in acknowledged)  # exactly once, none lost
    answered = {o.marker for o in outcomes if o.kind == FILE and o.status in {201, 503}}
    markers = [facts[:facts.index("】") + 1] for _tracking, facts in rows]
    assert len(markers) == len(set(markers)), "no complaint stored twice"
    assert set(markers) <= answered, "no complaint that nobody filed"
    assert eventless == [], "no complaint without its events"
