"""Platform tables shared by geo, service_net and complaints.

OutboxJob: every background job is first a row written in the transaction that needs it (the
transactional outbox), then pushed to RQ after commit. A job whose push failed (Redis down), whose
RQ entry was lost, or whose worker died mid-run is pushed again by the relay (config.outbox); the
jobs themselves are idempotent, so a second run has no second effect.

LoginFailure and TotpDevice: staff logins (regulators, administrators, business staff) lock after
repeated failures; regulators may add a second factor (TOTP, RFC 6238).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_OPEN = Q(done_at__isnull=True, failed_at__isnull=True)


class OutboxJob(models.Model):
    func = models.CharField(max_length=200)  # dotted path of the job function
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    queue = models.CharField(max_length=32, default="default")
    # The caller's deterministic key: at most one open job per key (a second enqueue is a no-op).
    job_key = models.CharField(max_length=128, blank=True)
    retry_max = models.PositiveSmallIntegerField(default=0)
    retry_intervals = models.JSONField(default=list)
    created_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_count = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.UniqueConstraint(fields=["job_key"], condition=_OPEN & ~Q(job_key=""),
                                    name="outbox_one_open_job_per_key"),
        ]
        indexes = [models.Index(fields=["dispatched_at", "id"], condition=_OPEN,
                                name="outbox_open_idx")]

    def __str__(self) -> str:
        return f"{self.func} #{self.pk}"


class LoginFailure(models.Model):
    """One failed staff login: the lockout counts recent rows per username and per client."""

    username = models.CharField(max_length=150)
    client = models.CharField(max_length=64)  # the client address as the rate limiter sees it
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [models.Index(fields=["username", "at"], name="login_failure_user_idx"),
                   models.Index(fields=["client", "at"], name="login_failure_client_idx")]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class TotpDevice(models.Model):
    """A staff member's authenticator app (TOTP, RFC 6238): confirmed once a code matched."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="totp_device")
    secret = models.CharField(max_length=64)  # base32
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)  # a code is accepted once (no replay)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return str(self.user)
