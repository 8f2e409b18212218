"""manage.py outbox_relay [--loop] [--every SECONDS]: push again the outbox jobs that never reached
RQ (Redis was down) or whose lease ran out (lost RQ entry, killed worker). config.outbox.relay."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from config.outbox import relay


class Command(BaseCommand):
    help = "Push pending or lost background jobs from the outbox to RQ (once, or --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep relaying until stopped")
        parser.add_argument("--every", type=float, default=15.0,
                            help="seconds between runs with --loop (default 15)")

    def handle(self, *args, loop: bool, every: float, **options):
        while True:
            done = relay(at=timezone.now())
            if done.pushed or done.gave_up or done.unreachable or not loop:
                self.stdout.write(f"relayed {done.pushed}, gave up {done.gave_up}, "
                                  f"left pending (Redis unreachable) {done.unreachable}")
            if not loop:
                return
            time.sleep(every)
