"""Public pages: "Is this repair number real?" and "Find authorized service"."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from config.errors import InvalidInput
from config.ratelimit import page_limited
from geo.models import Division

from . import presenters, selectors
from .fraud.services import lookup_observe
from .models import Brand, Category


def _choices() -> dict:
    return {
        "brands": Brand.objects.order_by("name"),
        "categories": Category.objects.all(),
    }


def home(request):
    return render(request, "service_net/home.html", {})


def _wuwei_places():
    return Division.objects.filter(
        code__startswith="6206", level__in=["county", "township"], lat__isnull=False
    ).select_related("parent").order_by("code")


def verify_page(request):
    context = {**_choices(), "q": request.GET, "divisions": _wuwei_places()}
    if any(request.GET.get(k) for k in ("phone", "certificate", "name")):
        if limited := page_limited(request, "verify"):
            return limited
        today = timezone.localdate()
        try:
            brand, category = selectors.brand_and_category(request.GET.get("brand"),
                                                           request.GET.get("category"))
            near = (selectors.query_point(request.GET["division"], None, None)
                    if request.GET.get("division") else None)
            result = selectors.verify(
                phone=request.GET.get("phone"), certificate=request.GET.get("certificate"),
                name=request.GET.get("name"), brand=brand, category=category, today=today,
                near=near, nearby_limit=settings.SANBAO_NEARBY_LIMIT)
            lookup_observe(verdict=result.verdict.verdict,
                           phone_key=result.query.get("phone", ""),
                           phone_raw=request.GET.get("phone"), brand=brand, category=category,
                           division=request.GET.get("division"), at=timezone.now())
            context["result"] = presenters.verification_dict(result, today)
            context["brand"] = brand
        except InvalidInput as exc:
            context["errors"] = exc.data["errors"]
    return render(request, "service_net/verify.html", context)


def nearest_page(request):
    context = {**_choices(), "q": request.GET, "divisions": _wuwei_places()}
    has_point = request.GET.get("division") or (request.GET.get("lat") and request.GET.get("lon"))
    if has_point:
        if limited := page_limited(request, "nearest"):
            return limited
        today = timezone.localdate()
        try:
            lat, lon = selectors.query_point(request.GET.get("division"), request.GET.get("lat"),
                                             request.GET.get("lon"))
            brand, category = selectors.brand_and_category(request.GET.get("brand"),
                                                           request.GET.get("category"))
            found = selectors.nearest_outlets(lat=lat, lon=lon, brand=brand, category=category,
                                              limit=10, today=today)
            context["results"] = [presenters.nearby_dict(n, today) for n in found]
        except InvalidInput as exc:
            context["errors"] = exc.data["errors"]
    return render(request, "service_net/nearest.html", context)
