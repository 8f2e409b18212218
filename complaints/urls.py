"""Consumers' pages: filing a complaint and following it (namespace `complaints`)."""

from django.urls import path

from .views import case, filing, privacy

app_name = "complaints"
urlpatterns = [
    path("file/", filing.file_page, name="file"),
    path("track/", filing.track_page, name="track"),
    path("case/<str:tracking>/", case.case_page, name="case"),
    path("case/<str:tracking>/information/", case.add_information, name="case_information"),
    path("case/<str:tracking>/withdraw/", case.withdraw, name="case_withdraw"),
    path("case/<str:tracking>/confirm/", case.confirm_outcome, name="case_confirm"),
    path("case/<str:tracking>/decline/", case.decline_outcome, name="case_decline"),
    path("case/<str:tracking>/escalate/", case.escalate, name="case_escalate"),
    path("case/<str:tracking>/evidence/<int:evidence_id>/", case.evidence_download,
         name="evidence"),
    path("case/<str:tracking>/my-data.json", privacy.my_data, name="case_my_data"),
    path("case/<str:tracking>/erase-personal-data/", privacy.erase, name="case_erase"),
]
