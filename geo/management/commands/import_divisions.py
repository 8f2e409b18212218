import csv
import getpass
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from config.errors import InvalidInput
from geo.services.divisions_import import DivisionsImportReport, divisions_import


def _read_rows(path: Path) -> list[dict]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CommandError(f"{path}: neither UTF-8 nor GBK")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _value(v) -> str:
    return "(empty)" if v is None else str(v)


class Command(BaseCommand):
    help = ("Load or update townships (and populations) from a CSV with the columns of "
            "geo/data/wuwei_townships.csv. Every row is checked first; any fault -> nothing "
            "is written. Empty cells keep the stored value.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--actor", default="", help="who imports (default: the OS user)")

    def handle(self, *args, file: Path, dry_run: bool, actor: str, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        actor = actor or f"command:{getpass.getuser()}"
        try:
            report = divisions_import(rows=_read_rows(file), actor=actor, at=timezone.now(),
                                      dry_run=dry_run, file_name=file.name)
        except InvalidInput as exc:
            lines = [f"row {e['row']}: {e['field']}: {e['reason']}" for e in exc.data["errors"]]
            raise CommandError(f"{len(lines)} fault(s), nothing written:\n" + "\n".join(lines)) from exc
        self._print(report)

    def _print(self, report: DivisionsImportReport) -> None:
        for change in report.created:
            self.stdout.write(f"created {change.code} {change.name} (row {change.row})")
        for change in report.updated:
            fields = ", ".join(f"{k}: {_value(a)} -> {_value(b)}" for k, (a, b) in change.changes.items())
            self.stdout.write(f"updated {change.code} {change.name} (row {change.row}): {fields}")
        for skip in report.skipped:
            self.stdout.write(f"skipped row {skip['row']} {skip['name']}: {skip['reason']}")
        prefix = "dry run, nothing written: " if report.dry_run else ""
        self.stdout.write(f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
                          f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped")
