"""The request being served, for the audit log: who acts, and from which address.

Services record events without being handed the request (a role change looks the same from
the settings page and from the API); this middleware makes the current request known to
`audit_record` for the time it is served, through a context variable (safe with threads
and async alike).
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
