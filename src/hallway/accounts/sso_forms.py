"""Forms of single sign-on: where to sign in, and an organisation's provider settings."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.accounts.forms import role_choices
from hallway.accounts.sso_models import ProviderKind
from hallway.core.forms import form_field

DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


class SsoStartForm(forms.Form):
    address = forms.CharField(
        label=_("Work email address or organisation short name"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )


class SingleSignOnForm(forms.Form):
    enabled = forms.BooleanField(label=_("Single sign-on is on"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), choices=ProviderKind.choices)
    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Hallway reads the provider's settings from this address followed by "
            "/.well-known/openid-configuration."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=300)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    allowed_domains = forms.CharField(
        label=_("Allowed email domains"),
        max_length=2000,
        required=False,
        help_text=_(
            "Separated by commas or spaces, e.g. example.com, example.org. People with a "
            "verified address at one of them may sign in and join."
        ),
    )
    new_member_role = forms.ChoiceField(label=_("Role of people who join this way"))
    password_sign_in_allowed = forms.BooleanField(
        label=_("Members may still sign in with a password"), required=False
    )
    provider_enforces_mfa = forms.BooleanField(
        label=_("The provider asks for a second factor"),
        required=False,
        help_text=_("Then Hallway does not ask people who signed in this way for its own code."),
    )

    def __init__(self, *args: Any, roles: list[str], secret_stored: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "new_member_role", forms.ChoiceField).choices = role_choices(roles)
        secret = self.fields["client_secret"]
        if secret_stored:
            secret.help_text = _("A secret is stored. Leave this empty to keep it.")
        else:
            secret.required = True

    def clean_allowed_domains(self) -> list[str]:
        raw: str = self.cleaned_data["allowed_domains"]
        domains = [part.lstrip("@").lower() for part in re.split(r"[\s,;]+", raw) if part]
        for domain in domains:
            if not DOMAIN.fullmatch(domain):
                raise forms.ValidationError(
                    _("“%(domain)s” is not an email domain."),
                    code="invalid",
                    params={"domain": domain},
                )
        return domains
