from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from service_net.services import manufacturer_create
from service_net.services.keys import SCOPES


def _expiry(text: str | None) -> datetime | None:
    """An ISO date (the key works through that day, Beijing time) or date and time."""
    if not text:
        return None
    try:
        day = parse_date(text) if len(text) == 10 else None
        moment = datetime.combine(day, time.max) if day else parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"--expires: not a date or date and time: {text!r} (e.g. 2027-06-30)")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = ("Create a manufacturer with its brands (or find it by name) and print a new API key "
            "once (stored as a hash). The key holds every scope unless --scope names some.")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--brand", action="append", required=True, dest="brands")
        parser.add_argument("--scope", action="append", dest="scopes", choices=SCOPES,
                            help="what the key may do (repeat); default: all of "
                                 + ", ".join(SCOPES))
        parser.add_argument("--expires", help="last day (YYYY-MM-DD) or moment the key works")

    def handle(self, *args, name, brands, scopes, expires, **options):
        expires_at = _expiry(expires)
        try:
            manufacturer, key = manufacturer_create(
                name=name, brands=brands, scopes=scopes or SCOPES, expires_at=expires_at,
                actor="command:create_manufacturer", at=timezone.now())
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"manufacturer {manufacturer.name} (id {manufacturer.id}), "
                          f"brands: {', '.join(brands)}")
        self.stdout.write(f"scopes: {', '.join(scopes or SCOPES)}; expires: "
                          f"{expires_at.isoformat() if expires_at else 'never'}")
        self.stdout.write("API key (shown once; send it as the X-API-Key header):")
        self.stdout.write(key)
