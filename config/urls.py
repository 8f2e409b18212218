from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from complaints.views.staff_home import staff_home
from config.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/home/", staff_home, name="staff_home"),
    path("geo/", include("geo.urls")),
    path("complaints/", include("complaints.urls")),
    path("console/dashboard/", include("complaints.urls_dashboard")),
    path("console/", include("complaints.urls_console")),
    path("business/", include("complaints.urls_business")),
    path("disclosure/", include("complaints.urls_disclosure")),
    path("", include("service_net.urls")),
]
