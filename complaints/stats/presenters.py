"""The disclosure as JSON and CSV, and the definitions the page and the API publish with it."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .disclosure import Disclosure, Group
from .figures import Tally

FIGURE_COLUMNS = ("complaints", "answers_counted", "answered_in_time", "answered_in_time_share",
                  "mediations_closed", "mediation_agreements", "mediation_success_rate",
                  "odr_cases_closed", "odr_settled", "odr_settlement_rate")


DEFINITION_TITLES = {
    "period": gettext_lazy("Period"), "complaints": gettext_lazy("Complaints"),
    "answered_in_time_share": gettext_lazy("Answered in time"),
    "mediation_success_rate": gettext_lazy("Mediation success rate"),
    "odr_settlement_rate": gettext_lazy("ODR settlement rate"),
    "business": gettext_lazy("Business"), "privacy": gettext_lazy("Personal data"),
    "rates": gettext_lazy("Empty rates"),
}


def definitions() -> dict[str, str]:
    """What each figure means (figures.py holds the same rules as code)."""
    return {
        "period": _("Complaints received from the first to the last day of the period, both "
                    "included; the state of each complaint is as of the publication day."),
        "complaints": _("Complaints received in the period, whatever became of them. Small "
                        "numbers are shown as they are: they are business figures."),
        "answered_in_time_share": _(
            "Answered in time: a complaint sent to the business through online dispute "
            "resolution (ODR) is answered in time when the business accepted, offered or "
            "rejected within 10 working days of receiving it; any other complaint when the "
            "regulator decided to accept or refuse it within 7 working days of receipt (also "
            "when the consumer took it to the regulator before the business answered and "
            "before its 10 working days ran out). "
            "Counted once the answer is given or its due date has passed; not counted while "
            "not yet due, nor when the consumer withdrew before the due date and before any "
            "answer. Share = answered in time / counted."),
        "mediation_success_rate": _(
            "Mediation success rate: mediations ended with an agreement / mediations closed "
            "(agreement, or ended without agreement: a party refused or did not attend, or 45 "
            "working days passed)."),
        "odr_settlement_rate": _(
            "ODR settlement rate: complaints the consumer and the business settled in ODR / ODR "
            "cases closed (settled, not settled, or the business let its 10 working days "
            "pass)."),
        "business": _(
            "A business is named when the registry identifies it: the manufacturer that answered "
            "in ODR, else the registered outlet complained about. Respondents known only by the "
            "name the consumer typed are counted in the totals but not named."),
        "privacy": _("No personal data, no complaint texts and no tracking numbers are published."),
        "rates": _("A rate with nothing to count is empty (null), not zero."),
    }


def tally_dict(tally: Tally, names: dict[str, str]) -> dict:
    return {
        "complaints": tally.complaints,
        "answers_counted": tally.answer_counted,
        "answered_in_time": tally.answered_in_time,
        "answered_in_time_share": tally.answered_in_time_share,
        "mediations_closed": tally.mediation_closed,
        "mediation_agreements": tally.mediation_agreements,
        "mediation_success_rate": tally.mediation_success_rate,
        "odr_cases_closed": tally.odr_closed,
        "odr_settled": tally.odr_settled,
        "odr_settlement_rate": tally.odr_settlement_rate,
        "categories": [{"code": code, "name": names.get(code, code), "complaints": n}
                       for code, n in sorted(tally.categories.items(), key=lambda c: (-c[1], c[0]))
                       if code],
    }


def group_dict(group: Group, names: dict[str, str]) -> dict:
    head = {"kind": group.kind, "name": group.name}
    if group.kind == "brand":
        head["manufacturer"] = group.manufacturer
    return {**head, **tally_dict(group.tally, names)}


def disclosure_dict(report: Disclosure) -> dict:
    names = {code: name for code, name, _n in report.categories}
    f = report.filters
    return {
        "period": {"from": report.since.isoformat(), "to": report.until.isoformat(),
                   "months": f.months},
        "filters": {"brand": f.brand.name if f.brand else None,
                    "manufacturer": f.manufacturer.name if f.manufacturer else None,
                    "category": f.category.code if f.category else None},
        "totals": tally_dict(report.total, names),
        "businesses": [group_dict(g, names) for g in report.businesses],
        "brands": [group_dict(g, names) for g in report.brands],
        "categories": [{"code": c, "name": n, "complaints": k} for c, n, k in report.categories],
        "not_named": {"business": report.unnamed_business, "brand": report.unnamed_brand},
        "definitions": definitions(),
    }


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    # A business name starting with = + - @ would run as a formula in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def disclosure_csv(report: Disclosure) -> bytes:
    """One row per business, per brand and the total; one column per category. UTF-8 with a
    BOM so that Excel reads the Chinese names."""
    codes = [code for code, _name, _n in report.categories]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["level", "name", "manufacturer", "period_from", "period_to",
                     *FIGURE_COLUMNS, *(f"category:{c}" for c in codes)])
    rows = [("total", "", "", report.total)]
    rows += [(g.kind, g.name, g.manufacturer, g.tally) for g in report.businesses]
    rows += [("brand", g.name, g.manufacturer, g.tally) for g in report.brands]
    for level, name, maker, tally in rows:
        figures = tally_dict(tally, {})
        writer.writerow([level, _cell(name), _cell(maker), report.since.isoformat(),
                         report.until.isoformat(), *(_cell(figures[c]) for c in FIGURE_COLUMNS),
                         *(tally.categories.get(c, 0) for c in codes)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
