"""Reads of the regulator's console: the triage queue with its signals, filters and search, and
one case with what the case view shows beside it.

Scope is always `complaints_visible_to(user)` (a county regulator: its county; a city regulator:
its counties; admins: all). A case outside the scope is NotFound, exactly like one that does
not exist, so existence never leaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from config.errors import NotFound
from geo.models import Division
from geo.rules.codes import code_level, code_prefix, full_code
from service_net.models import Suspect

from .models import Complaint, ComplaintEvent
from .rules import workflow
from .rules.tracking import TrackingNumberError, tracking_number_parse
from .selectors import complaints_visible_to

# Signals, in the order the queue shows them (domain.md §4 and §6; issue 5).
FAKE_OUTLET = "fake_outlet"
DELAY = "delay"
VULNERABLE = "vulnerable"
REPEATED = "repeated_respondent"
SIGNALS = (FAKE_OUTLET, DELAY, VULNERABLE, REPEATED)
REPEATED_WINDOW_DAYS = 90
REPEATED_MIN_COMPLAINTS = 3  # this complaint included

OPEN_STATUSES = (workflow.SUBMITTED, workflow.WITH_BUSINESS, workflow.BUSINESS_PROPOSED,
                 workflow.WITH_REGULATOR, workflow.IN_MEDIATION)
ALL_STATUSES = "all"
OVERDUE = "overdue"
ASSIGNED_TO_ME, UNASSIGNED = "me", "none"
CLOCKS = ("odr_settlement", "regulator_acceptance", "mediation", "termination_notice")


@dataclass(frozen=True)
class QueueFilters:
    """What the queue's filter form holds; every field is optional ("" = any)."""

    status: str = ""  # "" = needs attention (open, a clock running, or delay); "all"; a status
    clock: str = ""  # a clock name, or "overdue"
    county: str = ""  # 12-digit division code (city regulators and admins)
    category: str = ""
    brand: str = ""  # brand id
    assigned: str = ""  # "me" | "none"
    signal: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query) -> QueueFilters:
        return cls(**{f.name: (query.get(f.name) or "").strip()[:64] for f in fields(cls)})

    def as_query(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def triage_queue(user, *, filters: QueueFilters, now: datetime, today: date) -> QuerySet[Complaint]:
    """The complaints in the user's scope that match the filters, most urgent first: overdue on
    top, then due soonest (no clock last), then by how many signals they carry, oldest first."""
    complaints = _with_signals(complaints_visible_to(user), now=now)
    complaints = _filtered(complaints, filters, user=user, today=today)
    return complaints.order_by(F("due_date").asc(nulls_last=True), F("signal_count").desc(),
                               "received_at", "id")


def triage_page(queue: QuerySet[Complaint], number, per_page: int) -> tuple[Page, list[Complaint]]:
    """One page of the queue in two narrow steps: the ordering runs over ids and signal flags
    only (not over every column of every case in scope), then the page's rows are read whole.
    Each row carries its signals as `sig_<name>` attributes, like the annotated queryset."""
    columns = [f"sig_{name}" for name in SIGNALS]
    page = Paginator(queue.values_list("pk", *columns), per_page).get_page(number)
    keys = list(page.object_list)
    by_pk = Complaint.objects.select_related(
        "jurisdiction", "category", "brand", "assigned_to", "respondent_outlet").annotate(
        version=version_subquery()).in_bulk([key[0] for key in keys])
    rows = []
    for pk, *flags in keys:
        complaint = by_pk[pk]
        for column, flag in zip(columns, flags, strict=True):
            setattr(complaint, column, flag)
        rows.append(complaint)
    return page, rows


def _with_signals(complaints: QuerySet[Complaint], *, now: datetime) -> QuerySet[Complaint]:
    """Each signal as a boolean column, and their count. The subqueries are uncorrelated, so
    PostgreSQL runs them once per query (hashed subplans), not once per row."""
    delay = Q(delay_flagged_at__isnull=False, performed_at__isnull=True)
    complaints = complaints.annotate(
        sig_fake_outlet=_as_bool(_fake_outlet_signal()),
        sig_delay=_as_bool(delay),
        sig_vulnerable=F("vulnerable"),
        sig_repeated_respondent=_as_bool(_repeated_respondent(
            since=now - timedelta(days=REPEATED_WINDOW_DAYS))),
    )
    return complaints.annotate(signal_count=sum(
        (Case(When(**{f"sig_{name}": True}, then=Value(1)), default=Value(0),
              output_field=IntegerField()) for name in SIGNALS), Value(0)))


def _as_bool(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _fake_outlet_signal() -> Q:
    """The repair outlet's phone is a suspected fake outlet (service_net's Suspect, not
    dismissed: a Suspect row exists only once its score reached the fraud queue's threshold)."""
    suspects = Suspect.objects.exclude(state=Suspect.State.DISMISSED).values("phone_key")
    return Q(repair_outlet_phone_key__in=suspects) & ~Q(repair_outlet_phone_key="")


def _repeated_respondent(*, since: datetime) -> Q:
    """At least REPEATED_MIN_COMPLAINTS complaints (this one included) received since `since`
    against the same answering manufacturer, the same registry outlet or the same name as typed."""
    recent = Complaint.objects.filter(received_at__gte=since).order_by()

    def repeated(field: str, present: Q) -> QuerySet:
        return recent.filter(present).values(field).annotate(n=Count("id")).filter(
            n__gte=REPEATED_MIN_COMPLAINTS).values(field)

    return (Q(respondent_manufacturer__in=repeated(
                "respondent_manufacturer", Q(respondent_manufacturer__isnull=False)))
            | Q(respondent_outlet__in=repeated(
                "respondent_outlet", Q(respondent_outlet__isnull=False)))
            | Q(respondent_name__in=repeated("respondent_name", ~Q(respondent_name=""))))


def _filtered(complaints, filters: QueueFilters, *, user, today: date):
    complaints = _by_status(complaints, filters.status)
    if filters.clock == OVERDUE:
        complaints = complaints.filter(due_date__lt=today)
    elif filters.clock in CLOCKS:
        complaints = complaints.filter(due_clock=filters.clock)
    if filters.county.isdigit():
        complaints = complaints.filter(jurisdiction__code__startswith=code_prefix(
            full_code(filters.county)))
    if filters.category:
        complaints = complaints.filter(category_id=filters.category)
    if filters.brand.isdigit():
        complaints = complaints.filter(brand_id=int(filters.brand))
    if filters.assigned == ASSIGNED_TO_ME:
        complaints = complaints.filter(assigned_to=user)
    elif filters.assigned == UNASSIGNED:
        complaints = complaints.filter(assigned_to__isnull=True)
    if filters.signal in SIGNALS:
        complaints = complaints.filter(**{f"sig_{filters.signal}": True})
    return _searched(complaints, filters.q)


def _by_status(complaints, status: str):
    if status == ALL_STATUSES:
        return complaints
    if status in workflow.STATUSES:
        return complaints.filter(status=status)
    return complaints.filter(Q(status__in=OPEN_STATUSES) | Q(due_date__isnull=False)
                             | Q(delay_flagged_at__isnull=False, performed_at__isnull=True))


def _searched(complaints, q: str):
    """Tracking number (typed with spaces or dashes, whole or part), respondent or brand."""
    q = " ".join(q.split())
    if not q:
        return complaints
    match = (Q(respondent_name__icontains=q) | Q(respondent_outlet__name__icontains=q)
             | Q(brand__name__icontains=q) | Q(brand_text__icontains=q))
    compact = re.sub(r"[\s\-]", "", q).upper()
    if compact.isalnum():
        try:
            match |= Q(tracking_number=tracking_number_parse(compact))
        except TrackingNumberError:
            match |= Q(tracking_number__contains=compact)
    return complaints.filter(match)


def queue_counties(user) -> QuerySet[Division]:
    """The counties a city regulator or admin may filter by (those with complaints in scope);
    none for a county regulator, whose scope is one county."""
    profile = getattr(user, "regulator", None)
    if profile is not None and code_level(profile.division_id) == "county":
        return Division.objects.none()
    return Division.objects.filter(
        code__in=complaints_visible_to(user).values("jurisdiction")).order_by("code")


# --- one case ---


def console_complaint(user, tracking: str) -> Complaint:
    """The complaint if `user` may see it; NotFound alike when it does not exist."""
    try:
        number = tracking_number_parse(tracking)
    except TrackingNumberError as exc:
        raise NotFound() from exc
    complaint = complaints_visible_to(user).select_related(
        "consumer_county", "respondent_outlet", "respondent_manufacturer", "assigned_to").filter(
        tracking_number=number).annotate(version=version_subquery()).first()
    if complaint is None:
        raise NotFound()
    return complaint


def version_subquery() -> Subquery:
    """A complaint's version as a column: the id of its latest event (every change writes one;
    complaints.services.workflow.versions checks it under the row lock). Read in the same
    statement as the row, so a page never pairs an older state with a newer version."""
    return Subquery(ComplaintEvent.objects.filter(complaint_id=OuterRef("pk"))
                    .order_by("-id").values("id")[:1])


def console_complaints_by_id(user, ids) -> dict[int, Complaint]:
    """The complaints among `ids` the user may see (others are left out, as if missing)."""
    return {c.pk: c for c in complaints_visible_to(user).filter(pk__in=ids)}


def assignable_staff(complaint: Complaint):
    """Regulator accounts that may take the case: of its county, or of the city or province
    above it (the same divisions that see it)."""
    code = complaint.jurisdiction_id or ""
    divisions = {full_code(code[:digits]) for digits in (2, 4, 6)} if code else set()
    return get_user_model().objects.filter(
        is_active=True, regulator__division_id__in=divisions).select_related(
        "regulator__division").order_by("regulator__division_id", "username")


def complaint_signals(user, complaint: Complaint, *, now: datetime) -> list[str]:
    """The signals one complaint carries (for the case view), in SIGNALS order."""
    row = _with_signals(complaints_visible_to(user).filter(pk=complaint.pk), now=now).values(
        *(f"sig_{name}" for name in SIGNALS)).first() or {}
    return [name for name in SIGNALS if row.get(f"sig_{name}")]


def row_signals(complaint: Complaint) -> list[str]:
    """The signals of a queue row (annotated by triage_queue)."""
    return [name for name in SIGNALS if getattr(complaint, f"sig_{name}", False)]
