"""Benchmark the registry at national scale (writes lots of rows: use a scratch database)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from service_net.bench.common import BenchOptions, BenchRefused
from service_net.bench.run import format_report, run_benchmark


class Command(BaseCommand):
    help = ("Build N synthetic outlets over China's counties, time nearest/verify and a CSV import. "
            "Run it on a scratch database (DATABASE_URL); it refuses one with other outlets.")

    def add_arguments(self, parser):
        parser.add_argument("--outlets", type=int, default=200_000)
        parser.add_argument("--queries", type=int, default=2000)
        parser.add_argument("--import-rows", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--json", metavar="PATH", help="also write the figures to this file")
        parser.add_argument("--force", action="store_true",
                            help="run even though the database holds outlets the benchmark did not write")

    def handle(self, *args, **options):
        if min(options["outlets"], options["queries"], options["import_rows"]) < 1:
            raise CommandError("--outlets, --queries and --import-rows must be at least 1")
        bench = BenchOptions(outlets=options["outlets"], queries=options["queries"],
                             import_rows=options["import_rows"], seed=options["seed"],
                             force=options["force"])
        try:
            results = run_benchmark(bench, say=self.stdout.write)
        except BenchRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_report(results))
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(results, ensure_ascii=False, indent=2))
            self.stdout.write(f"figures written to {options['json']}")
