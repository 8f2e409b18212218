"""GET /api/v1/disclosure: public complaint figures per business and per brand (公示).

domain.md §4 (2023 disclosure rules). No personal data, no complaint texts, no tracking
numbers; each figure is defined in the answer's `definitions`.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from config.errors import InvalidInput

from ..stats.disclosure import disclosure_for, filters_parse
from ..stats.presenters import disclosure_csv, disclosure_dict

router = Router(tags=["disclosure"])


class DisclosureQuery(Schema):
    brand: str | None = Field(None, description="a brand's name, English name or alias")
    manufacturer: str | None = Field(None, description="a manufacturer's registered name")
    category: str | None = Field(None, description="appliance category code, e.g. refrigerator")
    months: int = Field(12, description="the period: the last 1 to 36 months, today included")
    format: str = Field("json", description="json or csv (UTF-8 with BOM, for Excel)")


@router.get("", summary="Complaint figures per business and per brand",
            description="Complaints received in the period, share answered in time, mediation "
                        "success rate, ODR settlement rate, counts per category; "
                        "`definitions` says exactly what each figure counts.")
def disclosure(request, q: Query[DisclosureQuery]):
    if q.format not in ("json", "csv"):
        raise InvalidInput([{"field": "format", "reason": "json or csv"}])
    filters = filters_parse(months=q.months, brand=q.brand, manufacturer=q.manufacturer,
                            category=q.category)
    report = disclosure_for(filters, today=timezone.localdate())
    if q.format == "json":
        return disclosure_dict(report)
    response = HttpResponse(disclosure_csv(report), content_type="text/csv; charset=utf-8")
    name = f"disclosure-{report.since.isoformat()}-{report.until.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
