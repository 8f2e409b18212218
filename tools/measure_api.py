"""Time a few public API calls in process (Django test client, whole middleware stack).

Run on the demo database after `make demo` (or `manage.py load_demo`) has loaded it:
    env -u DATABASE_URL -u REDIS_URL .venv/bin/python tools/measure_api.py
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

ASSESS = {"category": "refrigerator", "channel": "online", "purchase_date": "2026-11-01",
          "received_date": "2026-11-03", "proof": "invoice", "request_date": "2026-11-09",
          "fault": {"date": "2026-11-08", "part": "compressor"}, "repairs": [], "goods_intact": True}


def timed(label: str, call, n: int = 300) -> None:
    call()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, (label, response.status_code)
    times.sort()
    print(f"{label}: p50 {statistics.median(times):.2f} ms, p99 {times[int(n * 0.99) - 1]:.2f} ms")


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    timed("GET /api/v1/geo/geocode?q=甘肃省武威市凉州区黄羊镇新店村",
          lambda: client.get("/api/v1/geo/geocode", {"q": "甘肃省武威市凉州区黄羊镇新店村"}))
    timed("GET /api/v1/geo/reverse",
          lambda: client.get("/api/v1/geo/reverse", {"lat": 37.66, "lon": 102.85}))
    timed("POST /api/v1/entitlements/assess",
          lambda: client.post("/api/v1/entitlements/assess", json.dumps(ASSESS),
                              content_type="application/json"))
    timed("GET /api/v1/coverage?region=620600&category=refrigerator",
          lambda: client.get("/api/v1/coverage", {"region": "620600", "category": "refrigerator"}),
          n=100)


if __name__ == "__main__":
    main()
