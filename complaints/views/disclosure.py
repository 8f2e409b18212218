"""The public disclosure page (/disclosure/): complaint figures per business and per brand.

Works without JavaScript: the filters are a GET form; the same query downloads as CSV from
the API. Every figure is defined in the page's notes.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from config.errors import InvalidInput
from service_net.models import Brand, Category, Manufacturer

from ..stats.charts import bar_chart
from ..stats.dashboard import category_names
from ..stats.disclosure import MAX_MONTHS, Filters, disclosure_for, filters_parse
from ..stats.presenters import DEFINITION_TITLES, definitions
from .dashboard import percent

PERIODS = (3, 6, 12, 24, MAX_MONTHS)
FILTER_NAMES = ("brand", "manufacturer", "category", "months")


def _months(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else (None if not text.strip() else 0)


def _filters(request) -> tuple[Filters, list[dict]]:
    raw = {name: request.GET.get(name, "") for name in FILTER_NAMES}
    try:
        return filters_parse(months=_months(raw["months"]), brand=raw["brand"],
                             manufacturer=raw["manufacturer"], category=raw["category"]), []
    except InvalidInput as exc:
        return Filters(), exc.data["errors"]


def _rows(groups, names: dict[str, str]) -> list[dict]:
    return [{"group": g, "tally": g.tally, "in_time": percent(g.tally.answered_in_time_share),
             "mediation": percent(g.tally.mediation_success_rate),
             "odr": percent(g.tally.odr_settlement_rate),
             "categories": [(names.get(code, code), n) for code, n in g.tally.categories.most_common()
                            if code]} for g in groups]


def _category_choices() -> list[tuple[str, str]]:
    names = category_names()
    return [(code, names[code]) for code in Category.objects.values_list("code", flat=True)]


@require_GET
def disclosure_page(request):
    filters, errors = _filters(request)
    report = disclosure_for(filters, today=timezone.localdate())
    query = {k: v for k, v in request.GET.items() if k in FILTER_NAMES and v and not errors}
    total = report.total
    names = {code: name for code, name, _n in report.categories}
    return render(request, "complaints/disclosure/disclosure.html", {
        "report": report, "errors": errors, "filters": filters, "periods": PERIODS,
        "total_in_time": percent(total.answered_in_time_share),
        "total_mediation": percent(total.mediation_success_rate),
        "total_odr": percent(total.odr_settlement_rate),
        "businesses": _rows(report.businesses, names), "brands": _rows(report.brands, names),
        "category_chart": bar_chart([(c, name, n, str(n)) for c, name, n in report.categories]),
        "csv_url": f"{reverse('api-v1:disclosure')}?{urlencode({**query, 'format': 'csv'})}",
        "definitions": [(key, DEFINITION_TITLES[key], text)
                        for key, text in definitions().items()],
        "brand_choices": Brand.objects.order_by("name").values_list("name", flat=True),
        "manufacturer_choices": Manufacturer.objects.order_by("name").values_list("name", flat=True),
        "category_choices": _category_choices(),
    })
