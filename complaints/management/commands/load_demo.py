from django.core.management.base import BaseCommand
from django.utils import timezone

from geo.services import divisions_load_shipped
from service_net.catalog import catalog_seed
from service_net.demo import demo_network_load


class Command(BaseCommand):
    help = "Load the gazetteer, categories, brands and the synthetic Wuwei demo network (idempotent)."

    def handle(self, *args, **options):
        report = divisions_load_shipped()
        self.stdout.write(f"divisions: {report.created} new, {report.updated} present, "
                          f"{report.skipped} skipped (no official code)")
        catalog_seed()
        self.stdout.write("categories and brands: seeded")
        for maker, counts in demo_network_load(timezone.now()).items():
            self.stdout.write(f"demo outlets {maker}: {counts}")
