"""Django admin for superusers: organisations, users, memberships, invitations, API tokens.

The admin sees every organisation by design; it is for operators, not for customers.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import ApiToken, Invitation, Membership, Organisation, User


class MembershipInline(admin.TabularInline[Membership, Organisation | User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "slug", "timezone", "language", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class EmailUserCreationForm(AdminUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this email address already exists."))
        return email


class EmailUserChangeForm(UserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    """Django's user admin, with the email address as the login instead of a username."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language", "timezone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ["email", "first_name", "last_name", "language", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "language"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    inlines = [MembershipInline]

    def get_inlines(
        self, request: HttpRequest, obj: User | None = None
    ) -> list[type[InlineModelAdmin[Any, Any]]]:
        # Memberships are added once the user exists, keeping the add form to its essentials.
        return list(self.inlines) if obj is not None else []


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__email", "organisation__name", "organisation__slug"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "organisation", "role", "invited_by", "last_sent_at", "status"]
    list_filter = ["role", "organisation"]
    search_fields = ["email", "organisation__name"]
    autocomplete_fields = ["organisation", "invited_by"]
    list_select_related = ["organisation", "invited_by"]

    @admin.display(description=_("status"))
    def status(self, invitation: Invitation) -> str:
        if invitation.accepted_at:
            return str(_("accepted"))
        if invitation.revoked_at:
            return str(_("withdrawn"))
        return str(_("expired")) if invitation.link_expired else str(_("open"))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are created with `hallway token create` or in settings (the raw key is shown
    once there); here they can only be inspected and revoked."""

    list_display = [
        "hint",
        "name",
        "user",
        "organisation",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["organisation"]
    search_fields = ["hint", "name", "user__email"]
    list_select_related = ["user", "organisation"]
    fields = [
        "organisation",
        "user",
        "name",
        "hint",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["organisation", "user", "hint", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
