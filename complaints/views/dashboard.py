"""The regulators' dashboard (/console/dashboard/): charts of their own division's complaints.

Scoped like the console (complaints_visible_to): a county regulator sees its county, a city
regulator its counties. Charts are SVG drawn on the server from complaints.stats.charts.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from config.access import regulator_required

from ..stats.charts import bar_chart, line_chart
from ..stats.dashboard import Dashboard, dashboard_for


def percent(share: float | None) -> str:
    return "—" if share is None else f"{round(share * 100)}%"


def _rate_bars(report: Dashboard, attribute: str, counts) -> object:
    items = []
    for name, tally in report.businesses:
        share = getattr(tally, attribute)
        numerator, denominator = counts(tally)
        items.append((name, name, 0 if share is None else share * 100,
                      f"{percent(share)} ({numerator}/{denominator})" if denominator else "—"))
    return bar_chart(items, max_value=100)


def charts(report: Dashboard) -> dict:
    bucket_css = {"overdue": "bad", "due_today": "warn", "within_3_wd": "warn"}
    return {
        "states": bar_chart([(s, label, n, str(n)) for s, label, n in report.by_state]),
        "buckets": bar_chart([(b, label, n, str(n), bucket_css.get(b, "s0"))
                              for b, label, n in report.buckets]),
        "overdue": bar_chart([(c, label, n, str(n), "bad")
                              for c, label, n in report.overdue_by_clock]),
        "response": _rate_bars(report, "response_rate",
                               lambda t: (t.business_answered_in_time, t.business_answer_counted)),
        "resolution": _rate_bars(report, "resolution_rate", lambda t: (t.resolved, t.ended)),
        "trends": line_chart([m.strftime("%Y-%m") for m in report.months], report.trends),
    }


@require_GET
@regulator_required
def dashboard_page(request):
    report = dashboard_for(request.user, today=timezone.localdate())
    profile = getattr(request.user, "regulator", None)
    scope = profile.division.name if profile else _("All divisions")
    businesses = [(name, tally, percent(tally.response_rate), percent(tally.resolution_rate))
                  for name, tally in report.businesses]
    return render(request, "complaints/dashboard/dashboard.html", {
        "report": report, "charts": charts(report), "scope": scope, "businesses": businesses,
        "month_labels": [m.strftime("%Y-%m") for m in report.months],
    })
