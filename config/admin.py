"""Admin of the platform tables (app label `platform`)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import OutboxJob
from .outbox import lease_seconds

_OPEN = Q(done_at__isnull=True, failed_at__isnull=True)


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("pending", _("not yet queued (Redis unreachable?)")), ("dispatched", _("queued or running")),
                ("stuck", _("lease expired (the relay pushes it again)")), ("done", _("done")),
                ("failed", _("failed"))]

    def queryset(self, request, queryset):
        line = timezone.now() - timedelta(seconds=lease_seconds())
        return {
            "pending": queryset.filter(_OPEN, dispatched_at__isnull=True),
            "dispatched": queryset.filter(_OPEN, dispatched_at__gt=line),
            "stuck": queryset.filter(_OPEN, dispatched_at__lte=line),
            "done": queryset.filter(done_at__isnull=False),
            "failed": queryset.filter(failed_at__isnull=False),
        }.get(self.value(), queryset)


@admin.register(OutboxJob)
class OutboxJobAdmin(admin.ModelAdmin):
    """Read-only: an operator sees stuck and failed jobs; the relay and the jobs write the rows.
    Arguments are ids and codes (jobs never take personal data)."""

    list_display = ("id", "func", "queue", "state", "dispatch_count", "created_at", "dispatched_at",
                    "done_at", "failed_at", "last_error")
    list_filter = (OutboxStateFilter, "queue")
    search_fields = ("func", "job_key", "last_error")
    ordering = ("-id",)
    date_hierarchy = "created_at"

    @admin.display(description=_("state"))
    def state(self, job: OutboxJob) -> str:
        if job.done_at:
            return _("done")
        if job.failed_at:
            return _("failed")
        if job.dispatched_at is None:
            return _("not yet queued (Redis unreachable?)")
        if job.dispatched_at <= timezone.now() - timedelta(seconds=lease_seconds()):
            return _("lease expired (the relay pushes it again)")
        return _("queued or running")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


from . import admin_rq as _admin_rq  # noqa: E402,F401  (the job queues: administrators only)
from .accounts import admin as _accounts_admin  # noqa: E402,F401  (failed logins, authenticators)
