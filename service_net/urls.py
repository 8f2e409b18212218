from django.urls import path

from . import views

app_name = "service_net"
urlpatterns = [
    path("", views.home, name="home"),
    path("verify/", views.verify_page, name="verify"),
    path("nearest/", views.nearest_page, name="nearest"),
]
