"""The business console (namespace `business`, mounted at /business/)."""

from django.urls import path

from .views import business

app_name = "business"
urlpatterns = [
    path("", business.list_page, name="list"),
    path("complaints/<str:tracking>/", business.case_page, name="case"),
    path("complaints/<str:tracking>/respond/", business.respond, name="respond"),
    path("complaints/<str:tracking>/performed/", business.performed, name="performed"),
]
