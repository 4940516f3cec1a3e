"""Sign-in that resists guessing: the pieces django-axes calls (settings `AXES_*`).

Axes counts failed sign-ins in the database (so every web process on every machine sees
the same count), per account and per client address, and refuses further attempts once
`HALLWAY_SIGNIN_FAILURE_LIMIT` is reached, even with the right password. The lockout lasts
`HALLWAY_SIGNIN_LOCKOUT_MINUTES` and doubles with every further round of failures
(progressive: an attacker who keeps trying waits longer and longer, up to a day).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from time import monotonic, sleep
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.throttle import throttle_hit

MAX_DOUBLINGS = 6  # 15 minutes doubled six times is 16 hours


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, unless `HALLWAY_PROXY_COUNT` reverse proxies
    stand in front and each appends to X-Forwarded-For (then the address the outermost of
    them saw). Headers a client sends itself are never trusted otherwise."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.HALLWAY_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    ]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def normalised_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """`Bob@Acme.test ` and `bob@acme.test` are the same account, so they count together."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username", "")
    return str(username or "").strip().lower()


def _failures(request: HttpRequest) -> int:
    username = get_client_username(request)
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    found = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        most=Max("failures_since_start")
    )
    return int(found["most"] or 0)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long failures count and a lockout lasts: the base time, doubled for every full
    round of failures beyond the limit."""
    base = timedelta(minutes=settings.HALLWAY_SIGNIN_LOCKOUT_MINUTES)
    if request is None:
        return base
    limit: int = settings.AXES_FAILURE_LIMIT
    rounds = max(0, _failures(request) - limit) // limit
    doubling: int = 2 ** min(rounds, MAX_DOUBLINGS)
    return base * doubling


def locked_until(request: HttpRequest) -> datetime:
    """When the lockout that refused this request ends."""
    username = get_client_username(request)
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    found = AccessAttempt.objects.filter(
        Q(username=username) | Q(ip_address=address),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
    ).aggregate(until=Max("expiration__expires_at"))
    until: datetime | None = found["until"]
    return until or timezone.now() + cool_off(request)


def _when(until: datetime) -> dict[str, Any]:
    local = timezone.localtime(until)
    minutes = max(1, -(-int((until - timezone.now()).total_seconds()) // 60))
    return {"time": time_format(local, "H:i"), "zone": local.tzname(), "minutes": minutes}


def lockout_message(until: datetime) -> str:
    """Translated, naming the time (in the viewer's zone) and how long that is from now."""
    when = _when(until)
    return (
        ngettext(
            "Too many failed sign-in attempts. Please try again after %(time)s %(zone)s "
            "(in %(minutes)s minute).",
            "Too many failed sign-in attempts. Please try again after %(time)s %(zone)s "
            "(in %(minutes)s minutes).",
            when["minutes"],
        )
        % when
    )


def reset_throttled_message(until: datetime) -> str:
    when = _when(until)
    return (
        ngettext(
            "Too many requests for a password link. Please try again after %(time)s %(zone)s "
            "(in %(minutes)s minute).",
            "Too many requests for a password link. Please try again after %(time)s %(zone)s "
            "(in %(minutes)s minutes).",
            when["minutes"],
        )
        % when
    )


def retry_after(until: datetime) -> str:
    """The Retry-After header's value: whole seconds from now."""
    return str(max(1, int((until - timezone.now()).total_seconds())))


def password_reset_throttled_until(request: HttpRequest, email: str) -> datetime | None:
    """Count a reset request per address and per email address (whether or not an account
    has it, so the answer tells nothing); when one is over the limit, until when."""
    return throttle_hit(
        scope="password-reset",
        keys=[f"address:{client_address(request)}", f"email:{email}"],
        limit=settings.HALLWAY_PASSWORD_RESET_LIMIT,
        window=timedelta(minutes=settings.HALLWAY_SIGNIN_LOCKOUT_MINUTES),
    )


@contextmanager
def lasting_at_least(seconds: float) -> Iterator[None]:
    """Pad the work inside to `seconds`, so its duration does not tell what it did."""
    started = monotonic()
    yield
    remaining = seconds - (monotonic() - started)
    if remaining > 0:
        sleep(remaining)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What a locked-out visitor sees, on Hallway's sign-in and on the admin's (429)."""
    until = locked_until(request)
    response = render(
        request,
        "accounts/locked_out.html",
        {"message": lockout_message(until), "title": _("Sign-in paused")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = retry_after(until)
    return response


class SigninGuardBackend(AxesStandaloneBackend):
    """Axes' check before the password is even looked at. A call without a request (the
    test client's `login()`, a management command) has no address to count and passes on
    to the next backend; every sign-in form in Hallway passes its request."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None
