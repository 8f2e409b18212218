"""The HTTP API under /api/v1/: one NinjaAPI, its routers and one error format.

Every error is `{code, message, data}`; validation errors list `data.errors`, each naming the
field (and the row or index of a batch) with the reason.
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from config.errors import DomainError

api = NinjaAPI(
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


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = []
    for err in exc.errors:
        loc = list(err.get("loc", ()))
        if loc[:1] == ["body"] and len(loc) > 2:
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
    return _error(request, exc.status_code, "http_error", str(exc))


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

from service_net.fraud.api import manufacturer_router as fraud_manufacturer_router  # noqa: E402
from service_net.fraud.api import public_router as fraud_public_router  # noqa: E402

api.add_router("/manufacturer", fraud_manufacturer_router)
api.add_router("/", fraud_public_router)
