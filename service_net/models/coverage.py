"""Rural service coverage (农村服务覆盖): a read model computed from the registry.

Written only by service_net/coverage/; see that package for how it is refreshed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import Category, Outlet


class TownshipCoverage(models.Model):
    """One township's coverage for one category, all brands together (domain.md §7).

    Each kind of service is kept apart. home_visit is NULL when the township has no known point
    (then the nearest outlet is unknown too); touring is decidable without a point.
    """

    # Written only by the refresh, from the gazetteer and the catalogue, 600,000 rows at national
    # scale: row-by-row foreign-key checks at commit would cost more than the whole computation
    # (Django still cascades deletes). Indexed by the unique constraint (category, township).
    township = models.ForeignKey("geo.Division", on_delete=models.CASCADE, related_name="+",
                                 db_index=False, db_constraint=False, verbose_name=_("township"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+",
                                 db_index=False, db_constraint=False,
                                 verbose_name=_("appliance category"))
    home_visit = models.BooleanField(_("served by home visits"), null=True)
    touring = models.BooleanField(_("served by touring visits"))
    remote_diagnosis = models.BooleanField(_("remote diagnosis offered"))
    # A read model: outlets may be deleted outside the services; the next refresh mends it.
    nearest_outlet = models.ForeignKey(Outlet, null=True, on_delete=models.DO_NOTHING,
                                       db_constraint=False, related_name="+")
    nearest_outlet_km = models.FloatField(_("nearest authorized outlet (km)"), null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("township coverage")
        verbose_name_plural = _("township coverage")
        constraints = [
            models.UniqueConstraint(fields=["category", "township"],
                                    name="township_coverage_unique"),
            models.CheckConstraint(
                condition=models.Q(home_visit__isnull=False)
                | models.Q(nearest_outlet__isnull=True, nearest_outlet_km__isnull=True),
                name="township_coverage_unknown_location_has_no_nearest"),
        ]
        # An incremental refresh reads the townships whose nearest outlet is far (or unknown).
        indexes = [models.Index(fields=["category", "nearest_outlet_km"])]

    def __str__(self) -> str:
        return f"{self.township_id} × {self.category_id}"


class CoverageOutlet(models.Model):
    """An outlet as the stored coverage saw it: where, which service modes, which categories.

    `categories` is a bitmask over CoverageState.categories (bit i = the i-th code). The
    footprint lets an incremental refresh know where a changed outlet reached before the change,
    and find the outlets near a township by 1° grid cell without reading them all.
    """

    # A copy rebuilt by every full refresh: no database constraints to check.
    outlet = models.OneToOneField(Outlet, on_delete=models.DO_NOTHING, db_constraint=False,
                                  related_name="+")
    categories = models.BigIntegerField()
    lat = models.FloatField()
    lon = models.FloatField()
    home_visit_radius_km = models.FloatField(null=True, db_index=True)
    remote_diagnosis = models.BooleanField()
    cell = models.IntegerField(db_index=True,
                               help_text="1° grid cell: (floor(lat)+90)*360 + floor(lon)+180")

    def __str__(self) -> str:
        return f"footprint of {self.outlet_id}"


class CoverageTouringStop(models.Model):
    """A touring stop of an outlet that had a footprint, as the stored coverage saw it."""

    outlet = models.ForeignKey(Outlet, on_delete=models.DO_NOTHING, db_constraint=False,
                               related_name="+")
    township = models.ForeignKey("geo.Division", on_delete=models.DO_NOTHING,
                                 db_constraint=False, related_name="+")
    visits_per_month = models.FloatField()

    def __str__(self) -> str:
        return f"{self.outlet_id} → {self.township_id}"


class CoverageDirtyOutlet(models.Model):
    """An outlet changed since coverage was computed: written in the writer's transaction."""

    outlet_id = models.BigIntegerField()
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"dirty {self.outlet_id}"


class CoverageRefreshRequest(models.Model):
    """One row: a refresh is queued (requested_at set) and whether it must be a full one.

    Writers set requested_at only when it is empty, and enqueue the job only then: a burst of
    writes queues one job. The job empties it when it starts, so a write during a run queues
    exactly one more.
    """

    requested_at = models.DateTimeField(null=True)
    full = models.BooleanField(default=False)
    job_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"coverage refresh requested at {self.requested_at}"


class CoverageState(models.Model):
    """One row, locked by every refresh (so two workers never refresh at once): what is stored."""

    computed_for = models.DateField(null=True, help_text="the day whose authorizations count")
    refreshed_at = models.DateTimeField(null=True)
    gazetteer_fingerprint = models.CharField(max_length=32, blank=True)
    categories = models.JSONField(default=list, help_text="category codes in footprint bit order")
    remote_offered = models.JSONField(default=list, help_text="categories with remote diagnosis")

    def __str__(self) -> str:
        return f"coverage as of {self.refreshed_at}"


class CoverageRun(models.Model):
    """The record of each refresh: who, when, what kind, how much (audit of the read model)."""

    class Kind(models.TextChoices):
        FULL = "full", _("Full")
        INCREMENTAL = "incremental", _("Incremental")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.CharField(max_length=128)
    at = models.DateTimeField()
    computed_for = models.DateField()
    reason = models.CharField(max_length=128, blank=True)
    outlets_changed = models.IntegerField(default=0)
    rows_written = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} coverage refresh by {self.actor} at {self.at}"
