"""The HTTP API under /api/v1/: one NinjaAPI, its routers and one error format.

Every error is `{code, message, data}`; validation errors list `data.errors`, each naming the
field (and the row or index of a batch) with the reason. The OpenAPI document lists each
operation's error answers with their schema (config/api_errors.py).
"""

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from config import outage
from config.api_errors import document_framework_errors
from config.errors import DomainError
from config.ratelimit import RateLimited
from config.ratelimit import api_response as rate_limited_response


class SanbaoApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document with the errors every operation may answer (config/api_errors.py)."""
        return document_framework_errors(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = SanbaoApi(
    title="Sanbao 三包 API",
    version="1",
    description="Authorized repair outlet registry, verification and complaints.",
    urls_namespace="api-v1",
)


def _error(request, status: int, code: str, message: str, data: dict | None = None):
    return api.create_response(request, {"code": code, "message": message, "data": data or {}},
                               status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return _error(request, exc.http_status, exc.code, str(exc.message), exc.data)


@api.exception_handler(RateLimited)
def on_rate_limited(request, exc: RateLimited):
    return rate_limited_response(exc)  # the error format, plus Retry-After


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        loc = list(err.get("loc", ()))
        if loc[:1] == ["body"]:
            loc = loc[2:]  # drop "body" and the handler's parameter name: name the JSON field
        loc = [str(part) for part in loc if part not in ("query", "body", "path")]
        errors.append({"field": ".".join(loc), "reason": err.get("msg", "invalid")})
    return _error(request, 422, "validation_error", _("Some input is not valid."),
                  {"errors": errors})


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return _error(request, 401, "unauthorized", _("A valid X-API-Key header is required."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 400 and exc.__cause__ is not None:
        # ninja's only 400: a body it could not parse. Answered like the handlers that parse
        # their own body (and like any other bad input): 422 naming the body.
        return _error(request, 422, "validation_error", _("Some input is not valid."),
                      {"errors": [{"field": "", "reason": _("The body is not valid JSON.")}]})
    return _error(request, exc.status_code, "http_error", str(exc))


# The database unreachable: 503 service_unavailable with Retry-After (config/outage.py). Registered
# here because ninja's catch-all handler would answer it as a 500 first when DEBUG is on.
api.add_exception_handler(OperationalError, outage.api_outage_handler)
api.add_exception_handler(InterfaceError, outage.api_outage_handler)


from service_net.api import manufacturer_router, public_router  # noqa: E402

api.add_router("/manufacturer", manufacturer_router)
api.add_router("/", public_router)

from complaints.api.entitlements import router as entitlements_router  # noqa: E402
from complaints.api.filing import router as complaints_router  # noqa: E402
from geo.api.geocoding import router as geocoding_router  # noqa: E402
from service_net.coverage.api import router as coverage_router  # noqa: E402

api.add_router("/geo", geocoding_router)
api.add_router("/coverage", coverage_router)
api.add_router("/entitlements", entitlements_router)
api.add_router("/complaints", complaints_router)

from complaints.api.business import router as business_router  # noqa: E402
from complaints.api.deadlines import router as deadlines_router  # noqa: E402
from complaints.api.disclosure import router as disclosure_router  # noqa: E402

api.add_router("/deadlines", deadlines_router)
api.add_router("/business", business_router)
api.add_router("/disclosure", disclosure_router)

from complaints.api.privacy import router as complaint_privacy_router  # noqa: E402

api.add_router("/complaints", complaint_privacy_router)

from service_net.fraud.api import manufacturer_router as fraud_manufacturer_router  # noqa: E402
from service_net.fraud.api import public_router as fraud_public_router  # noqa: E402

api.add_router("/manufacturer", fraud_manufacturer_router)
api.add_router("/", fraud_public_router)
