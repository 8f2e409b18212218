"""A bounded soak on loopback (issue 8): steady filing plus verify/nearest, then checks."""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from service_net.bench.common import BenchRefused
from service_net.bench.soak import SoakOptions, run_soak, soak_markdown


class Command(BaseCommand):
    help = ("Run gunicorn and an RQ worker on a scratch database (DATABASE_URL) and drive a steady "
            "open-loop load for --seconds: complaints at --intake-rate per second, each followed by "
            "--reads-per-complaint verify/nearest lookups. Fails unless every request succeeded, "
            "every acknowledged complaint is stored and every job finished.")

    def add_arguments(self, parser):
        d = SoakOptions()
        for name in ("seconds", "intake_rate"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=float, default=getattr(d, name))
        for name in ("reads_per_complaint", "outlets", "workers", "rq_workers", "concurrency",
                     "seed"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=getattr(d, name))
        parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL") or d.redis_url)
        parser.add_argument("--json", metavar="PATH")
        parser.add_argument("--markdown", metavar="PATH")

    def handle(self, *args, **o):
        options = SoakOptions(seconds=o["seconds"], intake_rate=o["intake_rate"],
                              reads_per_complaint=o["reads_per_complaint"], outlets=o["outlets"],
                              workers=o["workers"], rq_workers=o["rq_workers"],
                              concurrency=o["concurrency"], seed=o["seed"],
                              redis_url=o["redis_url"])
        try:
            result = run_soak(options, self.stdout.write)
        except BenchRefused as exc:
            raise CommandError(str(exc)) from exc
        text = soak_markdown(result, date=timezone.now().isoformat(timespec="minutes"),
                             cores=os.cpu_count())
        self.stdout.write(text)
        if o["json"]:
            Path(o["json"]).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        if o["markdown"]:
            Path(o["markdown"]).write_text(text, encoding="utf-8")
        if not result["passed"]:
            raise CommandError("the soak failed: see the figures above")
