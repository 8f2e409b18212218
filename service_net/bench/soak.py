"""The soak (issue 8): a steady mixed load for minutes against the production pieces.

gunicorn (sync workers) and a real RQ worker (with its scheduler, for retries) run against
PostgreSQL and Redis while an open-loop load generator in its own process files complaints at a
fixed rate and, between them, verifies numbers and looks up the nearest outlets. Afterwards the
worker drains what the filings queued. It passes when no request failed (every answer 2xx, no
connection error), every acknowledged complaint is stored once, and no job is left open or failed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from complaints.services.entitlements import entitlement_tables_seed
from config.models import OutboxJob

from ..models import Brand
from .common import BenchOptions, Say
from .http_load import Load, run_load
from .http_reads import verify_path
from .intake import bench_complaints, complaint_body, remove_earlier_complaints
from .reads import near_queries, verify_queries
from .run import build_bench_registry
from .server.process import database_url, gunicorn, server_env

NEAREST_PATH = "/api/v1/outlets/nearest"
CYCLES = 64  # distinct request cycles in the round-robin list
DRAIN_TIMEOUT_S = 1800.0
WARM_PER_WORKER = 4  # request cycles per gunicorn worker before the measured load


@dataclass(frozen=True)
class SoakOptions:
    seconds: float = 600.0
    intake_rate: float = 30.0  # complaints per second
    reads_per_complaint: int = 4  # half verify, half nearest
    outlets: int = 20_000
    workers: int = 2 * (os.cpu_count() or 1) + 1
    concurrency: int = 64
    rq_workers: int = 1
    seed: int = 7
    redis_url: str = "redis://127.0.0.1:6379/11"


def soak_requests(options: SoakOptions, places, known, brands, today) -> list[dict]:
    """CYCLES cycles of one filing and `reads_per_complaint` reads, alternating verify/nearest."""
    rng = random.Random(options.seed)
    reads = options.reads_per_complaint * CYCLES
    verify = verify_queries(rng, known, {b.name: b for b in brands}, reads)
    near = near_queries(rng, places, brands, reads)
    out = []
    for n in range(CYCLES):
        out.append({"kind": "intake", "method": "POST", "path": "/api/v1/complaints",
                    "body": complaint_body(n, today)})
        for i in range(n * options.reads_per_complaint, (n + 1) * options.reads_per_complaint):
            if i % 2:
                out.append({"kind": "nearest", "method": "GET", "path": _nearest_path(near[i])})
            else:
                out.append({"kind": "verify", "method": "GET", "path": verify_path(verify[i])})
    return out


def _nearest_path(q) -> str:
    params = {"lat": f"{q.lat:.5f}", "lon": f"{q.lon:.5f}",
              **({"brand": q.brand.name} if q.brand else {}),
              **({"category": q.category} if q.category else {})}
    return f"{NEAREST_PATH}?{urlencode(params)}"


@contextmanager
def rq_workers(redis_url: str, count: int):
    """`count` × `manage.py rqworker default low --with-scheduler` (as `make serve` runs them)
    against the soak's database."""
    log_path = Path(settings.VAR_DIR) / "soak_worker.log"
    env = {**server_env(redis_url, preload_index=False), "DATABASE_URL": database_url()}
    processes = []
    with open(log_path, "ab") as log:
        for _ in range(count):
            processes.append(subprocess.Popen(
                [sys.executable, "manage.py", "rqworker", "default", "low", "--with-scheduler"],
                cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True))
    try:
        yield processes
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def open_jobs(redis_url: str, since) -> dict:
    """Jobs not yet finished: waiting in RQ, running, or failed; and open outbox rows."""
    import redis
    from rq import Queue
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    conn = redis.Redis.from_url(redis_url)
    out = {"queued": 0, "started": 0, "failed": 0}
    for name in ("default", "low"):
        queue = Queue(name, connection=conn)
        out["queued"] += queue.count
        out["started"] += StartedJobRegistry(queue=queue).count
        out["failed"] += FailedJobRegistry(queue=queue).count
    out["outbox_open"] = OutboxJob.objects.filter(created_at__gte=since, done_at__isnull=True,
                                                  failed_at__isnull=True).count()
    return out


def drain(redis_url: str, since, say: Say) -> dict:
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    started = time.monotonic()
    while True:
        jobs = open_jobs(redis_url, since)
        if not (jobs["queued"] or jobs["started"] or jobs["outbox_open"]):
            break
        if time.monotonic() > deadline:
            say(f"  jobs still open after {DRAIN_TIMEOUT_S:.0f} s: {jobs}")
            break
        time.sleep(1.0)
    return {**jobs, "drain_s": time.monotonic() - started}


def run_soak(options: SoakOptions, say: Say) -> dict:
    started = timezone.now()
    failed_before = open_jobs(options.redis_url, started)["failed"]
    with override_settings(DEBUG=False, COVERAGE_REFRESH_ON_WRITE=False):
        _, places, known = build_bench_registry(
            BenchOptions(outlets=options.outlets, seed=options.seed, force=False), say)
    entitlement_tables_seed()
    remove_earlier_complaints()
    today = timezone.localdate()
    brands = list(Brand.objects.select_related("manufacturer").order_by("name"))
    requests = soak_requests(options, places, known, brands, today)
    rate = options.intake_rate * (1 + options.reads_per_complaint)
    count = int(rate * options.seconds)
    say(f"soak: {options.seconds:.0f} s at {options.intake_rate:g} complaints/s + "
        f"{options.intake_rate * options.reads_per_complaint:g} reads/s; "
        f"{options.workers} gunicorn workers, {options.rq_workers} RQ workers")
    with gunicorn(workers=options.workers, redis_url=options.redis_url) as server, \
            rq_workers(options.redis_url, options.rq_workers):
        # Every worker warm first (its first filing loads the gazetteer); not counted.
        run_load(server, Load(requests, WARM_PER_WORKER * options.workers * (1 + options.reads_per_complaint),
                              options.seconds, options.concurrency))
        warm_complaints = bench_complaints().count()
        load = run_load(server, Load(requests, count, options.seconds, options.concurrency, rate))
        jobs = drain(options.redis_url, started, say)
    jobs["failed"] -= failed_before
    acknowledged = load["kinds"]["intake"]["statuses"].get("201", 0)
    stored = bench_complaints().count() - warm_complaints
    errors = sum(load["errors"].values())
    failed = _failed(load) - errors
    return {"options": options.__dict__, "load": load, "acknowledged": acknowledged,
            "stored": stored, "lost": acknowledged - stored, "failed_requests": failed,
            "connection_errors": errors, "jobs_after_drain": jobs,
            "passed": failed == 0 and errors == 0 and acknowledged == stored
            and not jobs["failed"] and not jobs["outbox_open"] and not jobs["queued"]}


def _failed(figures: dict) -> int:
    not_2xx = sum(n for status, n in figures["statuses"].items() if not status.startswith("2"))
    return not_2xx + sum(figures["errors"].values())


def soak_markdown(result: dict, *, date: str, cores: int | None) -> str:
    load, o = result["load"], result["options"]
    rows = [f"| {kind} | {k['count']:,} | {k['per_s']:,.1f} | {k['p50_ms']:.0f} | {k['p99_ms']:.0f} | "
            f"{_failed(k)} |" for kind, k in sorted(load["kinds"].items())]
    jobs = result["jobs_after_drain"]
    return "\n".join([
        "# Soak: a steady mixed load (issue 8)", "",
        f"Measured {date} on {cores} cores with `manage.py soak` (see the command's --help).", "",
        f"{o['seconds']:.0f} s open loop at {o['intake_rate']:g} complaints/s plus "
        f"{o['intake_rate'] * o['reads_per_complaint']:g} reads/s (verify and nearest, "
        f"{o['outlets']:,} outlets); gunicorn with {o['workers']} sync workers and {o['rq_workers']} RQ "
        "worker(s) (forking, as `make serve` runs them), "
        "PostgreSQL and Redis on this machine, the load generator in its own process.", "",
        "| requests | answered | per s | p50 ms | p99 ms | failed |", "|---|---:|---:|---:|---:|---:|",
        *rows, "",
        f"- Complaints acknowledged {result['acknowledged']:,}, stored {result['stored']:,}: "
        f"**{result['lost']} lost**.",
        f"- Failed requests (not 2xx) {result['failed_requests']}, connection errors "
        f"{result['connection_errors']}, requests sent over 1 s late {load.get('late', 0)}.",
        f"- Jobs after draining ({jobs['drain_s']:.0f} s): queued {jobs['queued']}, running "
        f"{jobs['started']}, failed {jobs['failed']}, outbox rows open {jobs['outbox_open']}.",
        f"- Result: **{'passed' if result['passed'] else 'FAILED'}**.", ""])
