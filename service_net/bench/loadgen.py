"""A small HTTP load generator, run as its own process: `python -m service_net.bench.loadgen SPEC`.

No dependencies beyond the standard library: asyncio streams speaking HTTP/1.1 with
`Connection: close` (gunicorn's sync workers close every connection anyway), a fixed number of
concurrent clients, bounded both in request count and in seconds. It reads a JSON spec
(`{"host", "port", "requests": [{"method", "path", "body"?, "kind"?}], "concurrency", "count",
"seconds", "rate"?}`; requests are used round-robin) and prints one JSON object: status counts,
latencies (p50/p90/p99 of the answered requests), throughput and errors, overall and per request
`kind`. Without `rate` the clients send back to back (closed loop: the server's capacity); with
`rate` (requests per second) request n is sent at start + n / rate (open loop: a steady load, as
in the soak), and `late` counts requests that no client was free to send on time. Loopback only:
it refuses any host but 127.0.0.1 / ::1 / localhost.

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


LATE_AFTER_S = 1.0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    late: int = 0

    def add(self, latency: float, status: int) -> None:
        self.latencies.append(latency)
        self.statuses[status] += 1


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


async def client(spec: dict, raws: list[bytes], tallies: list[Tally], ticket, start: float,
                 deadline: float) -> None:
    host, port, rate = spec["host"], spec["port"], spec.get("rate")
    while time.perf_counter() < deadline and (n := next(ticket, None)) is not None:
        if rate:
            due = start + n / rate
            if due >= deadline:
                return
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            elif -wait > LATE_AFTER_S:
                tallies[0].late += 1
        started = time.perf_counter()
        kind = tallies[1 + n % len(raws)]
        try:
            status = await asyncio.wait_for(one_request(host, port, raws[n % len(raws)]),
                                            REQUEST_TIMEOUT_S)
        except (TimeoutError, OSError, IndexError, ValueError) as exc:
            tallies[0].errors[type(exc).__name__] += 1
            kind.errors[type(exc).__name__] += 1
            continue
        for tally in (tallies[0], kind):
            tally.add(time.perf_counter() - started, status)


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
            "p99_ms": percentile(ms, 99), "max_ms": ms[-1] if ms else 0.0, "late": tally.late}


async def run(spec: dict) -> dict:
    if spec["host"] not in LOOPBACK:
        raise SystemExit(f"loopback only, not {spec['host']}")
    raws = [encode(spec["host"], spec["port"], r) for r in spec["requests"]]
    kinds = [r.get("kind", "all") for r in spec["requests"]]
    by_kind = {kind: Tally() for kind in kinds}
    tallies = [Tally(), *(by_kind[kind] for kind in kinds)]  # overall, then one per request
    ticket = iter(range(spec["count"]))
    started = time.perf_counter()
    deadline = started + spec["seconds"]
    await asyncio.gather(*(client(spec, raws, tallies, ticket, started, deadline)
                           for _ in range(spec["concurrency"])))
    seconds = time.perf_counter() - started
    out = summary(tallies[0], seconds, spec)
    if len(by_kind) > 1:
        out["kinds"] = {kind: summary(tally, seconds, spec) for kind, tally in by_kind.items()}
    return out


def main(argv: list[str]) -> None:
    with open(argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    print(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main(sys.argv)
