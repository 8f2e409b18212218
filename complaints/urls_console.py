"""The regulator's console (namespace `console`, mounted at /console/)."""

from django.urls import path

from .views.console import case, queue

app_name = "console"
urlpatterns = [
    path("", queue.queue_page, name="queue"),
    path("bulk/", queue.bulk_decide, name="bulk"),
    path("case/<str:tracking>/", case.case_page, name="case"),
    path("case/<str:tracking>/<slug:action>/", case.case_action, name="case_action"),
]
