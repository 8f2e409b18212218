from django.urls import path

from . import views, views_coverage

app_name = "service_net"
urlpatterns = [
    path("", views.home, name="home"),
    path("verify/", views.verify_page, name="verify"),
    path("nearest/", views.nearest_page, name="nearest"),
    path("coverage/map/", views_coverage.coverage_map, name="coverage_map"),
]
