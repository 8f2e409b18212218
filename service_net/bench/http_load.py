"""Running the load generator in its own process against the benchmark server."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from django.conf import settings

from .server.process import Server


@dataclass(frozen=True)
class Load:
    requests: list[dict]  # {"method", "path", "body"?}, used round-robin
    count: int
    seconds: float
    concurrency: int
    rate: float | None = None  # requests per second (open loop); None: back to back


def run_load(server: Server, load: Load) -> dict:
    """One bounded load run (count and seconds) from a separate Python process; its summary."""
    spec = {"host": server.host, "port": server.port, "requests": load.requests, "count": load.count,
            "seconds": load.seconds, "concurrency": load.concurrency, "rate": load.rate}
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False)
        f.flush()
        done = subprocess.run([sys.executable, "-m", "service_net.bench.loadgen", f.name],
                              cwd=settings.BASE_DIR, capture_output=True, text=True,
                              timeout=load.seconds + 120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)
