from django.urls import path

from .views.quality import data_quality

app_name = "geo"
urlpatterns = [
    path("quality/", data_quality, name="data_quality"),
]
