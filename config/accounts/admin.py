"""Back office for staff logins: failed logins (delete to lift a lock) and authenticators (delete
to reset a lost phone). Superusers only may delete; the secret is never shown. Django's admin log
records who deleted what, when."""

from __future__ import annotations

from django.contrib import admin

from config.models import LoginFailure, TotpDevice


class _SuperuserDeletes:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(LoginFailure)
class LoginFailureAdmin(_SuperuserDeletes, admin.ModelAdmin):
    list_display = ("username", "client", "at")
    search_fields = ("username", "client")
    ordering = ("-at",)


@admin.register(TotpDevice)
class TotpDeviceAdmin(_SuperuserDeletes, admin.ModelAdmin):
    list_display = ("user", "created_at", "confirmed_at")
    fields = ("user", "created_at", "confirmed_at")
    search_fields = ("user__username",)
