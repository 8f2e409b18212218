from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from complaints.demo_complaints import demo_complaints_load
from complaints.services import entitlement_tables_seed, regulator_create, regulators_group
from geo.services import divisions_load_shipped
from service_net.catalog import catalog_seed
from service_net.coverage.services import coverage_refresh_pending
from service_net.demo import demo_network_load

# Local demo accounts only (the demo runs on 127.0.0.1 with SQLite).
DEMO_REGULATORS = [("liangzhou", "620602"), ("wuwei", "620600")]
DEMO_PASSWORD = "Sanbao-demo-2026"


class Command(BaseCommand):
    help = ("Load the gazetteer, categories, brands, 三包 tables, the synthetic Wuwei demo network "
            "and demo regulator accounts (idempotent).")

    def handle(self, *args, **options):
        report = divisions_load_shipped()
        self.stdout.write(f"divisions: {report.created} new, {report.updated} present, "
                          f"{report.skipped} skipped (no official code)")
        catalog_seed()
        entitlement_tables_seed()
        regulators_group()
        self.stdout.write("categories, brands and 三包 tables: seeded")
        for maker, counts in demo_network_load(timezone.now()).items():
            self.stdout.write(f"demo outlets {maker}: {counts}")
        at = timezone.now()
        run = coverage_refresh_pending(actor="system:load_demo", at=at, today=timezone.localdate(at))
        self.stdout.write("coverage: " + (f"{run.kind} refresh, {run.rows_written} rows" if run
                                          else "up to date"))
        self._demo_regulators()
        self.stdout.write(f"demo complaints: {demo_complaints_load(timezone.now())}")

    def _demo_regulators(self):
        users = get_user_model().objects
        for username, division in DEMO_REGULATORS:
            if not users.filter(username=username).exists():
                regulator_create(username=username, password=DEMO_PASSWORD, division_code=division)
        self.stdout.write(f"demo regulators: {', '.join(u for u, _ in DEMO_REGULATORS)} "
                          f"(password {DEMO_PASSWORD}, local demo only)")
