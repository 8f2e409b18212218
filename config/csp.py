"""Content-Security-Policy on every response: only this site's own scripts, styles and requests.

A small middleware rather than the django-csp package: the policy is one fixed header (the pages
carry no inline script or style at all, so no nonces are needed), the only variable part is the
optional map tile server, and django-csp's configuration changed incompatibly in 4.0 — a
dependency for one header is not worth it. Django's own debug pages (DEBUG on, 4xx/5xx) are
inline HTML and get no policy; production never shows them.

Policy: everything from 'self'; images also from `data:` (Swagger UI's and Leaflet's icons) and
from the tile server of MAP_TILE_URL; no plugins, no <base>, forms post only here, no framing.

Known and accepted: django_rq's queue pages in the admin (superusers only) carry a few inline
styles and one inline script (the job list's "select all" checkbox); the browser refuses them,
which costs margins and that one convenience, not function. The policy is not loosened for them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings

BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def tile_source(map_tile_url: str) -> str | None:
    """The CSP source of a Leaflet tile URL template: scheme and host, `{s}` subdomains as `*`.

    `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`; None for "".
    """
    if not map_tile_url:
        return None
    parts = urlsplit(map_tile_url.replace("{s}", "subdomain-placeholder"))
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('subdomain-placeholder', '*')}"


def policy_header(map_tile_url: str = "") -> str:
    policy = {name: list(sources) for name, sources in BASE_POLICY.items()}
    tiles = tile_source(map_tile_url)
    if tiles:
        policy["img-src"].append(tiles)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = policy_header(settings.MAP_TILE_URL)

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response  # Django's technical 404/500 pages style themselves inline
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response
