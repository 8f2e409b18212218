from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from complaints.services import regulator_create


class Command(BaseCommand):
    help = "Create a regulator account scoped to a division (its jurisdiction)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--division", required=True, help="division code, e.g. 620602")

    def handle(self, *args, username, password, division, **options):
        try:
            profile = regulator_create(username=username, password=password,
                                       division_code=division)
        except (ValueError, ValidationError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"regulator {username} for {profile.division}")
