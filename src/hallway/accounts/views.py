"""Signing in and out, password reset, switching organisation, accepting invitations."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts import links, services, signin_guard
from hallway.accounts.forms import ExistingAccountForm, HallwayPasswordResetForm, NewAccountForm
from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Invitation, User
from hallway.accounts.tenancy import (
    SSO_SESSION_KEY,
    role_required,
    session_reaches,
    switch_organisation,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@role_required()
def home(request: MemberRequest) -> HttpResponse:
    """The organisation's home: the panels the installed apps registered for it."""
    return render(request, "accounts/home.html")


def set_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    """Make the UI speak `language` from the next request on (as Django's set_language does);
    an empty language forgets the choice so the browser's preference applies again."""
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def apply_user_language(request: HttpRequest, response: HttpResponse, user: User) -> HttpResponse:
    if user.language:
        translation.activate(user.language)
        request.LANGUAGE_CODE = user.language
        set_language_cookie(response, user.language)
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        return apply_user_language(self.request, response, form.get_user())


class PasswordResetView(auth_views.PasswordResetView):
    """Requests are limited per address and per email address, and every answer takes the
    same time (at least HALLWAY_PASSWORD_RESET_SECONDS) whether or not the account exists."""

    form_class = HallwayPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with signin_guard.lasting_at_least(settings.HALLWAY_PASSWORD_RESET_SECONDS):
            return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        until = signin_guard.password_reset_throttled_until(
            self.request, form.cleaned_data["email"]
        )
        if until is None:
            return super().form_valid(form)
        form.add_error(None, signin_guard.reset_throttled_message(until))
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = signin_guard.retry_after(until)
        return response


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
@role_required()
def switch_organisation_view(request: MemberRequest) -> HttpResponse:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = 0
    switch_organisation(request, organisation_id)
    return redirect("home")


# Invitations -----------------------------------------------------------------------------

INVALID_LINK_STATUS = {"invalid": 404, "expired": 410, "accepted": 410, "revoked": 410}


def _invitation_problem(request: HttpRequest, problem: str) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"problem": problem},
        status=INVALID_LINK_STATUS[problem],
    )


def _joined(request: HttpRequest, user: User, invitation: Invitation) -> HttpResponse:
    if request.user != user:
        login(request, user, backend=MODEL_BACKEND)
    elif not session_reaches(request, invitation.organisation_id):
        # Signed in through another organisation's provider, and the password was just
        # confirmed: the session may reach every organisation again.
        request.session.pop(SSO_SESSION_KEY, None)
    switch_organisation(request, invitation.organisation_id)
    messages.success(request, _("Welcome to %(name)s!") % {"name": invitation.organisation.name})
    return apply_user_language(request, redirect("home"), user)


def _accept(
    invitation: Invitation,
    form: NewAccountForm | ExistingAccountForm | None,
    existing: User | None,
) -> User:
    if isinstance(form, NewAccountForm):
        return services.invitation_accept_new_user(
            invitation=invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        ).user
    user = form.user if isinstance(form, ExistingAccountForm) else existing
    if user is None:  # unreachable: the view offers a form whenever nobody is signed in
        raise ValidationError(_("Please sign in first."), code="signed_out")
    services.invitation_accept(invitation=invitation, user=user)
    return user


def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link from an invitation email. The signed token is the credential here, so the
    invitation is found by its id rather than through the (not yet chosen) organisation."""
    try:
        invitation_id = links.invitation_id_from_token(token)
    except links.InvalidLink as exc:
        return _invitation_problem(request, exc.problem.value)
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return _invitation_problem(request, "invalid")
    if invitation.accepted_at is not None:
        return _invitation_problem(request, "accepted")
    if invitation.revoked_at is not None:
        return _invitation_problem(request, "revoked")

    existing = User.objects.filter(email__iexact=invitation.email).first()
    # A session from another organisation's single sign-on confirms with the password.
    signed_in_as_invitee = (
        existing is not None
        and request.user == existing
        and session_reaches(request, invitation.organisation_id)
    )
    form: NewAccountForm | ExistingAccountForm | None = None
    if existing is None:
        form = NewAccountForm(request.POST or None, email=invitation.email)
    elif not signed_in_as_invitee:
        form = ExistingAccountForm(request.POST or None, email=invitation.email, request=request)

    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = _accept(invitation, form, existing)
        except ValidationError as exc:
            if exc.code == "not_pending":  # accepted or revoked a moment ago
                return _invitation_problem(request, "accepted")
            if form is None:
                messages.error(request, " ".join(exc.messages))
            else:
                form.add_error(None, exc)
        else:
            return _joined(request, user, invitation)

    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "existing_account": existing is not None,
            "signed_in_as_other": request.user.is_authenticated and request.user != existing,
        },
    )
