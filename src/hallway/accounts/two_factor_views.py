"""Two-factor sign-in: the code after the password, and setting it up in the settings."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hallway.accounts import services, two_factor
from hallway.accounts.forms import OrganisationSecurityForm, PasswordConfirmForm, TwoFactorCodeForm
from hallway.accounts.http import MemberRequest, SignedInRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import render_section
from hallway.accounts.tenancy import role_required

# Pages for someone who still owes the second factor: links elsewhere would only lead back.
HIDE_NAVIGATION: dict[str, object] = {"organisation": None, "all_memberships": [], "tabs": []}

# The settings page has two password forms; prefixes keep their fields apart.
CODES, DISABLE = "codes", "disable"


def _password_forms() -> dict[str, PasswordConfirmForm]:
    return {
        "codes_form": PasswordConfirmForm(prefix=CODES),
        "disable_form": PasswordConfirmForm(prefix=DISABLE),
    }


def _next_url(request: SignedInRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request: SignedInRequest) -> HttpResponse:
    """After the password: a code from the authenticator app, or a recovery code."""
    if not two_factor.has_two_factor(request.user):
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            two_factor.session_verified(request, device)
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request), **HIDE_NAVIGATION},
        status=400 if form.errors else 200,
    )


@never_cache  # the page holds the secret key or the recovery codes
@login_required
def settings_two_factor(request: SignedInRequest) -> HttpResponse:
    """Set up an authenticator app (QR code and secret), or see that it is on and turn it
    off. The recovery codes appear once, in the answer that creates them."""
    user = request.user
    if two_factor.has_two_factor(user):
        return render_section(
            request,
            "settings_two_factor",
            {"enabled": True, **_password_forms(), "codes": None},
        )
    device = two_factor.enrolment_device(user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enrol(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            two_factor.session_verified(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return render_section(
                request,
                "settings_two_factor",
                {
                    "enabled": True,
                    "codes": codes,
                    **_password_forms(),
                    "next": _next_url(request) if request.GET.get("next") else "",
                },
            )
    required = two_factor.two_factor_required(request.memberships)
    return render_section(
        request,
        "settings_two_factor",
        {
            "enabled": False,
            "form": form,
            "provisioning": two_factor.provisioning(device),
            "required": required,
            **(HIDE_NAVIGATION if required else {}),
        },
    )


@never_cache
@require_POST
@login_required
def recovery_codes(request: SignedInRequest) -> HttpResponse:
    """New recovery codes (after the password again); the old ones stop working."""
    form = PasswordConfirmForm(request.POST, prefix=CODES)
    if not (form.is_valid() and request.user.check_password(form.cleaned_data["password"])):
        messages.error(request, _("That password is not right."))
        return redirect("accounts:settings_two_factor")
    codes = two_factor.recovery_codes_create(user=request.user)
    return render_section(
        request,
        "settings_two_factor",
        {"enabled": True, "codes": codes, **_password_forms()},
    )


@require_POST
@login_required
def disable(request: SignedInRequest) -> HttpResponse:
    form = PasswordConfirmForm(request.POST, prefix=DISABLE)
    try:
        if not form.is_valid():
            raise ValidationError(_("Please enter your password."))
        two_factor.two_factor_disable(user=request.user, password=form.cleaned_data["password"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        two_factor.session_recheck(request)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:settings_two_factor")


@require_POST
@role_required(Role.ADMIN)
def organisation_security(request: MemberRequest) -> HttpResponse:
    form = OrganisationSecurityForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_require_two_factor(
                organisation=request.organisation,
                actor=request.user,
                required=form.cleaned_data["require_two_factor"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            two_factor.session_recheck(request)
            messages.success(request, _("The organisation's settings have been saved."))
    return redirect("accounts:settings_organisation")
