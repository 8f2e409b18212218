"""Complaint intake over HTTP (gunicorn, PostgreSQL, Redis) beside pgbench's one-row inserts.

The load generator POSTs valid complaints (the API's JSON body) to /api/v1/complaints; the server
runs with REDIS_URL set, so whatever filing enqueues goes to Redis. Afterwards the complaints in
the database must number exactly the 201s the server sent (none lost, none extra). Right after,
in the same run, pgbench commits one-row INSERT transactions into a scratch table with the same
number of clients: what PostgreSQL itself does on this machine, the reference for the ratio.
Every benchmark complaint's facts start with 【基准】; an earlier run's are deleted first.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from datetime import date, timedelta

import redis
from django.db import connection
from django.utils import timezone

from complaints.models import Complaint

from .common import NAME_MARK
from .http_load import Load, run_load
from .http_reads import CONSTANT_PATH
from .server.process import Server

COMPLAINTS_PATH = "/api/v1/complaints"
QUEUES = ("default", "low")
PGBENCH_TABLE = "bench_pgbench_insert"
PGBENCH_SCRIPT = f"INSERT INTO {PGBENCH_TABLE} (body) VALUES (repeat('x', 400));\n"
DISTINCT_BODIES = 64
WARM_PER_WORKER = 4


def complaint_body(n: int, today: date) -> dict:
    """A valid complaint (as tests/api/test_complaints_api.py files one), varied by n."""
    return {
        "consumer_name": "李四", "consumer_phone": f"138{93_500_000 + n % 100_000:08d}",
        "consumer_address": "甘肃省武威市凉州区东大街街道文庙路12号",
        "brand": "海尔", "category": "refrigerator", "product_model": f"BCD-{200 + n % 50}",
        "channel": "online", "purchase_date": (today - timedelta(days=4 + n % 3)).isoformat(),
        "proof": "invoice", "fault_date": (today - timedelta(days=1)).isoformat(),
        "respondent_name": "民勤县某某家电商场", "respondent_address": "甘肃省武威市民勤县城关镇东街8号",
        "facts": f"{NAME_MARK}网购冰箱四天后不制冷，商家拒绝退货（基准测试 {n}）。", "request": "退货退款",
    }


def bench_complaints():
    return Complaint.objects.filter(facts__startswith=NAME_MARK)


def remove_earlier_complaints() -> int:
    return bench_complaints().delete()[0]


def queued_jobs(redis_url: str) -> dict[str, set[str]]:
    from rq import Queue

    conn = redis.Redis.from_url(redis_url)
    return {name: set(Queue(name, connection=conn).get_job_ids()) for name in QUEUES}


def remove_new_jobs(redis_url: str, before: dict[str, set[str]], since) -> int:
    """Delete the jobs this run queued (no worker runs during the benchmark), in RQ and in the
    outbox (else the relay would push them again, for complaints the next run deletes)."""
    from rq import Queue

    from config.models import OutboxJob

    OutboxJob.objects.filter(created_at__gte=since).delete()

    conn, removed = redis.Redis.from_url(redis_url), 0
    for name in QUEUES:
        queue = Queue(name, connection=conn)
        for job_id in set(queue.get_job_ids()) - before.get(name, set()):
            job = queue.fetch_job(job_id)
            if job is not None:
                job.delete()
                removed += 1
    return removed


def bench_intake(server: Server, *, redis_url: str, count: int, seconds: float, concurrency: int,
                 today: date) -> dict:
    """Warm every worker (its first filing loads the gazetteer), then the measured load."""
    before_jobs, started = queued_jobs(redis_url), timezone.now()
    bodies = [{"method": "POST", "path": COMPLAINTS_PATH, "body": complaint_body(n, today)}
              for n in range(DISTINCT_BODIES)]
    run_load(server, Load(bodies, WARM_PER_WORKER * server.workers, seconds, concurrency))
    before_rows = bench_complaints().count()
    load = run_load(server, Load(bodies, count, seconds, concurrency))
    stored = bench_complaints().count() - before_rows
    acknowledged = load["statuses"].get("201", 0)
    jobs = remove_new_jobs(redis_url, before_jobs, started)
    # The framework's floor for the same requests: a constant view behind the same middleware.
    floor = run_load(server, Load([{**b, "path": CONSTANT_PATH} for b in bodies], count, seconds,
                                  concurrency))
    return {"workers": server.workers, "load": load, "acknowledged": acknowledged, "stored": stored,
            "constant_post": floor,
            "accepted_per_s": acknowledged / load["seconds"] if load["seconds"] else 0.0,
            "lost": acknowledged - stored, "jobs_queued_then_removed": jobs, "redis": _redis_label(redis_url)}


def _redis_label(redis_url: str) -> str:
    info = redis.Redis.from_url(redis_url).info("server")
    return f"Redis {info.get('redis_version', '?')}"


# --- pgbench: what PostgreSQL commits -------------------------------------------------------

def pgbench_path() -> str | None:
    return shutil.which("pgbench") or next(
        (p for p in ("/usr/lib/postgresql/15/bin/pgbench",) if os.path.exists(p)), None)


def bench_pgbench(*, clients: int, seconds: float) -> dict:
    """pgbench with a one-row INSERT script (-n: no vacuum of its own tables) on this database."""
    binary = pgbench_path()
    if binary is None or connection.vendor != "postgresql":
        return {"skipped": "pgbench is not installed (Debian: postgresql-client)"}
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PGBENCH_TABLE}")
        cursor.execute(f"CREATE TABLE {PGBENCH_TABLE} (id bigserial PRIMARY KEY, body text NOT NULL, "
                       "at timestamptz NOT NULL DEFAULT now())")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
        script.write(PGBENCH_SCRIPT)
        script.flush()
        threads = min(clients, os.cpu_count() or 1)
        done = subprocess.run(
            [binary, "-n", "-f", script.name, "-c", str(clients), "-j", str(threads),
             "-T", str(max(1, round(seconds))), "-h", db["HOST"] or "127.0.0.1",
             "-p", str(db["PORT"] or 5432), "-U", db["USER"], db["NAME"]],
            capture_output=True, text=True, env=env, check=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {PGBENCH_TABLE}")
        rows = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {PGBENCH_TABLE}")
    if done.returncode != 0:
        return {"skipped": f"pgbench failed: {done.stderr.strip()[-500:]}"}
    return {**_parse_pgbench(done.stdout), "clients": clients, "rows": rows, "script": PGBENCH_SCRIPT.strip()}


def _parse_pgbench(out: str) -> dict:
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    seconds = re.search(r"duration: (\d+) s", out)
    return {"tps": float(tps.group(1)) if tps else 0.0,
            "latency_avg_ms": float(latency.group(1)) if latency else None,
            "seconds": int(seconds.group(1)) if seconds else None}
