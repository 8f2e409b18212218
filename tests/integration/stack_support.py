"""Running Sanbao's production processes from a test: environment, HTTP, process trees."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
HOST = "127.0.0.1"
# The test session's own variables, never a production process's.
TEST_ONLY_VARIABLES = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST",
                       "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SANBAO_TLS", "PYTHONBREAKPOINT"}


def production_env(**overrides: str) -> dict[str, str]:
    """The environment an operator would give a production process (DEBUG off), plus overrides."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update({"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": f"{HOST},localhost", "PYTHONUNBUFFERED": "1"})
    env.update(overrides)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self):
        return json.loads(self.body)


def request(port: int, method: str, path: str, body: dict | None = None,
            headers: dict[str, str] | None = None, timeout: float = 15.0) -> Answer:
    """One HTTP request on a fresh connection (raises OSError when nothing answers)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        sent = {"Accept-Language": "zh-CN", **(headers or {})}
        if payload is not None:
            sent["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=sent)
        response = conn.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def answers(port: int, path: str = "/healthz") -> bool:
    return request(port, "GET", path, timeout=2).status == 200


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) from /proc, None when the process is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = raw[raw.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in {"Z", "X"}


def process_tree(root: int) -> set[int]:
    """Every live descendant of `root` (not root itself), whatever session or group it is in."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] not in {"Z", "X"}:
            parents[int(entry.name)] = stat[1]
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found
