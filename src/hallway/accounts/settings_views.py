"""The settings pages. Members see their profile, password and API tokens; owners and
admins also manage the organisation, its members and invitations."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hallway.accounts import rules, selectors, services
from hallway.accounts.forms import (
    InvitationForm,
    OrganisationForm,
    OrganisationSecurityForm,
    ProfileForm,
    RoleForm,
    TokenForm,
)
from hallway.accounts.http import HallwayRequest, MemberRequest, SignedInRequest
from hallway.accounts.models import ApiToken, Invitation, Membership, Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.accounts.tokens import token_create, token_revoke
from hallway.accounts.views import set_language_cookie
from hallway.core.validators import known_timezones

# (url name, label, minimum role; None = any signed-in user)
SECTIONS = [
    ("settings_organisation", gettext_lazy("Organisation"), Role.ADMIN),
    ("settings_members", gettext_lazy("Members"), Role.ADMIN),
    ("settings_invitations", gettext_lazy("Invitations"), Role.ADMIN),
    ("settings_sso", gettext_lazy("Single sign-on"), Role.ADMIN),
    ("settings_profile", gettext_lazy("Your profile"), None),
    ("settings_password", gettext_lazy("Password"), None),
    ("settings_two_factor", gettext_lazy("Two-factor sign-in"), None),
    ("settings_tokens", gettext_lazy("API tokens"), Role.MEMBER),
    ("messaging:my_calendar", gettext_lazy("Calendar feed"), Role.MEMBER),
    ("relationships:my_sources", gettext_lazy("My sources"), Role.MEMBER),
    ("relationships:organisation_sources", gettext_lazy("Mail into touches"), Role.ADMIN),
    ("messaging:outbox", gettext_lazy("Messages"), Role.ADMIN),
    ("relationships:settings", gettext_lazy("Client book"), Role.ADMIN),
    ("rituals:settings", gettext_lazy("Rituals"), Role.ADMIN),
    ("outreach:settings", gettext_lazy("Outreach"), Role.ADMIN),
    ("audit:log", gettext_lazy("Audit log"), Role.ADMIN),
]


def section_tabs(request: HallwayRequest, current: str) -> list[dict[str, Any]]:
    membership = request.membership
    return [
        {
            "url": reverse(name if ":" in name else f"accounts:{name}"),
            "label": label,
            "current": name == current,
        }
        for name, label, minimum in SECTIONS
        if minimum is None or (membership is not None and membership.has_role(minimum))
    ]


def render_section(
    request: HallwayRequest, section: str, context: dict[str, Any], template: str | None = None
) -> HttpResponse:
    context = {"tabs": section_tabs(request, section), **context}
    return render(request, f"accounts/settings/{template or section}.html", context)


def _error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
def settings_home(request: SignedInRequest) -> HttpResponse:
    membership = request.membership
    if membership is not None and membership.has_role(Role.ADMIN):
        return redirect("accounts:settings_organisation")
    return redirect("accounts:settings_profile")


# Organisation ----------------------------------------------------------------------------


@role_required(Role.ADMIN)
def organisation_settings(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = OrganisationForm(
        request.POST or None,
        initial={
            "name": organisation.name,
            "timezone": organisation.timezone,
            "language": organisation.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The organisation's settings have been saved."))
            return redirect("accounts:settings_organisation")
    security_form = OrganisationSecurityForm(
        initial={"require_two_factor": organisation.require_two_factor}
    )
    return render_section(
        request,
        "settings_organisation",
        {
            "form": form,
            "security_form": security_form,
            "timezones": sorted(known_timezones()),
        },
    )


# Members ---------------------------------------------------------------------------------


@role_required(Role.ADMIN)
def members(request: MemberRequest) -> HttpResponse:
    acting = request.membership
    roles = rules.assignable_roles(acting)
    rows = [
        {
            "membership": membership,
            "manageable": rules.can_manage(acting, membership),
            "role_form": RoleForm(
                roles=roles, initial={"role": membership.role}, prefix=f"m{membership.pk}"
            ),
        }
        for membership in selectors.members_list(organisation=request.organisation)
    ]
    return render_section(request, "settings_members", {"rows": rows})


@require_POST
@role_required(Role.ADMIN)
def member_change_role(request: MemberRequest, pk: int) -> HttpResponse:
    membership = get_scoped_or_404(Membership, request.organisation, pk=pk)
    form = RoleForm(request.POST, roles=list(Role.values), prefix=f"m{pk}")
    if not form.is_valid():
        messages.error(request, _("Please choose one of the roles."))
        return redirect("accounts:settings_members")
    try:
        changed = services.membership_change_role(
            membership=membership,
            role=form.cleaned_data["role"],
            actor=request.user,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": changed.user, "role": changed.get_role_display()},
        )
    return redirect("accounts:settings_members")


@role_required(Role.ADMIN)
def member_remove(request: MemberRequest, pk: int) -> HttpResponse:
    membership = get_scoped_or_404(
        Membership.objects.select_related("user"),
        request.organisation,
        pk=pk,
    )
    if request.method == "POST":
        removing_self = membership.user_id == request.user.pk
        try:
            services.membership_remove(membership=membership, actor=request.user)
        except ValidationError as exc:
            _error(request, exc)
            return redirect("accounts:settings_members")
        messages.success(request, _("%(name)s has been removed.") % {"name": membership.user})
        return redirect("home" if removing_self else "accounts:settings_members")
    return render_section(
        request,
        "settings_members",
        {
            "title": _("Remove %(name)s?") % {"name": membership.user},
            "question": _(
                "%(name)s will lose access to %(organisation)s and their API tokens here will "
                "stop working."
            )
            % {"name": membership.user, "organisation": membership.organisation.name},
            "confirm_label": _("Remove"),
            "cancel_url": reverse("accounts:settings_members"),
        },
        template="settings_confirm",
    )


# Invitations -----------------------------------------------------------------------------


@role_required(Role.ADMIN)
def invitations(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    roles = rules.assignable_roles(request.membership)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except services.EmailNotSent as exc:
            messages.warning(request, _not_sent_message(exc))
            return redirect("accounts:settings_invitations")
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:settings_invitations")
    pending = selectors.invitations_pending(organisation=organisation)
    return render_section(
        request,
        "settings_invitations",
        {"form": form, "pending": pending, "assignable": roles},
    )


def _not_sent_message(exc: services.EmailNotSent) -> str:
    if exc.retrying:
        return _(
            "The invitation for %(email)s has been saved, but the mail server could not take "
            "the email just now. It waits in the outbox and is sent as soon as the server "
            "answers again."
        ) % {"email": exc.invitation.email}
    return _(
        "The invitation for %(email)s has been saved, but the mail server refused the email "
        "(see the outbox for its answer). Check the address, or withdraw the invitation."
    ) % {"email": exc.invitation.email}


@require_POST
@role_required(Role.ADMIN)
def invitation_resend(request: MemberRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(Invitation, request.organisation, pk=pk)
    try:
        services.invitation_resend(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    except services.EmailNotSent as exc:
        messages.warning(request, _not_sent_message(exc))
    else:
        messages.success(
            request,
            _("The invitation has been sent to %(email)s again.") % {"email": invitation.email},
        )
    return redirect("accounts:settings_invitations")


@require_POST
@role_required(Role.ADMIN)
def invitation_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(Invitation, request.organisation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            _("The invitation for %(email)s has been withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:settings_invitations")


# Your profile, password and API tokens --------------------------------------------------


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    user = request.user
    organisation = request.organisation
    form = ProfileForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "timezone": user.timezone,
        },
        organisation_language=organisation.language if organisation else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            response = redirect("accounts:settings_profile")
            return set_language_cookie(response, form.cleaned_data["language"])
    return render_section(
        request, "settings_profile", {"form": form, "timezones": sorted(known_timezones())}
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    request: HallwayRequest
    template_name = "accounts/settings/settings_password.html"
    success_url = reverse_lazy("accounts:settings_password")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tabs"] = section_tabs(self.request, "settings_password")
        return context

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@role_required()
def tokens(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = TokenForm(request.POST or None)
    raw_token = None
    if request.method == "POST" and form.is_valid():
        _token, raw_token = token_create(
            organisation=organisation,
            user=request.user,
            name=form.cleaned_data["name"],
        )
        form = TokenForm()
    # The raw token is rendered into this one response and never stored, so there is no redirect.
    return render_section(
        request,
        "settings_tokens",
        {
            "form": form,
            "raw_token": raw_token,
            "tokens": selectors.tokens_of(organisation=organisation, user=request.user),
        },
    )


@role_required()
def token_revoke_view(request: MemberRequest, pk: int) -> HttpResponse:
    token = get_scoped_or_404(
        ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
        request.organisation,
        pk=pk,
    )
    if request.method == "POST":
        token_revoke(token=token)
        messages.success(request, _("The token %(hint)s… has been revoked.") % {"hint": token.hint})
        return redirect("accounts:settings_tokens")
    return render_section(
        request,
        "settings_tokens",
        {
            "title": _("Revoke the token %(hint)s…?") % {"hint": token.hint},
            "question": _(
                "Anything that uses this token will no longer be able to use the API. "
                "This cannot be undone."
            ),
            "confirm_label": _("Revoke"),
            "cancel_url": reverse("accounts:settings_tokens"),
        },
        template="settings_confirm",
    )
