"""manage.py load_holidays FILE: enter official holiday schedules (放假安排) from a CSV.

Columns: year, date (YYYY-MM-DD), kind (holiday / 休, or workday / 班 for a weekend day worked,
调休), name (optional), source (the State Council notice; or --source). UTF-8, UTF-8 BOM or GBK.
Each year in the file replaces that year's entered schedule. Every row is checked first; with
any fault nothing is written and each fault is listed with its line number.
"""

from __future__ import annotations

import csv
import getpass
import io
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from complaints.rules.deadlines import Fault, ScheduleDay, schedule_day_parse
from complaints.services.deadlines import holiday_year_enter
from config.errors import InvalidInput
from service_net.rules.csv_input import CsvError, decode_csv

COLUMNS = ("year", "date", "kind")


class _DryRun(Exception):
    pass


def _read(path: Path) -> list[dict]:
    try:
        text = decode_csv(path.read_bytes())
    except CsvError as exc:
        raise CommandError(f"{path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CommandError(f"{path}: missing column(s) {', '.join(missing)}; "
                           "expected year,date,kind[,name][,source]")
    return list(reader)


def _years(rows: list[dict], source: str) -> tuple[dict, list[Fault]]:
    """{year: (source, [(line, ScheduleDay)])} and the faults of single rows (line numbers)."""
    years: dict[int, tuple[list[str], list[tuple[int, ScheduleDay]]]] = defaultdict(
        lambda: ([], []))
    faults: list[Fault] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            year = int((row.get("year") or "").strip())
        except ValueError:
            faults.append(Fault(line, "year", f"{row.get('year')!r} is not a year"))
            continue
        day, day_faults = schedule_day_parse(line, row.get("date", ""), row.get("kind", ""),
                                             row.get("name") or "")
        faults += day_faults
        if day is not None:
            years[year][0].append((row.get("source") or "").strip())
            years[year][1].append((line, day))
    return {y: (next((s for s in sources if s), source), days)
            for y, (sources, days) in years.items()}, faults


class Command(BaseCommand):
    help = ("Enter official holiday schedules from a CSV (year,date,kind[,name][,source]); each "
            "year replaces the one entered before. Any fault -> nothing is written.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="", help="the State Council notice, for rows "
                                                         "without a source")
        parser.add_argument("--note", default="")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--actor", default="", help="who enters it (default: the OS user)")

    def handle(self, *args, file: Path, source: str, note: str, dry_run: bool, actor: str,
               **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        years, faults = _years(_read(file), source)
        if not years and not faults:
            raise CommandError(f"{file}: no rows")
        actor = actor or f"command:{getpass.getuser()}"
        try:
            with transaction.atomic():
                faults += self._enter(years, actor, note)
                if faults or dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        if faults:
            lines = [f"line {f.row}: {f.field}: {f.reason}" if f.row else f"{f.field}: {f.reason}"
                     for f in sorted(faults, key=lambda f: f.row)]
            raise CommandError(f"{len(lines)} fault(s), nothing written:\n" + "\n".join(lines))
        for year, (_, days) in sorted(years.items()):
            off = sum(d.kind == "holiday" for _, d in days)
            self.stdout.write(f"{year}: {off} days off, {len(days) - off} working days (调休)")
        self.stdout.write("dry run, nothing written" if dry_run else
                          "entered; provisional deadlines are recomputed")

    def _enter(self, years: dict, actor: str, note: str) -> list[Fault]:
        faults: list[Fault] = []
        at = timezone.now()
        for year, (source, numbered) in sorted(years.items()):
            try:
                with transaction.atomic():
                    holiday_year_enter(year=year, source=source, days=[d for _, d in numbered],
                                       entered_by=actor, at=at, note=note)
            except InvalidInput as exc:
                lines = [line for line, _ in numbered]
                faults += [Fault(lines[e["row"] - 1] if e["row"] else 0, e["field"],
                                 f"{year}: {e['reason']}") for e in exc.data["errors"]]
        return faults
