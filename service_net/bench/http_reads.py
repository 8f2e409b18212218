"""Verification over HTTP: the public verify endpoint beside a constant-JSON endpoint, same server.

Both loads run against one gunicorn (sync workers, the registry index built before the fork),
one after the other, with the same concurrency and bounds. The constant endpoint is Django with
the project's middleware and nothing else: the framework's floor on this machine.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .http_load import Load, run_load
from .reads import VerifyQuery
from .server.process import Server

VERIFY_PATH = "/api/v1/outlets/verify"
CONSTANT_PATH = "/bench/constant"


def verify_path(q: VerifyQuery) -> str:
    params = {"phone": q.phone, **({"brand": q.brand.name} if q.brand else {})}
    return f"{VERIFY_PATH}?{urlencode(params)}"


def bench_verify_http(server: Server, queries: list[VerifyQuery], *, count: int, seconds: float,
                      concurrency: int) -> dict:
    requests = [{"method": "GET", "path": verify_path(q)} for q in queries]
    constant = [{"method": "GET", "path": CONSTANT_PATH}]
    warm = max(4 * server.workers * concurrency, 200)
    run_load(server, Load(requests, min(warm, count), seconds, concurrency))  # every worker warm
    verify = run_load(server, Load(requests, count, seconds, concurrency))
    floor = run_load(server, Load(constant, count, seconds, concurrency))
    return {"workers": server.workers, "verify": verify, "constant": floor,
            "ratio": verify["per_s"] / floor["per_s"] if floor["per_s"] else 0.0}
