from django.urls import path

from . import views, views_coverage, views_keys
from .fraud import console as fraud_console
from .fraud import views as fraud_views

app_name = "service_net"
urlpatterns = [
    path("", views.home, name="home"),
    path("verify/", views.verify_page, name="verify"),
    path("nearest/", views.nearest_page, name="nearest"),
    path("coverage/map/", views_coverage.coverage_map, name="coverage_map"),
    # Issue 6: fake "authorized" outlets
    path("fraud/suspects/", fraud_views.queue_page, name="fraud_queue"),
    path("fraud/suspects/<int:suspect_id>/", fraud_views.suspect_page, name="fraud_suspect"),
    path("fraud/suspects/<int:suspect_id>/export.<str:fmt>", fraud_views.suspect_export,
         name="fraud_export"),
    path("fraud/suspects/<int:suspect_id>/<slug:action>/", fraud_views.suspect_action,
         name="fraud_action"),
    path("fraud/appeals/<int:appeal_id>/decide/", fraud_views.appeal_decide,
         name="fraud_appeal_decide"),
    path("fraud/warnings/<int:warning_id>/appeal/", fraud_console.appeal_page, name="fraud_appeal"),
    path("manufacturer/keys/", views_keys.keys_page, name="manufacturer_keys"),  # issue 8
    path("manufacturer/confirmations/", fraud_console.confirmations_page,
         name="manufacturer_confirmations"),
    path("manufacturer/confirmations/<int:confirmation_id>/answer/",
         fraud_console.confirmation_answer, name="manufacturer_confirmation_answer"),
]
