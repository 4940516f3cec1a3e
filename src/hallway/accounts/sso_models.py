"""An organisation's single sign-on: the OpenID Connect provider its members sign in with."""

from typing import Any

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.core.crypto import decrypt_json, encrypt_json


class ProviderKind(models.TextChoices):
    # The kind only chooses help texts and how a verified address is recognised.
    ENTRA = "entra", _("Microsoft Entra ID")
    GOOGLE = "google", _("Google Workspace")
    KEYCLOAK = "keycloak", _("Keycloak")
    OTHER = "other", _("Another OpenID Connect provider")


class SingleSignOn(models.Model):
    """One OpenID Connect provider per organisation. People whose verified address is in
    one of `allowed_domains` may sign in through it; the first time, they get an account
    (if they have none) and a membership with `new_member_role`.

    The client secret is stored encrypted (see `core.crypto`), as channel secrets are.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="single_sign_on"
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    provider = models.CharField(
        _("provider"), max_length=16, choices=ProviderKind.choices, default=ProviderKind.OTHER
    )
    issuer = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=300)
    secrets_encrypted = models.TextField(blank=True)
    allowed_domains = models.JSONField(_("allowed email domains"), default=list, blank=True)
    new_member_role = models.CharField(_("role of new members"), max_length=16, default="member")
    password_sign_in_allowed = models.BooleanField(_("password sign-in allowed"), default=True)
    provider_enforces_mfa = models.BooleanField(
        _("the provider asks for a second factor"), default=False
    )
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.issuer}"

    @property
    def client_secret(self) -> str:
        """The decrypted client secret (raises `SecretsUnreadable` when no key opens it)."""
        value: Any = decrypt_json(self.secrets_encrypted).get("client_secret", "")
        return str(value)

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self.secrets_encrypted = encrypt_json({"client_secret": value} if value else {})

    def allows_domain(self, domain: str) -> bool:
        return domain.lower() in {allowed.lower() for allowed in self.allowed_domains}
