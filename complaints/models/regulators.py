from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulatorProfile(models.Model):
    """A market-regulation officer's account, scoped to one division (their jurisdiction)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regulator"
    )
    division = models.ForeignKey("geo.Division", on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regulator")
        verbose_name_plural = _("regulators")

    def __str__(self) -> str:
        return f"{self.user.get_username()} @ {self.division.name}"
