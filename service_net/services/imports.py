"""Validate and apply a manufacturer's batch: the one path for JSON and CSV input."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from config.errors import InvalidInput
from geo.models import Division

from ..models import Category, Manufacturer
from ..rules.outlet_rows import Vocabulary, validate_batch
from .upsert import UpsertResult, outlets_upsert

MAX_BATCH = 200_000
NOTHING_WRITTEN = _("Some rows are not valid; nothing of the batch was written.")


def vocabulary_for(manufacturer: Manufacturer) -> Vocabulary:
    divisions = frozenset(Division.objects.values_list("code", flat=True))
    return Vocabulary(
        categories=frozenset(Category.objects.values_list("code", flat=True)),
        brands=frozenset(manufacturer.brands.values_list("name", flat=True)),
        division_exists=divisions.__contains__,
    )


def outlets_import(
    *, manufacturer: Manufacturer, rows: list, actor: str, at: datetime,
    dry_run: bool = False, first_row: int | None = None, demo: bool = False,
) -> UpsertResult:
    """Validate every row, then upsert all or nothing.

    `first_row`: for CSV, the file line of rows[0] (2 after the header); errors then carry
    `row` beside the 0-based `index`. dry_run validates and counts without writing.
    """
    if not isinstance(rows, list):
        raise InvalidInput([{"field": "", "reason": "the body must be a JSON list of outlets"}])
    if len(rows) > MAX_BATCH:
        raise InvalidInput([{"field": "", "reason": f"at most {MAX_BATCH} outlets per batch"}])
    batch = validate_batch(rows, vocabulary_for(manufacturer))
    if batch.errors:
        raise InvalidInput([_error(e.index, e.field, e.reason, first_row) for e in batch.errors],
                           NOTHING_WRITTEN)
    try:
        with transaction.atomic():
            result = outlets_upsert(manufacturer=manufacturer, records=batch.records,
                                    actor=actor, at=at, demo=demo)
            if dry_run:
                transaction.set_rollback(True)
    except InvalidInput as exc:
        raise InvalidInput([_error(e["index"], e["field"], e["reason"], first_row)
                            for e in exc.data["errors"]], NOTHING_WRITTEN) from exc
    return result


def _error(index: int, field: str, reason: str, first_row: int | None) -> dict:
    error = {"index": index, "field": field, "reason": reason}
    if first_row is not None:
        error["row"] = index + first_row
    return error
