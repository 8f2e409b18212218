"""The State Council's official holiday schedule per year, as entered by an administrator.

An entered year overrides the `chinese_calendar` package for that year (the package knows only
the years it was released for). Deadlines counted through a year that is neither entered nor
known to the package are provisional (domain.md §1).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source (the State Council notice)"), max_length=256)
    entered_by = models.CharField(_("entered by"), max_length=64)
    entered_at = models.DateTimeField(_("entered at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")

    def __str__(self) -> str:
        return str(self.year)


class HolidayDate(models.Model):
    """One day of a year's schedule: a statutory day off, or a weekend day worked (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off (holiday)")
        WORKDAY = "workday", _("Working day (调休 weekend)")

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="dates")
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=32, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday schedule day")
        verbose_name_plural = _("holiday schedule days")
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=["holiday", "workday"]),
                                              name="holiday_date_kind_known")]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"
