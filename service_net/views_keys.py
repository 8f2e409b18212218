"""A manufacturer's staff see their company's API keys (issue 8): prefix, label, scopes, expiry
and last use, never the hash or the key itself. Keys are created and revoked in the back office."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from .fraud.selectors import staff_manufacturer
from .models import ApiKey

KEY_FIELDS = ("id", "prefix", "label", "scopes", "created_at", "expires_at", "last_used_at",
              "revoked_at")


def keys_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    manufacturer = staff_manufacturer(request.user)
    if manufacturer is None:
        raise PermissionDenied
    now = timezone.now()
    keys = [{**k, "usable": k["revoked_at"] is None and (k["expires_at"] is None
                                                         or k["expires_at"] > now)}
            for k in ApiKey.objects.filter(manufacturer=manufacturer)
            .order_by("revoked_at", "-created_at").values(*KEY_FIELDS)]
    return render(request, "service_net/keys.html", {"manufacturer": manufacturer, "keys": keys})
