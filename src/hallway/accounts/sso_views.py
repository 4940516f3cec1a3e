"""Signing in through an organisation's OpenID provider, and its settings page."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hallway.accounts import rules, sso_client, sso_services
from hallway.accounts.events import account_event_send
from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.settings_views import render_section
from hallway.accounts.sso_client import PendingSignIn, Provider, SsoError
from hallway.accounts.sso_forms import SingleSignOnForm, SsoStartForm
from hallway.accounts.sso_models import SingleSignOn
from hallway.accounts.tenancy import SSO_SESSION_KEY, role_required, switch_organisation
from hallway.accounts.two_factor import session_second_factor_by_provider
from hallway.accounts.views import MODEL_BACKEND, apply_user_language
from hallway.core.crypto import SecretsUnreadable

logger = logging.getLogger(__name__)

PENDING_KEY = "hallway_sso_pending"
# Two-factor sign-in skips its own code when the session's provider_mfa is true.
SIGNED_IN_KEY = SSO_SESSION_KEY

REFUSAL_STATUS = {"state_mismatch": 400, "unreachable": 502}


def _refusal_text(code: str, organisation: str = "", detail: str = "") -> str:
    texts: dict[str, str] = {
        "unknown": _(
            "No organisation signs in with single sign-on for this address. Sign in with "
            "your password, or ask your administrator."
        ),
        "ambiguous": _(
            "Several organisations use this email domain. Please enter your organisation's "
            "short name instead."
        ),
        "unreachable": _(
            "The sign-in service of %(organisation)s could not be reached. Please try again "
            "in a moment."
        ),
        "misconfigured": _(
            "Single sign-on for %(organisation)s is not set up correctly. Please tell your "
            "administrator."
        ),
        "state_mismatch": _(
            "This sign-in did not start here or has expired, so you have not been signed in. "
            "Please start again."
        ),
        "provider_error": _("The sign-in service of %(organisation)s did not sign you in."),
        "token_refused": _(
            "The sign-in service of %(organisation)s did not confirm this sign-in. Please "
            "start again."
        ),
        "bad_signature": _(
            "The answer from the sign-in service could not be verified, so you have not been "
            "signed in."
        ),
        "bad_claims": _(
            "The answer from the sign-in service could not be verified, so you have not been "
            "signed in."
        ),
        "no_email": _("The sign-in service did not tell us your email address."),
        "unverified_email": _(
            "The sign-in service has not verified your email address, so you cannot sign in "
            "this way."
        ),
        "domain_not_allowed": _(
            "%(organisation)s does not let addresses at %(domain)s sign in this way."
        ),
        "inactive": _("This account has been deactivated."),
        "staff": _("Accounts that can open Hallway's administration sign in with their password."),
    }
    text = texts.get(code, texts["token_refused"])
    return text % {"organisation": organisation, "domain": detail}


def _refuse(
    request: HttpRequest,
    exc: SsoError,
    *,
    config: SingleSignOn | None = None,
    form: SsoStartForm | None = None,
) -> HttpResponse:
    organisation = config.organisation.name if config is not None else ""
    logger.warning("single sign-on refused (%s): %s", organisation or "-", exc)
    if config is not None:  # a refusal after the organisation is known is its business
        account_event_send(
            "sign_in_failed",
            organisation=config.organisation,
            target=exc.email,
            details={"via": "single sign-on", "reason": exc.code},
        )
    return render(
        request,
        "accounts/sso_start.html",
        {
            "form": form or SsoStartForm(),
            "refusal": _refusal_text(exc.code, organisation, exc.detail),
        },
        status=REFUSAL_STATUS.get(exc.code, 403),
    )


def _redirect_uri() -> str:
    return settings.BASE_URL + reverse("accounts:sso_callback")


def _provider(config: SingleSignOn) -> Provider:
    try:
        secret = config.client_secret
    except SecretsUnreadable as exc:
        raise SsoError("misconfigured", str(exc)) from exc
    return Provider(issuer=config.issuer, client_id=config.client_id, client_secret=secret)


def _safe_next(request: HttpRequest, candidate: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and allowed else ""


def sso_start(request: HttpRequest) -> HttpResponse:
    """Ask for the work address (or the organisation), then send the browser to the
    organisation's provider."""
    form = SsoStartForm(request.POST or None)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/sso_start.html", {"form": form, "next": next_url})
    entered: str = form.cleaned_data["address"].strip()
    try:
        config = sso_services.sso_for_address(entered)
    except SsoError as exc:
        return _refuse(request, exc, form=form)
    try:
        url, pending = sso_client.authorization_url(
            _provider(config),
            redirect_uri=_redirect_uri(),
            login_hint=entered if "@" in entered else "",
        )
    except SsoError as exc:
        return _refuse(request, exc, config=config, form=form)
    request.session[PENDING_KEY] = {
        "organisation": config.organisation_id,
        "state": pending.state,
        "nonce": pending.nonce,
        "code_verifier": pending.code_verifier,
        "next": next_url,
    }
    return redirect(url)


def sso_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back: check everything, then sign in."""
    saved = request.session.pop(PENDING_KEY, None)
    if not isinstance(saved, dict) or not sso_client.states_match(
        str(saved.get("state", "")), request.GET.get("state", "")
    ):
        return _refuse(request, SsoError("state_mismatch"))
    config = (
        SingleSignOn.objects.filter(organisation_id=saved["organisation"], enabled=True)
        .select_related("organisation")
        .first()
    )
    if config is None:
        return _refuse(request, SsoError("unknown"))
    if "error" in request.GET or not request.GET.get("code"):
        error = SsoError("provider_error", request.GET.get("error", "no code"))
        return _refuse(request, error, config=config)
    try:
        claims = sso_client.verified_claims(
            _provider(config),
            pending=PendingSignIn(
                state=saved["state"], nonce=saved["nonce"], code_verifier=saved["code_verifier"]
            ),
            code=request.GET["code"],
            redirect_uri=_redirect_uri(),
        )
        signed_in = sso_services.sso_member_sign_in(config=config, claims=claims)
    except SsoError as exc:
        return _refuse(request, exc, config=config)
    user = signed_in.membership.user
    login(request, user, backend=MODEL_BACKEND)
    request.session[SIGNED_IN_KEY] = {
        "organisation": config.organisation_id,
        "provider_mfa": config.provider_enforces_mfa,
    }
    if config.provider_enforces_mfa:
        session_second_factor_by_provider(request)
    switch_organisation(request, config.organisation_id)
    if signed_in.membership_created:
        messages.success(request, _("Welcome to %(name)s!") % {"name": config.organisation.name})
    return apply_user_language(request, redirect(saved.get("next") or "home"), user)


@role_required(Role.ADMIN)
def sso_settings(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    config = SingleSignOn.objects.filter(organisation=organisation).first()
    initial = {"enabled": True, "password_sign_in_allowed": True, "new_member_role": Role.MEMBER}
    if config is not None:
        initial = {
            "enabled": config.enabled,
            "provider": config.provider,
            "issuer": config.issuer,
            "client_id": config.client_id,
            "allowed_domains": ", ".join(config.allowed_domains),
            "new_member_role": config.new_member_role,
            "password_sign_in_allowed": config.password_sign_in_allowed,
            "provider_enforces_mfa": config.provider_enforces_mfa,
        }
    form = SingleSignOnForm(
        request.POST or None,
        initial=initial,
        roles=rules.assignable_roles(request.membership),
        secret_stored=config is not None and bool(config.secrets_encrypted),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = sso_services.sso_configuration_save(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Single sign-on has been saved."))
            if saved.enabled:
                _warn_if_unreachable(request, saved)
            return redirect("accounts:settings_sso")
    return render_section(
        request,
        "settings_sso",
        {"form": form, "redirect_uri": _redirect_uri(), "config": config},
    )


def _warn_if_unreachable(request: HttpRequest, config: SingleSignOn) -> None:
    try:
        sso_client.discovery(config.issuer)
    except SsoError as exc:
        messages.warning(
            request,
            _("Hallway could not read the provider's settings at %(issuer)s: %(problem)s")
            % {"issuer": config.issuer, "problem": exc.detail},
        )
