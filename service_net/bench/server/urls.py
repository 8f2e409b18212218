"""The project's URLs plus one bench-only endpoint: /bench/constant (never in config.urls)."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns

CONSTANT = {"verdict": "constant", "bench": True}


def constant(request):
    """The framework's floor: the same middleware and server, no work at all."""
    return JsonResponse(CONSTANT)


urlpatterns = [path("bench/constant", constant), *project_urlpatterns]
