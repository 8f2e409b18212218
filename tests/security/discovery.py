"""Every route the product serves, found by walking the URL configuration.

- API operations: each django-ninja path of `config.api.api` with each of its methods (the
  operations themselves, so one left out of the OpenAPI schema is found too).
- Pages: every other URL pattern outside the admin, as a path template ("/complaints/case/
  {tracking}/"), with each method its view declares (require_GET, require_POST,
  require_http_methods); a view that declares none needs one entry of any method.
- The admin (Django's back office) is one family: its index and each registered model's
  changelist must have an entry; its other pages (add, change, history…) may have entries, which
  are checked to still resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ADMIN_PREFIX = "/admin/"
HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True, order=True)
class Found:
    method: str  # "GET", "POST"…; "" for a page, whose methods the table decides
    path: str
    view: str  # dotted name of the view, for the skeleton's comment

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)


def _template(route: str) -> str:
    route = _CONVERTER.sub(r"{\1}", route)
    route = _NAMED_GROUP.sub(r"{\1}", route)
    return "/" + route.replace("^", "").replace("$", "").replace("\\", "")


def _path_view(callback):
    """The django-ninja PathView behind a URL pattern's view, or None for a plain view."""
    from ninja.operation import PathView

    for cell in getattr(callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def _view_name(callback) -> str:
    target = getattr(callback, "view_class", None) or getattr(callback, "func", None) or callback
    return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', repr(target))}"


def _declared_methods(view) -> list[str]:
    """The methods a view's require_http_methods (require_GET, require_POST…) allows, found in
    the decorators' closures down the __wrapped__ chain; [] when it declares none."""
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        for cell in getattr(view, "__closure__", None) or ():
            value = cell.cell_contents
            if isinstance(value, list | tuple) and value and all(
                    isinstance(m, str) and m in HTTP_METHODS for m in value):
                return sorted(m for m in value if m not in ("HEAD", "OPTIONS"))
        view = getattr(view, "__wrapped__", None)
    return []


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def discover() -> tuple[set[Found], set[str]]:
    """(routes that need an entry, every path template served — admin pages included)."""
    from django.contrib import admin

    needed, served = set(), set()
    for route, callback in _walk(get_resolver().url_patterns):
        path = _template(route)
        served.add(path)
        path_view = _path_view(callback)
        if path_view is not None:
            for operation in path_view.operations:
                view = _view_name(operation.view_func)
                needed.update(Found(method, path, view) for method in operation.methods)
        elif not path.startswith(ADMIN_PREFIX):
            view = _view_name(callback)
            needed.update(Found(m, path, view) for m in _declared_methods(callback) or [""])
    needed.add(Found("", ADMIN_PREFIX, "django.contrib.admin index"))
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        needed.add(Found("", f"{ADMIN_PREFIX}{opts.app_label}/{opts.model_name}/",
                         f"{type(model_admin).__module__}.{type(model_admin).__qualname__}"))
    return needed, served


def compare(needed: set[Found], served: set[str], table) -> tuple[list[Found], list]:
    """(routes without an entry, entries whose route is gone). A route with a method needs an
    entry of that method; a page that declares none, an entry of any method."""
    keys = {(r.method, r.path) for r in table}
    paths = {r.path for r in table}
    missing = sorted(f for f in needed
                     if ((f.method, f.path) not in keys if f.method else f.path not in paths))
    declared = {(f.method, f.path) for f in needed if f.method}
    declaring = {f.path for f in needed if f.method}
    stale = [r for r in table
             if (r.path in declaring and (r.method, r.path) not in declared)
             or r.path not in served]
    return missing, stale


def skeleton(found: Found) -> str:
    """A ready-to-paste entry for a route without one: fill in every TODO."""
    if found.path.startswith(ADMIN_PREFIX) and found.path != ADMIN_PREFIX:
        model = found.path[len(ADMIN_PREFIX):].rstrip("/")
        return (f'    "{model}": TODO,  # table_admin.CHANGELISTS: ADMINS_ONLY or REGULATORS_READ '
                f'({found.view})')
    method = found.method or "GET"
    lines = [f'    route("{method}", "{found.path}",  # {found.view}'
             + ("" if found.method else " (one entry per method it takes)"),
             "          expect(TODO, anonymous=TODO, consumer=TODO, manufacturer_a=TODO,",
             "                 manufacturer_b=TODO, county_regulator=TODO,",
             "                 other_county_regulator=TODO, city_regulator=TODO, admin=TODO),"]
    if found.params:
        lines.append("          params={" + ", ".join(f'"{p}": Ref(TODO)' for p in found.params)
                     + "},")
    if method in ("POST", "PUT", "PATCH"):
        lines.append("          body={TODO: TODO},")
    lines.append("          phone=(), reveals=None),")
    return "\n".join(lines)
