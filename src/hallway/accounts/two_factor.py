"""Two-factor sign-in: a time-based one-time code from an authenticator app (TOTP), with
recovery codes for when the phone is gone; django-otp keeps the devices.

After the password, someone with a device proves the second factor before any page opens
(`TwoFactorMiddleware`); an owner or admin of an organisation that requires it, and who has
no device yet, is sent to set one up first.
"""

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallway.accounts.http import HallwayRequest
from hallway.accounts.models import Membership, Role, User

RECOVERY_CODE_COUNT = 10
APP_DEVICE = "app"
RECOVERY_DEVICE = "recovery"
# What the middleware found this session must do first: "verify", "enrol" or nothing.
SESSION_KEY = "hallway_two_factor"
VERIFY, ENROL = "verify", "enrol"


@dataclass(frozen=True)
class Provisioning:
    """What an authenticator app needs: the secret as text and as a QR code (inline SVG)."""

    secret: str
    url: str
    qr_svg: str


def app_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def two_factor_required(memberships: list[Membership]) -> bool:
    """Owners and admins of an organisation that requires two-factor sign-in need it."""
    return any(
        membership.organisation.require_two_factor and membership.has_role(Role.ADMIN)
        for membership in memberships
    )


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def provisioning(device: TOTPDevice) -> Provisioning:
    secret = base64.b32encode(device.bin_key).decode()
    url = device.config_url
    qr_svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#111", light="#fff")
    grouped = " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))
    return Provisioning(secret=grouped, url=url, qr_svg=qr_svg)


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    """Fresh recovery codes (the old ones stop working); shown once, each usable once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enrol(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm `device` with a code from the app; returns the new recovery codes."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_normalised(code)):
        raise ValidationError(
            _("That code is not right. Check the time on your phone and try the next code."),
            code="wrong_code",
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_create(user=user)


def two_factor_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice:
    """The device that accepts `code` (an app code, or a recovery code, which is then used
    up). Each wrong code doubles the wait before the next try (django-otp's throttling)."""
    code = _normalised(code)
    device: TOTPDevice | StaticDevice | None
    if code.isdigit():
        device = app_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(_("That code is not right."), code="wrong_code")
    allowed, details = device.verify_is_allowed()
    if not allowed and details and details.get("locked_until"):
        seconds = max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
        raise ValidationError(
            ngettext(
                "Too many wrong codes. Please wait %(seconds)s second and try again.",
                "Too many wrong codes. Please wait %(seconds)s seconds and try again.",
                seconds,
            )
            % {"seconds": seconds},
            code="throttled",
        )
    if not device.verify_token(code):
        raise ValidationError(_("That code is not right."), code="wrong_code")
    return device


@transaction.atomic
def two_factor_disable(*, user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationError(_("That password is not right."), code="invalid_password")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def session_verified(request: HttpRequest, device: TOTPDevice | StaticDevice) -> None:
    """This session has proven the second factor."""
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)


def session_recheck(request: HttpRequest) -> None:
    """Devices or requirements changed: decide again on the next request."""
    request.session.pop(SESSION_KEY, None)


# Paths someone who still owes the second factor may open.
OPEN_PATHS = ("/static/", "/healthz", "/readyz", "/i18n/")
OPEN_VIEWS = ("accounts:two_factor_verify", "accounts:settings_two_factor", "accounts:logout")


def _step_for(user: User, memberships: list[Membership]) -> str:
    if has_two_factor(user):
        return VERIFY
    if two_factor_required(memberships):
        return ENROL
    return ""


def two_factor_decide_on_sign_in(
    sender: object, request: HttpRequest, user: User, **_: object
) -> None:
    """At sign-in (any way in: password, a link, single sign-on), decide what this session
    owes, so the pages after it cost no query for it."""
    memberships = list(user.memberships.select_related("organisation"))
    request.session[SESSION_KEY] = _step_for(user, memberships)


def session_second_factor_by_provider(request: HttpRequest) -> None:
    """Signed in by an organisation's single sign-on whose provider asks for a second factor
    itself (the organisation says so): Hallway does not ask again."""
    request.session[SESSION_KEY] = ""


def _pending_step(request: HallwayRequest) -> str:
    step = request.session.get(SESSION_KEY)
    if step is None:  # a session from before two-factor sign-in existed
        user = request.user
        assert isinstance(user, User)
        step = _step_for(user, request.memberships)
        request.session[SESSION_KEY] = step
    return str(step)


class TwoFactorMiddleware:
    """Until the second factor is proven (or, where required, set up), a signed-in user
    reaches only the verification page, the setup page and signing out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HallwayRequest) -> HttpResponse:
        user = request.user
        # OTPMiddleware sets `otp_device` once this session has proven a device.
        if not user.is_authenticated or getattr(user, "otp_device", None) is not None:
            return self.get_response(request)
        step = _pending_step(request)
        if not step or request.path.startswith(OPEN_PATHS):
            return self.get_response(request)
        open_urls = {reverse(name) for name in OPEN_VIEWS}
        if request.path in open_urls:
            return self.get_response(request)
        if step == VERIFY:
            target = reverse("accounts:two_factor_verify")
        else:
            target = reverse("accounts:settings_two_factor")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
