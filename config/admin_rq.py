"""The job queues' dashboard in the admin (django_rq), for administrators only.

django_rq lets in any staff account, and every regulator is staff (they read the registry and
the 三包 tables in the admin): its pages show each job's arguments and empty queues, delete,
requeue and stop jobs. Here a staff account that is not a superuser gets 403 on all of them;
anyone not logged in still goes to the admin's login (the admin's own check runs next), and the
metrics endpoints keep their API-token access.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import URLPattern
from django_rq.admin import QueueAdmin
from django_rq.models import Dashboard


def _administrators_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.is_active and user.is_staff and not user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class AdministratorsQueueAdmin(QueueAdmin):
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def get_urls(self):
        return [URLPattern(p.pattern, _administrators_only(p.callback), p.default_args, p.name)
                if isinstance(p, URLPattern) else p for p in super().get_urls()]


if admin.site.is_registered(Dashboard):  # RQ_SHOW_ADMIN_LINK (default on) registered it
    admin.site.unregister(Dashboard)
    admin.site.register(Dashboard, AdministratorsQueueAdmin)
