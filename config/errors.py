"""Domain errors: a stable `code`, an HTTP status, a translated message and data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    http_status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, **data):
        super().__init__(str(message or self.default_message))
        self.message = message or self.default_message
        self.data = data


class NotFound(DomainError):
    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403
    default_message = _("You may not act on this.")


class Conflict(DomainError):
    code = "conflict"
    http_status = 409
    default_message = _("This conflicts with the current state.")


class InvalidInput(DomainError):
    """422 with `errors`: a list of {index?, row?, field, reason}."""

    code = "validation_error"
    http_status = 422
    default_message = _("Some input is not valid.")

    def __init__(self, errors: list[dict], message=None):
        super().__init__(message, errors=errors)
