"""The regulators' dashboard (namespace `dashboard`, mounted at /console/dashboard/)."""

from django.urls import path

from .views import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.dashboard_page, name="home"),
]
