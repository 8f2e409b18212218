"""manage.py erase_personal_data --tracking WW… [--by NAME] [--request REF]

The back office erases a complaint's personal data on the consumer's written request: refused,
exactly as on the case page, while the complaint is open or its retention period runs (the
message gives the day it becomes possible). Recorded as an event of the complaint with who
(`--by`, default the operating-system user) and the request's reference. Running it again on an
erased complaint changes nothing.
"""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from complaints import selectors
from complaints.rules import workflow
from complaints.services.privacy import complaint_personal_data_erase
from complaints.services.workflow import Actor
from config.errors import DomainError, NotFound


class Command(BaseCommand):
    help = "Erase a closed complaint's personal data on the consumer's written request."

    def add_arguments(self, parser):
        parser.add_argument("--tracking", required=True, help="tracking number, e.g. WW3K7QX9M2TA")
        parser.add_argument("--by", default="", help="who handles the request (default: you)")
        parser.add_argument("--request", default="", dest="reference",
                            help="the written request's reference, kept in the case's history")

    def handle(self, *args, tracking: str, by: str, reference: str, **options):
        try:
            complaint = selectors.complaint_by_tracking(tracking)
        except NotFound as exc:
            raise CommandError(f"no complaint {tracking}") from exc
        already = complaint.personal_data_erased_at is not None
        actor = Actor(workflow.ADMIN, (by or getpass.getuser())[:64])
        try:
            erased = complaint_personal_data_erase(complaint=complaint, actor=actor,
                                                   at=timezone.now(), note=reference)
        except DomainError as exc:
            raise CommandError(f"{complaint.tracking_number}: {exc.code}: {exc.message}") from exc
        when = timezone.localtime(erased.personal_data_erased_at).isoformat(timespec="seconds")
        self.stdout.write(f"{erased.tracking_number}: personal data "
                          f"{'already erased' if already else 'erased'} at {when}")
