"""The regulators' dashboard: open cases by state and deadline, overdue counts, per-business
response and resolution rates, per-category trends by month. Scoped like the console
(complaints_visible_to); a fixed number of queries whatever the number of complaints."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from service_net.models import Category

from ..models import Complaint
from ..rules import workflow
from ..selectors import complaints_visible_to
from .due import DueDates
from .facts import OPEN_STATUSES, rows_of
from .figures import DEADLINE_BUCKETS, OVERDUE, Tally, deadline_bucket

BUSINESS_ROWS = 15
TREND_CATEGORIES = 6

BUCKET_LABELS = {
    "overdue": _("Overdue"), "due_today": _("Due today"),
    "within_3_wd": _("Due within 3 working days"), "later": _("Due later"),
    "provisional": _("Later, on a provisional date"), "no_clock": _("No clock running"),
}
CLOCK_LABELS = {
    "odr_settlement": _("Business answer (ODR, 10 working days)"),
    "regulator_acceptance": _("Acceptance decision (7 working days)"),
    "mediation": _("Mediation (45 working days)"),
    "termination_notice": _("Closure notice (7 working days)"),
}


@dataclass
class Dashboard:
    today: date
    since: date
    by_state: list[tuple[str, str, int]]
    buckets: list[tuple[str, str, int]]
    overdue_by_clock: list[tuple[str, str, int]]
    delay_flagged: int
    businesses: list[tuple[str, Tally]]
    months: list[date]
    trends: list[tuple[str, list[int]]]

    @property
    def open_total(self) -> int:
        return sum(row[2] for row in self.by_state)

    @property
    def overdue_total(self) -> int:
        return sum(row[2] for row in self.overdue_by_clock)


def month_starts(today: date, count: int = 12) -> list[date]:
    """The first days of the last `count` calendar months, the current one last."""
    year, month = today.year, today.month
    starts = []
    for _i in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def dashboard_for(user, *, today: date) -> Dashboard:
    scope = complaints_visible_to(user)
    due = DueDates()
    by_state, buckets, overdue = _clock_counts(scope, today, due)
    months = month_starts(today)
    rows = rows_of(scope, since=months[0], until=today, due=due,
                   key_fields=("respondent_manufacturer__name", "respondent_name"))
    delay = scope.filter(delay_flagged_at__isnull=False, performed_at__isnull=True).count()
    return Dashboard(today, months[0], by_state, buckets, overdue, delay,
                     _businesses(rows, today), months, _trends(rows, months))


def _clock_counts(scope, today: date, due: DueDates):
    """Open cases per state and deadline bucket, and every running clock past its due date
    (a closed case's closure notice included), from one grouped query."""
    groups = (scope.filter(Q(status__in=OPEN_STATUSES) | Q(due_date__isnull=False)).order_by()
              .values("status", "due_clock", "due_date", "due_provisional")
              .annotate(n=Count("id")))
    third = due.add_working_days(today, 3)
    states, buckets, overdue = Counter(), Counter(), Counter()
    for g in groups:
        bucket = deadline_bucket(g["due_date"], g["due_provisional"], today=today,
                                 third_working_day=third)
        if g["status"] in OPEN_STATUSES:
            states[g["status"]] += g["n"]
            buckets[bucket] += g["n"]
        if bucket == OVERDUE:
            overdue[g["due_clock"]] += g["n"]
    labels = dict(Complaint.Status.choices)
    # SUBMITTED lasts only within the filing transaction: shown only if a case is stuck there.
    shown = [s for s in OPEN_STATUSES if s != workflow.SUBMITTED or states[s]]
    return ([(s, labels[s], states[s]) for s in shown],
            [(b, BUCKET_LABELS[b], buckets[b]) for b in DEADLINE_BUCKETS],
            [(c, CLOCK_LABELS.get(c, c), overdue[c]) for c in CLOCK_LABELS])


def _businesses(rows, today: date) -> list[tuple[str, Tally]]:
    """The answering business (ODR), else the respondent as named; the busiest first."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        name = row.keys["respondent_manufacturer__name"] or " ".join(
            (row.keys["respondent_name"] or "").split()) or "—"
        tallies[name].add(row.facts, today)
    ranked = sorted(tallies.items(), key=lambda kv: (-kv[1].complaints, kv[0]))
    return ranked[:BUSINESS_ROWS]


def category_names() -> dict[str, str]:
    chinese = (get_language() or "").startswith("zh")
    return {c["code"]: c["name_zh"] if chinese else c["name_en"]
            for c in Category.objects.values("code", "name_zh", "name_en")}


def _trends(rows, months: list[date]) -> list[tuple[str, list[int]]]:
    """Complaints received per month for the busiest categories, the rest as one line."""
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    per_category: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for row in rows:
        day = row.facts.received_on
        per_category[row.facts.category][index[(day.year, day.month)]] += 1
    ranked = sorted(per_category.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    names = category_names() if ranked else {}
    lines = [(names.get(code, str(_("No category"))) if code else str(_("No category")), counts)
             for code, counts in ranked[:TREND_CATEGORIES]]
    rest = ranked[TREND_CATEGORIES:]
    if rest:
        lines.append((str(_("Other categories")),
                      [sum(c[i] for _, c in rest) for i in range(len(months))]))
    return lines
