"""One benchmark run for issue 7 (writes lots of rows: use a scratch database such as sanbao_bench)."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from service_net.bench.common import BenchRefused
from service_net.bench.report import console, markdown
from service_net.bench.suite import PARTS, SuiteOptions, run_suite


def parts(text: str) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",") if p.strip())
    unknown = sorted(set(chosen) - set(PARTS))
    if unknown or not chosen:
        raise CommandError(f"--only takes a comma-separated list of {', '.join(PARTS)}; not {unknown}")
    return chosen


class Command(BaseCommand):
    help = ("Build a national synthetic registry (fixed seed) and measure nearest (vs geopy and PostGIS), "
            "verify (in process and over HTTP), complaint intake (vs pgbench), coverage refresh and a CSV "
            "import. Run it on a scratch database (DATABASE_URL); it refuses one with other outlets.")

    def add_arguments(self, parser):
        d = SuiteOptions()
        parser.add_argument("--only", default=",".join(PARTS), help=f"any of {','.join(PARTS)}")
        for name in ("outlets", "seed", "queries", "geopy_queries", "import_rows", "townships", "workers",
                     "concurrency", "http_requests", "intake_requests"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=getattr(d, name))
        for name in ("geopy_seconds", "http_seconds", "intake_seconds"):
            parser.add_argument(f"--{name.replace('_', '-')}", type=float, default=getattr(d, name))
        parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL") or settings.REDIS_URL
                            or d.redis_url, help="Redis of the intake server (default: BENCH_REDIS_URL, "
                            "REDIS_URL, else db 11 on 127.0.0.1)")
        parser.add_argument("--json", metavar="PATH", help="write every figure to this file")
        parser.add_argument("--markdown", metavar="PATH", help="write the Markdown table to this file")
        parser.add_argument("--force", action="store_true",
                            help="run even though the database holds outlets the benchmark did not write")

    def handle(self, *args, **o):
        if min(o["outlets"], o["queries"], o["import_rows"], o["workers"], o["concurrency"]) < 1:
            raise CommandError("counts must be at least 1")
        fields = set(SuiteOptions.__dataclass_fields__) - {"only"}
        options = SuiteOptions(only=parts(o["only"]), **{k: o[k] for k in fields})
        try:
            results = run_suite(options, say=self.stdout.write)
        except BenchRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(console(results))
        if o["json"]:
            Path(o["json"]).write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
            self.stdout.write(f"figures written to {o['json']}")
        if o["markdown"]:
            Path(o["markdown"]).write_text(markdown(results))
            self.stdout.write(f"table written to {o['markdown']}")
