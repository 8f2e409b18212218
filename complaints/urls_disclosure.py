"""Public disclosure of complaint figures (namespace `disclosure`, mounted at /disclosure/)."""

from django.urls import path

from .views import disclosure

app_name = "disclosure"
urlpatterns = [
    path("", disclosure.disclosure_page, name="home"),
]
