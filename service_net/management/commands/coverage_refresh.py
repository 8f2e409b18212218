"""Recompute rural service coverage (every township × category), with a progress bar on stderr."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from service_net.coverage.services import coverage_refresh, coverage_refresh_pending

BAR_WIDTH = 30


def progress_bar(stream):
    def show(done: int, total: int, label: str) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        end = "\n" if done == total else ""
        stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {label:<24}",
                     ending=end)
        stream.flush()

    return show


class Command(BaseCommand):
    help = ("Recompute rural service coverage for every township and category from the registry "
            "(full refresh). --pending: only what changed since the last refresh (what the job does).")

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true",
                            help="refresh only what changed since the last refresh")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        at = timezone.now()
        progress = None if options["quiet"] else progress_bar(self.stderr)
        refresh = coverage_refresh_pending if options["pending"] else coverage_refresh
        run = refresh(actor="system:manage.py coverage_refresh", at=at,
                      today=timezone.localdate(at), progress=progress)
        if run is None:
            self.stdout.write("coverage is up to date: nothing changed since the last refresh")
            return
        self.stdout.write(f"{run.kind} refresh ({run.reason}): {run.rows_written:,} township rows "
                          f"for {run.computed_for} in {run.seconds:.1f} s")
