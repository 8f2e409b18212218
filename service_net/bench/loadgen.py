"""A small HTTP load generator, run as its own process: `python -m service_net.bench.loadgen SPEC`.

No dependencies beyond the standard library: asyncio streams speaking HTTP/1.1 with
`Connection: close` (gunicorn's sync workers close every connection anyway), a fixed number of
concurrent clients, bounded both in request count and in seconds. It reads a JSON spec
(`{"host", "port", "requests": [{"method", "path", "body"?}], "concurrency", "count",
"seconds"}`; requests are used round-robin) and prints one JSON object: status counts, latencies
(p50/p90/p99 of the answered requests), throughput and errors. Loopback only: it refuses any
host but 127.0.0.1 / ::1 / localhost.

Django-free on purpose: the load generator must not share the server's process or its imports.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
REQUEST_TIMEOUT_S = 30.0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)


def encode(host: str, port: int, request: dict) -> bytes:
    body = request.get("body")
    payload = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
    lines = [f"{request.get('method', 'GET')} {request['path']} HTTP/1.1", f"Host: {host}:{port}",
             "Connection: close", "Accept: application/json", f"Content-Length: {len(payload)}"]
    if body is not None:
        lines.append("Content-Type: application/json")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def one_request(host: str, port: int, raw: bytes) -> int:
    """Send one request on a fresh connection; the status code once the whole answer is read."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(raw)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # Connection: close -> the server ends the body by closing
        return int(status_line.split()[1])
    finally:
        writer.close()


async def client(spec: dict, raws: list[bytes], tally: Tally, ticket, deadline: float) -> None:
    host, port = spec["host"], spec["port"]
    while time.perf_counter() < deadline and (n := next(ticket, None)) is not None:
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(one_request(host, port, raws[n % len(raws)]),
                                            REQUEST_TIMEOUT_S)
        except (TimeoutError, OSError, IndexError, ValueError) as exc:
            tally.errors[type(exc).__name__] += 1
            continue
        tally.latencies.append(time.perf_counter() - started)
        tally.statuses[status] += 1


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    rank = q / 100 * (len(sorted_values) - 1)
    low = int(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def summary(tally: Tally, seconds: float, spec: dict) -> dict:
    ms = sorted(x * 1000 for x in tally.latencies)
    answered = len(ms)
    return {"count": answered, "seconds": seconds, "per_s": answered / seconds if seconds else 0.0,
            "concurrency": spec["concurrency"], "statuses": {str(k): v for k, v in tally.statuses.items()},
            "errors": dict(tally.errors), "p50_ms": percentile(ms, 50), "p90_ms": percentile(ms, 90),
            "p99_ms": percentile(ms, 99), "max_ms": ms[-1] if ms else 0.0}


async def run(spec: dict) -> dict:
    if spec["host"] not in LOOPBACK:
        raise SystemExit(f"loopback only, not {spec['host']}")
    raws = [encode(spec["host"], spec["port"], r) for r in spec["requests"]]
    tally, ticket = Tally(), iter(range(spec["count"]))
    started = time.perf_counter()
    deadline = started + spec["seconds"]
    await asyncio.gather(*(client(spec, raws, tally, ticket, deadline)
                           for _ in range(spec["concurrency"])))
    return summary(tally, time.perf_counter() - started, spec)


def main(argv: list[str]) -> None:
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    print(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main(sys.argv)
