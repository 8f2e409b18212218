"""The project's URLs plus one bench-only endpoint: /bench/constant (never in config.urls)."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urlpatterns

CONSTANT = {"verdict": "constant", "bench": True}


@csrf_exempt  # the intake comparison POSTs to it as the API is POSTed to (ninja skips CSRF there)
def constant(request):
    """The framework's floor: the same middleware and server, no work at all (GET or POST)."""
    return JsonResponse(CONSTANT, status=201 if request.method == "POST" else 200)


urlpatterns = [path("bench/constant", constant), *project_urlpatterns]
