from django.contrib import admin
from django.urls import include, path

from complaints.views.staff_home import staff_home
from config import health
from config.accounts.views import admin_login
from config.api import api

# A database outage outside any view (e.g. saving the session) is a 503 too (config/outage.py).
handler500 = "config.outage.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The admin's login is ours: lockout and the second factor cannot be bypassed there.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("config.accounts.urls")),  # login (+ code), logout, totp
    path("accounts/home/", staff_home, name="staff_home"),
    path("geo/", include("geo.urls")),
    path("complaints/", include("complaints.urls")),
    path("console/dashboard/", include("complaints.urls_dashboard")),
    path("console/", include("complaints.urls_console")),
    path("business/", include("complaints.urls_business")),
    path("disclosure/", include("complaints.urls_disclosure")),
    path("", include("service_net.urls")),
]
