"""Forms parse and check input; the writes happen in services."""

import logging
import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hallway.accounts import mail
from hallway.accounts.models import Role, User
from hallway.core.forms import form_field
from hallway.core.validators import validate_timezone

logger = logging.getLogger(__name__)

TIMEZONE_DATALIST_ID = "known-timezones"


def role_choices(roles: list[str]) -> list[tuple[str, StrOrPromise]]:
    labels = dict(Role.choices)
    return [(role, labels[role]) for role in roles]


class TimezoneField(forms.CharField):
    """A free-text IANA zone with suggestions from a <datalist> (there are about 600)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"list": TIMEZONE_DATALIST_ID, "autocomplete": "off", "spellcheck": "false"}
            ),
        )
        super().__init__(**kwargs)
        self.validators.append(validate_timezone)


class HallwayPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending our own mail (through the outbox) in the user's language.

    Users without a usable password (created by `hallway org create`) may use it too:
    in Hallway every account signs in with a password, so this is how they set one.
    """

    def get_users(self, email: str) -> list[User]:
        # Like Django, also compare in Python: the database's case-insensitive match can
        # equate different Unicode spellings, and the mail must only go to the very address.
        wanted = unicodedata.normalize("NFKC", email.strip()).casefold()
        return [
            user
            for user in User.objects.filter(email__iexact=email.strip(), is_active=True)
            if unicodedata.normalize("NFKC", user.email).casefold() == wanted
        ]

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Whatever happens, the visitor sees the same page: it must not tell whether an
        # account exists. A mail the server could not take now stays in the outbox.
        user = context["user"]
        try:
            result = mail.password_reset_mail_send(user=user, token=context["token"])
        except Exception:
            logger.exception("Could not send a password reset email to user %s", user.pk)
            return
        if result is not None and result.outcome != mail.Outcome.SENT:
            logger.warning(
                "Password reset email to user %s not sent now (%s): %s",
                user.pk,
                result.outcome.value,
                result.error,
            )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    timezone = TimezoneField(
        label=_("Time zone"),
        help_text=_("Used for people who have no time zone of their own."),
    )
    language = forms.ChoiceField(
        label=_("Default language"),
        choices=settings.LANGUAGES,
        help_text=_("Invitations and messages use it unless a person has chosen their own."),
    )


class OrganisationSecurityForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Require two-factor sign-in for owners and admins"),
        required=False,
        help_text=_(
            "Owners and admins without an authenticator app are asked to set one up right "
            "after signing in, and can open nothing else until they have."
        ),
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "role", forms.ChoiceField).choices = role_choices(roles)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"), initial=Role.MEMBER)

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "role", forms.ChoiceField).choices = role_choices(roles)


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Hallway and its emails speak this language to you."),
    )
    timezone = TimezoneField(
        label=_("Time zone"),
        required=False,
        help_text=_("Leave empty to use your directory entry's or your organisation's."),
    )

    def __init__(self, *args: Any, organisation_language: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        names = dict(settings.LANGUAGES)
        default = (
            _("Same as the organisation (%(language)s)")
            % {"language": names[organisation_language]}
            if organisation_language in names
            else _("Same as the organisation")
        )
        form_field(self, "language", forms.ChoiceField).choices = [
            ("", default),
            *settings.LANGUAGES,
        ]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("What the token is for, for example “HR sync”."),
    )


class NewAccountForm(forms.Form):
    """Accepting an invitation without an account: choose a name and a password."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        # Both problems at once: a mismatch does not hide that the password is too weak.
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        if password1:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ExistingAccountForm(forms.Form):
    """Accepting an invitation with an existing account: confirm the password."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(
        self, *args: Any, email: str, request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.email, self.request = email, request
        self.user: User | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            self.user = authenticate(self.request, username=self.email, password=password)
            if self.user is None:
                raise ValidationError(_("That password is not right."), code="invalid_login")
        return cleaned
