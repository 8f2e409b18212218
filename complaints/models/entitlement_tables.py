"""The 三包 catalogue as data a regulator edits: rule sets, category periods, parts.

The rules engine (complaints/rules/entitlement/) reads these tables and hard-codes nothing about
a category. A rule set is either the national baseline (no `base`) or a provincial overlay on a
base: an overlay's empty rule parameters and missing category rows are taken from its base.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Grade(models.TextChoices):
    """How well a value is sourced (domain.md): A official text read, B quoted, C one source."""

    A = "A", _("A: official full text read")
    B = "B", _("B: article wording quoted by several sources")
    C = "C", _("C: single secondary source, unverified")


BASELINE_PARAMETERS = (
    "return_days", "exchange_days", "failed_repairs_for_exchange", "parts_missing_days",
    "repairer_delay_days", "no_reason_return_days", "depreciation_allowed",
)


class EntitlementRuleSet(models.Model):
    """National baseline or a provincial overlay of the 三包 rule parameters (days, counts)."""

    code = models.SlugField(_("code"), max_length=32, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)
    base = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="overlays", verbose_name=_("overlay on"))
    return_days = models.PositiveSmallIntegerField(_("return window (days from sale)"),
                                                   null=True, blank=True)
    exchange_days = models.PositiveSmallIntegerField(_("exchange window (days from sale)"),
                                                     null=True, blank=True)
    failed_repairs_for_exchange = models.PositiveSmallIntegerField(
        _("failed repairs that give exchange or return"), null=True, blank=True)
    cumulative_repair_days_for_exchange = models.PositiveSmallIntegerField(
        _("cumulative repair days that give exchange or return"), null=True, blank=True)
    parts_missing_days = models.PositiveSmallIntegerField(
        _("days in repair for missing parts before a free exchange"), null=True, blank=True)
    repairer_delay_days = models.PositiveSmallIntegerField(
        _("days of repairer's own delay before a free exchange"), null=True, blank=True)
    repair_deadline_days = models.PositiveSmallIntegerField(
        _("repair deadline in days (loan unit beyond it)"), null=True, blank=True)
    no_reason_return_days = models.PositiveSmallIntegerField(
        _("statutory no-reason return for remote sales (days)"), null=True, blank=True)
    depreciation_allowed = models.BooleanField(_("depreciation on a return allowed"),
                                               null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.B)
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Sanbao rule set")
        verbose_name_plural = _("Sanbao rule sets")
        constraints = [
            models.CheckConstraint(
                condition=Q(base__isnull=False) | Q(
                    **{f"{name}__isnull": False for name in BASELINE_PARAMETERS}),
                name="entitlement_rule_set_baseline_complete",
            ),
            models.CheckConstraint(condition=~Q(base=models.F("code")),
                                   name="entitlement_rule_set_not_own_base"),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.code})"

    def clean(self):
        """An overlay's chain of bases must end at a baseline, never loop back to this set."""
        seen, base = {self.code}, self.base
        while base is not None:
            if base.code in seen:
                raise ValidationError({"base": _("The bases of this rule set form a loop.")})
            seen.add(base.code)
            base = base.base


class EntitlementCategory(models.Model):
    """One appliance category's 三包 terms within a rule set: whole-unit period and how it starts."""

    rule_set = models.ForeignKey(EntitlementRuleSet, on_delete=models.CASCADE,
                                 related_name="categories", verbose_name=_("rule set"))
    category = models.ForeignKey("service_net.Category", on_delete=models.PROTECT,
                                 related_name="entitlement_terms",
                                 verbose_name=_("appliance category"))
    whole_unit_months = models.PositiveSmallIntegerField(_("whole unit period (months)"))
    depreciation_percent_per_day = models.DecimalField(
        _("depreciation (% per day)"), max_digits=5, decimal_places=3, null=True, blank=True,
        # xgettext:no-python-format
        help_text=_("0.100 means 0.1 % of the invoice price per day; empty: none published"))
    starts_at_installation = models.BooleanField(
        _("period starts when installation is finished"), default=False)
    accepts_other_proof = models.BooleanField(
        _("other proof of the purchase date accepted"), default=False)
    no_proof_days_after_manufacture = models.PositiveSmallIntegerField(
        _("without proof: covered from manufacture date plus (days)"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.C)
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rule_set_id", "category__sort_order"]
        verbose_name = _("category Sanbao terms")
        verbose_name_plural = _("category Sanbao terms")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "category"],
                                    name="entitlement_category_unique"),
            models.CheckConstraint(condition=Q(whole_unit_months__gt=0),
                                   name="entitlement_category_period_positive"),
            models.CheckConstraint(
                condition=Q(depreciation_percent_per_day__isnull=True)
                | Q(depreciation_percent_per_day__gte=0, depreciation_percent_per_day__lte=100),
                name="entitlement_category_depreciation_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set_id} · {self.category_id}"


class EntitlementPart(models.Model):
    """A main part (主要部件) or accessory (附件) of a category with its own 三包 period."""

    class Kind(models.TextChoices):
        MAIN_PART = "main_part", _("Main part")
        ACCESSORY = "accessory", _("Accessory")

    terms = models.ForeignKey(EntitlementCategory, on_delete=models.CASCADE, related_name="parts",
                              verbose_name=_("category terms"))
    code = models.SlugField(_("code"), max_length=32)
    name_zh = models.CharField(_("Chinese name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices,
                            default=Kind.MAIN_PART)
    period_months = models.PositiveSmallIntegerField(_("period (months)"))
    verified = models.BooleanField(_("verified"), default=False)
    source = models.TextField(_("source"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["terms_id", "sort_order", "code"]
        verbose_name = _("part period")
        verbose_name_plural = _("part periods")
        constraints = [
            models.UniqueConstraint(fields=["terms", "code"], name="entitlement_part_unique"),
            models.CheckConstraint(condition=Q(period_months__gt=0),
                                   name="entitlement_part_period_positive"),
            models.CheckConstraint(condition=~Q(code="whole_unit"),
                                   name="entitlement_part_code_not_whole_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.code})"


class EntitlementTableChange(models.Model):
    """Who changed which catalogue row, when, and what it held before and after (audit trail)."""

    table = models.CharField(max_length=32)  # "rule_set" | "category" | "part"
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=64)  # dotted: complaints.entitlement_category.change
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150)
    at = models.DateTimeField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("catalogue change")
        verbose_name_plural = _("catalogue changes")
        indexes = [models.Index(fields=["table", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_id} by {self.actor_name}"


