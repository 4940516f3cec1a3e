"""One error format for every API response that is not a success.

    {"error": {"code": "validation_error", "message": "…", "details": [
        {"field": "timezone", "message": "…", "code": "invalid_timezone"}]}}

`code` is stable and machine-readable; `message` and each detail's `message` are in
the request's language (LocaleMiddleware has activated it by the time handlers run).
"""

import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("django.request")


class ApiError(Exception):
    """Raise from an endpoint to answer with `status` and the error format."""

    def __init__(
        self, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


# Ninja and Django raise errors that only carry a status; these give them a code and a message.
CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
}


def default_message(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        401: _("Authentication is required."),
        403: _("Your role in this organisation does not allow this."),
        404: _("This object does not exist in your organisation."),
        405: _("This endpoint does not support that HTTP method."),
        409: _("The request conflicts with the current state of the data."),
        413: _("The request is too large."),
        422: _("Some values are not valid."),
        429: _("Too many requests. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }
    return messages.get(status, _("The request could not be completed."))


def error_body(code: str, message: str, details: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": list(details)}}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str | None = None,
    message: str | None = None,
    details: Iterable[dict[str, Any]] = (),
) -> HttpResponse:
    body = error_body(
        code or CODES.get(status, "error"), message or default_message(status), details
    )
    return api.create_response(request, body, status=status)


# Pydantic's messages are English only; these are the ones our schemas can produce.
def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages: dict[str, Callable[[], str]] = {
        "missing": lambda: _("This field is required."),
        "extra_forbidden": lambda: _("This field is not known."),
        "null_not_allowed": lambda: _("This field cannot be null."),
        "string_type": lambda: _("Enter text."),
        "string_too_short": lambda: _("This field cannot be empty."),
        "string_too_long": lambda: (
            _("Enter at most %(max)s characters.") % {"max": ctx.get("max_length")}
        ),
        "int_type": lambda: _("Enter a whole number."),
        "int_parsing": lambda: _("Enter a whole number."),
        "int_from_float": lambda: _("Enter a whole number."),
        "bool_type": lambda: _("Enter true or false."),
        "bool_parsing": lambda: _("Enter true or false."),
        "list_type": lambda: _("Enter a list."),
        "dict_type": lambda: _("Enter an object of names and values."),
        "time_type": lambda: _("Enter a time as HH:MM."),
        "time_parsing": lambda: _("Enter a time as HH:MM."),
        "time_with_offset": lambda: _(
            "Enter a time as HH:MM without an offset: the person's time zone applies."
        ),
        "datetime_parsing": lambda: _("Enter a date and time in ISO 8601."),
        "datetime_without_offset": lambda: _(
            "Enter a date and time with its offset, e.g. 2026-12-07T10:30:00+01:00."
        ),
        "date_type": lambda: _("Enter a date as YYYY-MM-DD."),
        "date_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": lambda: _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_inexact": lambda: _("Enter a date as YYYY-MM-DD."),
        "literal_error": lambda: (
            _("Choose one of %(choices)s.") % {"choices": ctx.get("expected", "")}
        ),
        "enum": lambda: _("Choose one of %(choices)s.") % {"choices": ctx.get("expected", "")},
        "greater_than_equal": lambda: (
            _("Enter a value of at least %(min)s.") % {"min": ctx.get("ge")}
        ),
        "less_than_equal": lambda: _("Enter a value of at most %(max)s.") % {"max": ctx.get("le")},
        "json_invalid": lambda: _("This is not valid JSON."),
    }
    translate = messages.get(kind)
    return translate() if translate else str(error.get("msg", _("This value is not valid.")))


# Where a value came from: ninja prefixes the location with its source and, for a
# body schema, the name of the view's parameter; clients only care about the field.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
BODY_PARAMETER = "payload"


def _field_name(loc: Iterable[Any]) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == BODY_PARAMETER:
        parts = parts[1:]
    return ".".join(parts) or None


def details_from_pydantic(errors: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "field": _field_name(error.get("loc", ())),
            "message": _pydantic_message(error),
            "code": error.get("type") or "invalid",
        }
        for error in errors
    ]


def details_from_django(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """One detail per message; `__all__` (not about one field) becomes field null."""
    grouped = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    details = []
    for field, errors in grouped.items():
        for error in errors:
            for item in error.error_list:
                message = item.message % item.params if item.params else item.message
                details.append(
                    {
                        "field": None if field in (None, "__all__") else field,
                        "message": str(message),
                        "code": item.code or "invalid",
                    }
                )
    return details


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so every error uses the format above."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.details)

    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return error_response(api, request, 422, details=details_from_pydantic(exc.errors))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error_response(api, request, 422, details=details_from_django(exc))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if request.headers.get("Authorization"):
            message = _(
                "The API token is not valid: it is unknown, revoked, or its user no longer "
                "belongs to the organisation."
            )
        else:
            message = _("Send an API token in the header “Authorization: Bearer <token>”.")
        response = error_response(api, request, 401, message=message)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ApiError):  # ninja wraps what the body parser refused
            return on_api_error(request, exc.__cause__)
        message = None
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            message = _("The request body is not valid JSON.")
        return error_response(api, request, exc.status_code, message=message)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403)

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(api, request, 413)

    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return error_response(api, request, 400)

    def on_integrity(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # The services check uniqueness first; this is the rare race between two writers.
        logger.warning("Integrity error on %s: %s", request.path, exc)
        return error_response(
            api, request, 409, message=_("Someone else changed the same data. Please try again.")
        )

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Log and signal as Django's own handler would, so error reporting still works.
        logger.error(
            "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
        )
        signals.got_request_exception.send(sender=None, request=request)
        return error_response(api, request, 500)

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ApiError, on_api_error),
        (NinjaValidationError, on_ninja_validation),
        (DjangoValidationError, on_django_validation),
        (AuthenticationError, on_authentication),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (PermissionDenied, on_permission_denied),
        (RequestDataTooBig, on_too_big),
        (SuspiciousOperation, on_suspicious),
        (IntegrityError, on_integrity),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def with_error_format(
    api: NinjaAPI, patterns: list[URLPattern | URLResolver]
) -> list[URLPattern | URLResolver]:
    """Give our format to what ninja answers outside its operations: a plain-text 405
    for an unsupported method, and the 404 of its root URL."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _formatted(api, pattern.callback)
    return patterns


def _formatted(api: NinjaAPI, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return error_response(
                api, request, 404, message=_("There is no API endpoint at this address.")
            )
        if response.status_code == 405 and not response["Content-Type"].startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = error_response(api, request, 405)
            response["Allow"] = allowed
        return response

    return wrapper
