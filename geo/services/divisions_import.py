"""Loading or updating township rows (and populations) for any region from a CSV file.

Used by `manage.py import_divisions FILE`. Nothing is written unless every row is valid.

Empty cells KEEP the stored value: an import file is often partial (a census table with
populations but no points; a survey of points without populations), and an empty cell means "not
known in this file", never "delete" and never zero. A value is removed only deliberately, in the
back office. A township's name, kind, point, population and source are updated when the file
gives a different value; its county follows from its code.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from config.errors import InvalidInput

from ..models import Division
from ..rules.division_rows import TownshipRecord, township_rows_check
from .gazetteer_memory import gazetteer_changed

logger = logging.getLogger(__name__)

UPDATABLE = ("name", "parent_id", "kind", "lat", "lon", "population", "population_year")
_IMPORT_NOTE = " | imported "


@dataclass(frozen=True)
class DivisionChange:
    code: str
    name: str
    row: int
    changes: dict[str, tuple] = field(default_factory=dict)  # field -> (before, after)


@dataclass
class DivisionsImportReport:
    created: list[DivisionChange] = field(default_factory=list)
    updated: list[DivisionChange] = field(default_factory=list)
    unchanged: list[DivisionChange] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    dry_run: bool = False


def _values(record: TownshipRecord) -> dict:
    """The fields this record sets: only its non-empty cells."""
    given = {"name": record.name, "parent_id": record.county_code, "kind": record.kind,
             "lat": record.lat, "lon": record.lon, "population": record.population,
             "population_year": record.population_year}
    return {k: v for k, v in given.items() if v is not None}


def _provenance(source: str, *, actor: str, at: datetime, file_name: str) -> str:
    base = source.split(_IMPORT_NOTE)[0]
    return f"{base}{_IMPORT_NOTE}{at:%Y-%m-%d} by {actor} from {file_name or 'a file'}"


def _diff(division: Division, values: dict) -> dict[str, tuple]:
    return {k: (getattr(division, k), v) for k, v in values.items() if getattr(division, k) != v}


@transaction.atomic
def divisions_import(*, rows: list[dict], actor: str, at: datetime, dry_run: bool = False,
                     file_name: str = "", first_row: int = 2) -> DivisionsImportReport:
    """Create or update the townships of `rows`; all or nothing.

    Raises InvalidInput listing every fault ({row, field, reason}) when any row is bad.
    Audit: each written row's `source` ends with "| imported <date> by <actor> from <file>",
    and one log line names the actor, the time and the codes created and updated.
    """
    counties = dict(Division.objects.filter(level=Division.Level.COUNTY).values_list("code", "name"))
    checked = township_rows_check(rows, counties=counties, this_year=at.year, first_row=first_row)
    if checked.errors:
        raise InvalidInput(checked.errors)
    report = DivisionsImportReport(skipped=checked.skipped, dry_run=dry_run)
    codes = [r.code for r in checked.records]
    existing = Division.objects.select_for_update().in_bulk(codes)
    to_create, to_update = [], []
    for record in checked.records:
        values, division = _values(record), existing.get(record.code)
        if division is None:
            report.created.append(DivisionChange(record.code, record.name, record.row, {
                k: (None, v) for k, v in values.items()}))
            to_create.append(Division(code=record.code, level=Division.Level.TOWNSHIP, **values,
                                      source=_provenance(record.source or "", actor=actor, at=at,
                                                         file_name=file_name)))
            continue
        changes = _diff(division, values)
        target = report.updated if changes else report.unchanged
        target.append(DivisionChange(record.code, division.name, record.row, changes))
        if changes:
            for key, (_, after) in changes.items():
                setattr(division, key, after)
            division.source = _provenance(record.source or division.source, actor=actor, at=at,
                                          file_name=file_name)
            to_update.append(division)
    if not dry_run:
        _write(to_create, to_update, report, actor=actor, at=at)
    return report


def _write(to_create: list[Division], to_update: list[Division], report: DivisionsImportReport,
           *, actor: str, at: datetime) -> None:
    Division.objects.bulk_create(to_create, batch_size=1000)
    Division.objects.bulk_update(to_update, [*UPDATABLE, "source"], batch_size=1000)
    if to_create or to_update:
        gazetteer_changed()
    logger.info("geo.divisions.import by %s at %s: created %s; updated %s; unchanged %d",
                actor, at.isoformat(), [c.code for c in report.created],
                {c.code: sorted(c.changes) for c in report.updated}, len(report.unchanged))
