from django.core.management.base import BaseCommand, CommandError

from service_net.services import manufacturer_create


class Command(BaseCommand):
    help = "Create a manufacturer with its brands; prints a new API key once (stored as a hash)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--brand", action="append", required=True, dest="brands")

    def handle(self, *args, name, brands, **options):
        try:
            manufacturer, key = manufacturer_create(name=name, brands=brands)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"manufacturer {manufacturer.name} (id {manufacturer.id}), "
                          f"brands: {', '.join(brands)}")
        self.stdout.write("API key (shown once; send it as the X-API-Key header):")
        self.stdout.write(key)
