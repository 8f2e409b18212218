"""Start gunicorn (sync workers) on a free loopback port for the HTTP benchmarks, and stop it."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

HOST = "127.0.0.1"
START_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    workers: int
    log_path: str

    def get(self, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The database this process uses now (under pytest: the test database), as a URL."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def server_env(redis_url: str, preload_index: bool) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "service_net.bench.server.settings",
           "DATABASE_URL": database_url(), "REDIS_URL": redis_url, "DEBUG": "0",
           "SECRET_KEY": "bench-only-not-secret", "ALLOWED_HOSTS": f"{HOST},localhost",
           "COVERAGE_REFRESH_ON_WRITE": "1", "SANBAO_BENCH_PRELOAD_INDEX": "1" if preload_index else "0"}
    env.pop("PYTHONBREAKPOINT", None)
    return env


def _wait_ready(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {server.log_path}")
        try:
            if server.get("/bench/constant")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT_S:.0f} s; see {server.log_path}")


@contextmanager
def gunicorn(*, workers: int, redis_url: str, preload_index: bool = True) -> Iterator[Server]:
    """gunicorn with `workers` sync workers (the production server), stopped on exit."""
    log_path = str(Path(settings.VAR_DIR) / "bench_server.log")
    server = Server(HOST, free_port(), workers, log_path)
    command = [sys.executable, "-m", "gunicorn", "service_net.bench.server.wsgi:application",
               "--bind", f"{HOST}:{server.port}", "--workers", str(workers), "--worker-class", "sync",
               "--backlog", "2048", "--timeout", "120", "--preload", "--log-level", "warning"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=server_env(redis_url, preload_index),
                                   stdout=log, stderr=log, start_new_session=True)
    try:
        _wait_ready(server, process)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
