"""Notifications in the back office: the outbox, read-only, with "send again" for failed rows.

Rows hold references and codes only (no phone or e-mail address), so the list can show them.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Notification
from ..services.notifications import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "complaint", "recipient_kind", "channel", "status",
                    "attempts", "sent_at", "last_error")
    list_filter = ("status", "channel", "recipient_kind", "event")
    search_fields = ("key", "complaint__tracking_number")
    date_hierarchy = "created_at"
    list_select_related = ("complaint",)
    actions = ["send_again"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed notifications again"),
                  permissions=["resend"])
    def send_again(self, request, queryset):
        at = timezone.now()
        count = sum(notification_retry(notification=n, at=at)
                    for n in queryset.filter(status=Notification.Status.FAILED))
        messages.success(request, _("%(n)d notification(s) queued again.") % {"n": count})

    def has_resend_permission(self, request):
        return request.user.is_superuser
