"""Profile verify (first lookups of the day) and complaint intake in process with pyinstrument.

The report of issue 7 for its missed targets. Run on a database holding a benchmark registry
(e.g. after `manage.py soak` or `manage.py bench --only verify --outlets 20000`):

    DATABASE_URL=postgres://…/sanbao_bench REDIS_URL=redis://127.0.0.1:6379/11 \\
    RATE_LIMITS_ENABLED=0 LOG_LEVEL=WARNING \\
    .venv/bin/python tools/profile_requests.py docs/profiles/verify_first_lookups.txt \\
        docs/profiles/intake.txt

It deletes the stored lookups first (so every non-authorized lookup is a first one, as in the
benchmark) and the benchmark's complaints afterwards; jobs go to REDIS_URL's queues unrun.
"""

import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from service_net.bench.intake import complaint_body, remove_earlier_complaints  # noqa: E402
from service_net.bench.reads import typed_phone  # noqa: E402
from service_net.models import Brand, FraudObservation, OutletPhone  # noqa: E402

LOOKUPS, FILINGS, WARM = 2000, 600, 50


def profiled(calls, path: str) -> None:
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for call in calls:
        call()
    profiler.stop()
    Path(path).write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")


def main(verify_out: str, intake_out: str) -> None:
    client, rng = Client(HTTP_HOST="127.0.0.1"), random.Random(5)
    brands = list(Brand.objects.values_list("name", flat=True))
    keys = list(OutletPhone.objects.values_list("number", flat=True)[:20000])
    urls = []
    for _ in range(LOOKUPS):
        roll = rng.random()
        key = f"159{rng.randrange(10**8):08d}" if roll < .25 else rng.choice(keys)
        brand = {"brand": rng.choice(brands)} if .25 <= roll < .7 else {}
        query = {"phone": typed_phone(rng, key), **brand}
        urls.append("/api/v1/outlets/verify?" + urlencode(query))
    FraudObservation.objects.filter(source=FraudObservation.Source.LOOKUP).delete()
    for url in urls[:WARM]:
        client.get(url)
    profiled([lambda u=u: client.get(u) for u in urls[WARM:]], verify_out)
    today = timezone.localdate()
    bodies = [json.dumps(complaint_body(n, today), ensure_ascii=False) for n in range(FILINGS)]
    post = lambda body: client.post("/api/v1/complaints", body, content_type="application/json")  # noqa: E731
    for body in bodies[:WARM]:
        post(body)
    profiled([lambda b=b: post(b) for b in bodies[WARM:]], intake_out)
    remove_earlier_complaints()


if __name__ == "__main__":
    main(*sys.argv[1:3])
