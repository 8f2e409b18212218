"""The documented error answers of /api/v1. Every error body is `{code, message, data}`
(rendered by the handlers in config/api.py), documented as `ErrorOut` (`ValidationErrorOut` for
422, whose `data.errors` name each field).

`document_framework_errors` adds to every operation of the OpenAPI document the errors any
operation of its kind can give: 401 and 403 where an X-API-Key is required (no key, or an
unknown, revoked or expired one; a key without the operation's scope), 404 where the path names
something (an id, a tracking number), 422 where there is input (a parameter or a body).
An operation documents the other errors of its own domain with `@documents_errors(409)` under
its route decorator (a 404 or 409 that is not about a path parameter, and so on).
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from ninja import Field, Schema
from ninja.utils import contribute_operation_callback

_REF = "#/components/schemas/{model}"


class ErrorOut(Schema):
    code: str = Field(..., description="Stable snake_case code: not_found, forbidden, conflict, "
                                        "unauthorized, validation_error, …")
    message: str = Field(..., description="What went wrong, in the request's language")
    data: dict[str, Any] = Field(..., description="Details: the ids or values concerned")


class FieldError(Schema):
    field: str = Field(..., description="The input named: a parameter, a dotted JSON path, or "
                                        "'' for the whole body")
    reason: str
    index: int | None = Field(None, description="0-based position in a batch")
    row: int | None = Field(None, description="Line of a CSV file")


class ValidationErrors(Schema):
    errors: list[FieldError]


class ValidationErrorOut(ErrorOut):
    data: ValidationErrors


_DESCRIPTIONS = {
    401: "No valid X-API-Key: missing, unknown, revoked or expired",
    403: "The key may not do this: it lacks the operation's scope (`scope_missing`), or the "
         "object belongs to another manufacturer",
    404: "Nothing of this name or id (or not visible to the caller)",
    409: "Not possible in the current state",
    422: "Some input is not valid: `data.errors` names each field",
}


def _response(status: int) -> dict:
    model = ValidationErrorOut if status == 422 else ErrorOut
    description = _DESCRIPTIONS.get(status) or HTTPStatus(status).phrase
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": _REF.format(model=model.__name__)}}}}


def documents_errors(*statuses: int) -> Callable[[Callable], Callable]:
    """Document error answers of an operation (put it under @router.get/post)."""
    def contribute(operation) -> None:
        extra = dict(operation.openapi_extra or {})
        extra["responses"] = {**extra.get("responses", {}),
                              **{status: _response(status) for status in statuses}}
        operation.openapi_extra = extra

    def decorator(func: Callable) -> Callable:
        contribute_operation_callback(func, contribute)
        return func

    return decorator


def _framework_statuses(operation: dict) -> list[int]:
    statuses = [401, 403] if operation.get("security") else []
    parameters = operation.get("parameters") or []
    if any(p.get("in") == "path" for p in parameters):
        statuses.append(404)
    if parameters or operation.get("requestBody"):
        statuses.append(422)
    return statuses


def document_framework_errors(document: dict) -> dict:
    """The OpenAPI document made by ninja, with the errors of `_framework_statuses` added to each
    operation (one an operation documents itself stays as it is) and the error schemas."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ValidationErrorOut):
        found = model.model_json_schema(ref_template=_REF)
        schemas.update(found.pop("$defs", {}))
        schemas.setdefault(model.__name__, found)
    for methods in document.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            for status in _framework_statuses(operation):
                if status not in responses and str(status) not in responses:  # ninja's are ints
                    responses[status] = _response(status)
    return document
