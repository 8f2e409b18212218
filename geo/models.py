from django.db import models
from django.utils.translation import gettext_lazy as _


class Division(models.Model):
    """An administrative division (行政区划): province, city, county or township."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township")

    class Kind(models.TextChoices):
        URBAN = "urban", _("Urban (街道)")
        RURAL = "rural", _("Rural (镇/乡)")
        UNKNOWN = "", _("Unknown")

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("urban/rural"), max_length=8, choices=Kind.choices, blank=True)
    lat = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    lon = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{12}$"), name="division_code_12_digits"
            ),
            models.CheckConstraint(
                condition=(models.Q(lat__isnull=True) & models.Q(lon__isnull=True))
                | (models.Q(lat__isnull=False) & models.Q(lon__isnull=False)),
                name="division_lat_lon_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None
