"""Single sign-on: an organisation's provider settings, finding the organisation for an
address, and just-in-time membership for whoever the provider vouches for."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts import rules
from hallway.accounts.events import account_event_send
from hallway.accounts.models import Membership, Organisation, Role, User
from hallway.accounts.sso_client import SsoError
from hallway.accounts.sso_models import ProviderKind, SingleSignOn
from hallway.core.crypto import secrets_reencrypt


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def normalise_domains(domains: list[str]) -> list[str]:
    """Lower case, without "@" or blanks, each once, in the given order."""
    seen: list[str] = []
    for domain in domains:
        cleaned = domain.strip().lstrip("@").lower()
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


REPLACED = "(replaced)"
AUDITED_FIELDS = [
    "enabled",
    "provider",
    "issuer",
    "client_id",
    "allowed_domains",
    "new_member_role",
    "password_sign_in_allowed",
    "provider_enforces_mfa",
]


@transaction.atomic
def sso_configuration_save(
    *,
    organisation: Organisation,
    actor: User,
    enabled: bool,
    provider: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    allowed_domains: list[str],
    new_member_role: str,
    password_sign_in_allowed: bool,
    provider_enforces_mfa: bool,
) -> SingleSignOn:
    """Create or change the organisation's provider. A blank `client_secret` keeps the
    stored one. Only owners and admins may; admins cannot let new members in as owners."""
    acting = Membership.objects.filter(organisation=organisation, user=actor).first()
    if not rules.can_manage_members(acting):
        raise ValidationError(
            _("Only owners and admins can manage this organisation."), code="forbidden"
        )
    if new_member_role not in rules.assignable_roles(acting):
        raise ValidationError(
            _("You cannot give new members the role “%(role)s”.") % {"role": new_member_role},
            code="forbidden",
        )
    if provider not in ProviderKind.values:
        raise ValidationError(_("Please choose one of the providers."), code="invalid")
    domains = normalise_domains(allowed_domains)
    if enabled and not domains:
        raise ValidationError(
            _("Name at least one email domain whose people may sign in this way."),
            code="no_domains",
        )
    config = SingleSignOn.objects.filter(organisation=organisation).first()
    if config is None:
        config = SingleSignOn(organisation=organisation)
    before = {field: getattr(config, field) for field in AUDITED_FIELDS}
    if client_secret:
        config.client_secret = client_secret
    elif not config.secrets_encrypted:
        raise ValidationError(_("Please enter the client secret."), code="no_secret")
    config.enabled = enabled
    config.provider = provider
    config.issuer = issuer.strip()
    config.client_id = client_id.strip()
    config.allowed_domains = domains
    config.new_member_role = new_member_role
    config.password_sign_in_allowed = password_sign_in_allowed
    config.provider_enforces_mfa = provider_enforces_mfa
    config.full_clean(exclude=["organisation"])
    config.save()
    changes = {
        field: f"{before[field]} → {getattr(config, field)}"
        for field in AUDITED_FIELDS
        if before[field] != getattr(config, field)
    }
    if client_secret:
        changes["client_secret"] = REPLACED  # never the value
    if changes:
        account_event_send(
            "sso_changed", organisation=organisation, target=config.issuer, details=changes
        )
    return config


def sso_for_address(entered: str) -> SingleSignOn:
    """The enabled provider for an address ("ada@example.com": by its domain) or an
    organisation's short name. Raises `SsoError` ("unknown", "ambiguous")."""
    entered = entered.strip()
    enabled = SingleSignOn.objects.filter(enabled=True).select_related("organisation")
    if "@" not in entered:
        found = enabled.filter(organisation__slug=entered.lower()).first()
        if found is None:
            raise SsoError("unknown")
        return found
    domain = email_domain(entered)
    # Few organisations configure single sign-on, and JSON containment differs per database.
    matches = [config for config in enabled if config.allows_domain(domain)]
    if not matches:
        raise SsoError("unknown")
    if len(matches) > 1:
        raise SsoError("ambiguous")
    return matches[0]


@dataclass(frozen=True)
class SignedIn:
    membership: Membership
    user_created: bool
    membership_created: bool


def _verified_email(config: SingleSignOn, claims: dict[str, Any]) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SsoError("no_email")
    # Entra ID does not send email_verified; its optional claim xms_edov says that the
    # address's domain is verified for the tenant (docs/operations.md says how to add it).
    verified = claims.get("email_verified") is True or (
        config.provider == ProviderKind.ENTRA and claims.get("xms_edov") is True
    )
    if not verified:
        raise SsoError("unverified_email", email=email)
    return email.strip().lower()


def sso_member_sign_in(*, config: SingleSignOn, claims: dict[str, Any]) -> SignedIn:
    """The membership the provider's verified claims lead to, creating the account and the
    membership just in time. Raises `SsoError` and creates nothing when the address is not
    verified or its domain is not allowed."""
    email = _verified_email(config, claims)
    if not config.allows_domain(email_domain(email)):
        raise SsoError("domain_not_allowed", email_domain(email), email=email)
    try:
        return _member_get_or_create(config, email, claims)
    except IntegrityError:  # the same person signing in twice at once: the other one won
        return _member_get_or_create(config, email, claims)


@transaction.atomic
def _member_get_or_create(config: SingleSignOn, email: str, claims: dict[str, Any]) -> SignedIn:
    user = User.objects.filter(email__iexact=email).first()
    user_created = user is None
    if user is None:
        user = User(
            email=email,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        user.save()
    if not user.is_active:
        raise SsoError("inactive", email=email)
    # An organisation's provider must never open the whole installation's administration.
    if user.is_staff or user.is_superuser:
        raise SsoError("staff", email=email)
    role = config.new_member_role if config.new_member_role in Role.values else Role.MEMBER
    membership, membership_created = Membership.objects.select_related(
        "organisation"
    ).get_or_create(user=user, organisation=config.organisation, defaults={"role": role})
    if membership_created:
        account_event_send(
            "member_joined",
            organisation=config.organisation,
            target=user.email,
            details={"role": membership.role, "via": "single sign-on"},
        )
    return SignedIn(membership, user_created, membership_created)


def password_sign_in_refused(user: User) -> bool:
    """Does an organisation of `user` want its members to sign in only through its provider?"""
    return SingleSignOn.objects.filter(
        enabled=True,
        password_sign_in_allowed=False,
        organisation__memberships__user=user,
    ).exists()


def sso_secrets_rotate() -> tuple[int, list[str]]:
    """Re-encrypt every provider's client secret with the first (newest) encryption key
    (see `secrets_reencrypt`; unreadable ones are named "slug/single sign-on")."""
    return secrets_reencrypt(
        SingleSignOn.objects.exclude(secrets_encrypted="").select_related("organisation"),
        label=lambda config: f"{config.organisation.slug}/single sign-on",
    )
