"""Back office: the State Council's holiday schedule (放假安排) per year, typed as one day a line.

Saving goes through `holiday_year_enter` (replaces the year's days, records who and when, and
recomputes provisional deadlines after commit). A year is corrected by saving it again; it is
not deleted, since deadlines already counted with it would silently change.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import HolidayYear
from ..rules.deadlines import ScheduleDay, schedule_day_parse
from ..services.deadlines import holiday_year_enter, holiday_year_faults


class HolidayYearForm(forms.ModelForm):
    schedule = forms.CharField(
        label=_("Days"), widget=forms.Textarea(attrs={"rows": 24, "cols": 60}),
        help_text=_("One day a line: date, kind, name. Kind is holiday (休) for a day off or "
                    "workday (班) for a weekend day worked (调休). Example: "
                    "2027-02-06 holiday 春节"))

    class Meta:
        model = HolidayYear
        fields = ("year", "source", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["schedule"].initial = "\n".join(
                f"{d.date.isoformat()} {d.kind} {d.name}".rstrip()
                for d in self.instance.dates.all())

    def clean(self):
        cleaned = super().clean()
        days, errors = _parse(cleaned.get("schedule") or "")
        year = cleaned.get("year") or self.instance.pk
        if year and not errors:
            errors = [f"{_('line')} {f.row}: {f.field}: {f.reason}" if f.row else
                      f"{f.field}: {f.reason}"
                      for f in holiday_year_faults(year=year, source=cleaned.get("source") or "-",
                                                   days=days)]
        if errors:
            self.add_error("schedule", errors)
        cleaned["days"] = days
        return cleaned


def _parse(text: str) -> tuple[list[ScheduleDay], list[str]]:
    days, errors = [], []
    for row, line in enumerate(text.splitlines(), start=1):
        parts = line.split(None, 2)
        if not parts:
            continue
        day, faults = schedule_day_parse(row, parts[0], parts[1] if len(parts) > 1 else "",
                                         parts[2] if len(parts) > 2 else "")
        errors += [f"{_('line')} {f.row}: {f.field}: {f.reason}" for f in faults]
        if day is not None:
            days.append(day)
    return days, errors


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    form = HolidayYearForm
    list_display = ("year", "source", "entered_by", "entered_at")
    readonly_fields = ("entered_by", "entered_at")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (("year",) if obj else ())

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        entered = holiday_year_enter(
            year=obj.year, source=form.cleaned_data["source"], days=form.cleaned_data["days"],
            note=form.cleaned_data.get("note") or "", entered_by=request.user.get_username(),
            at=timezone.now())
        obj.entered_by, obj.entered_at = entered.entered_by, entered.entered_at
