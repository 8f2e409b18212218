"""Benchmark the coverage refresh at national scale (writes lots of rows: use a scratch database)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from service_net.bench.common import BenchRefused
from service_net.bench.coverage_run import (
    CoverageBenchOptions,
    format_coverage_report,
    run_coverage_benchmark,
)


class Command(BaseCommand):
    help = ("Write ~40,000 synthetic townships over China's counties and 200,000 outlets, then time "
            "a full coverage refresh and incremental ones after one outlet changes. Run it on a "
            "scratch database (DATABASE_URL); it refuses one with other outlets.")

    def add_arguments(self, parser):
        parser.add_argument("--townships", type=int, default=40_000)
        parser.add_argument("--outlets", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--no-check", action="store_true",
                            help="skip the second full refresh that checks the incremental result")
        parser.add_argument("--json", metavar="PATH", help="also write the figures to this file")
        parser.add_argument("--force", action="store_true",
                            help="run even though the database holds outlets the benchmark did not write")

    def handle(self, *args, **options):
        if min(options["townships"], options["outlets"]) < 100:
            raise CommandError("--townships and --outlets must be at least 100")
        bench = CoverageBenchOptions(townships=options["townships"], outlets=options["outlets"],
                                     seed=options["seed"], force=options["force"],
                                     check=not options["no_check"])
        try:
            results = run_coverage_benchmark(bench, say=self.stdout.write)
        except BenchRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(format_coverage_report(results))
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(results, ensure_ascii=False, indent=2))
            self.stdout.write(f"figures written to {options['json']}")
