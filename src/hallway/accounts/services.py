"""Writes for organisations, memberships, invitations and profiles.

Bad input raises django.core.exceptions.ValidationError with a specific message and
changes nothing. Membership changes lock the organisation row first, so two admins
acting at once cannot both demote "the other" last owner.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hallway.accounts import mail, rules
from hallway.accounts.events import account_event_send
from hallway.accounts.models import ApiToken, Invitation, Membership, Organisation, Role, User
from hallway.core.validators import validate_timezone

logger = logging.getLogger(__name__)

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX_LENGTH = 60


class EmailNotSent(Exception):
    """The invitation was saved, but its email did not go out now: either it stays in the
    outbox and the workers retry it (`retrying`), or the mail server refused it for good."""

    def __init__(self, invitation: Invitation, *, retrying: bool) -> None:
        super().__init__(f"invitation {invitation.pk} to {invitation.email} was not sent now")
        self.invitation = invitation
        self.retrying = retrying


@dataclass(frozen=True)
class OrganisationCreated:
    organisation: Organisation
    owner: User
    owner_created: bool


def _clean_email(email: str, *, field: str = "email") -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {field: _("“%(email)s” is not a valid email address.") % {"email": email}}
        ) from exc
    return email


def _check_language(language: str, *, allow_blank: bool = False) -> None:
    if allow_blank and language == "":
        return
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {
                "language": _("“%(language)s” is not a supported language (en, de or nl).")
                % {"language": language}
            }
        )


def _check_timezone(timezone: str, *, allow_blank: bool = False) -> None:
    if allow_blank and timezone == "":
        return
    try:
        validate_timezone(timezone)
    except ValidationError as exc:
        raise ValidationError({"timezone": exc.messages}) from exc


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please give the organisation a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name can be at most 200 characters long.")})
    return name


def _check_slug(slug: str) -> None:
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError(
            {
                "slug": _(
                    "“%(slug)s” is not a valid slug: use at most 60 lowercase letters, "
                    "digits and single hyphens, such as acme or acme-berlin."
                )
                % {"slug": slug}
            }
        )


def _check_names_length(first_name: str, last_name: str) -> None:
    errors = {
        field: _("Names can be at most 150 characters long.")
        for field, value in (("first_name", first_name), ("last_name", last_name))
        if len(value) > 150
    }
    if errors:
        raise ValidationError(errors)


def _check_all(*checks: Callable[[], object]) -> None:
    """Run every check and raise one ValidationError with all their problems by field."""
    errors: dict[str, list[ValidationError]] = {}
    for check in checks:
        try:
            check()
        except ValidationError as exc:  # report every problem at once, not just the first
            for field, field_errors in exc.error_dict.items():
                errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)


def _membership_of(organisation: Organisation, user: User) -> Membership | None:
    return Membership.objects.filter(organisation=organisation, user=user).first()


def _lock(organisation: Organisation) -> None:
    """Serialise membership changes within one organisation (see module docstring)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _require_admin(actor: Membership | None) -> Membership:
    if actor is None or not rules.can_manage_members(actor):
        raise ValidationError(
            _("Only owners and admins can manage this organisation."), code="forbidden"
        )
    return actor


def _ensure_another_owner(target: Membership, *, actor: User) -> None:
    others = Membership.objects.filter(organisation_id=target.organisation_id, role=Role.OWNER)
    if others.exclude(pk=target.pk).exists():
        return
    message: StrOrPromise
    if target.user_id == actor.pk:
        message = _(
            "You are the last owner of this organisation. Make someone else an owner first."
        )
    else:
        message = _(
            "%(name)s is the last owner of this organisation. Make someone else an owner first."
        ) % {"name": target.user}
    raise ValidationError(message, code="last_owner")


# Organisations ---------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    slug: str,
    name: str,
    owner_email: str,
    timezone: str = "Europe/Berlin",
    language: str = "en",
) -> OrganisationCreated:
    """A new organisation with `owner_email` as its owner (a new user without a password
    if nobody has that email yet; they set one through a password link)."""
    slug = (slug or "").strip()
    _check_all(
        lambda: _check_slug(slug),
        lambda: _check_name(name),
        lambda: _clean_email(owner_email, field="owner"),
        lambda: _check_timezone(timezone),
        lambda: _check_language(language),
    )
    name, email = _check_name(name), _clean_email(owner_email, field="owner")
    taken = ValidationError({"slug": _("The slug “%(slug)s” is already taken.") % {"slug": slug}})
    if Organisation.objects.filter(slug=slug).exists():
        raise taken
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                slug=slug, name=name, timezone=timezone, language=language
            )
    except IntegrityError as exc:  # created by someone else in the meantime
        raise taken from exc
    owner = User.objects.filter(email__iexact=email).first()
    owner_created = owner is None
    if owner is None:
        owner = User.objects.create_user(email=email, password=None)  # unusable password
    Membership.objects.create(user=owner, organisation=organisation, role=Role.OWNER)
    return OrganisationCreated(organisation=organisation, owner=owner, owner_created=owner_created)


def organisation_update(
    *, organisation: Organisation, actor: User, name: str, timezone: str, language: str
) -> Organisation:
    _require_admin(_membership_of(organisation, actor))
    _check_all(
        lambda: _check_name(name),
        lambda: _check_timezone(timezone),
        lambda: _check_language(language),
    )
    name = _check_name(name)
    changes = {
        field: f"{getattr(organisation, field)} → {value}"
        for field, value in (("name", name), ("timezone", timezone), ("language", language))
        if getattr(organisation, field) != value
    }
    organisation.name, organisation.timezone, organisation.language = name, timezone, language
    organisation.save(update_fields=["name", "timezone", "language"])
    if changes:
        account_event_send(
            "organisation_changed", organisation=organisation, target=name, details=changes
        )
    return organisation


# Memberships -----------------------------------------------------------------------------


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: User) -> Membership:
    _lock(membership.organisation)
    target = Membership.objects.select_related("user", "organisation").get(pk=membership.pk)
    acting = _require_admin(_membership_of(target.organisation, actor))
    if role not in Role.values:
        raise ValidationError(_("“%(role)s” is not a role.") % {"role": role}, code="invalid")
    if not rules.can_manage(acting, target):
        raise ValidationError(_("Only owners can change an owner's role."), code="forbidden")
    if role not in rules.assignable_roles(acting):
        raise ValidationError(_("Only owners can make someone an owner."), code="forbidden")
    if target.role == Role.OWNER and role != Role.OWNER:
        _ensure_another_owner(target, actor=actor)
    previous, target.role = target.role, role
    target.save(update_fields=["role"])
    if previous != role:
        account_event_send(
            "role_changed",
            organisation=target.organisation,
            target=target.user.email,
            details={"from": previous, "to": role},
        )
    return target


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """Remove someone from the organisation; their API tokens there stop working for good."""
    _lock(membership.organisation)
    target = Membership.objects.select_related("user", "organisation").get(pk=membership.pk)
    acting = _require_admin(_membership_of(target.organisation, actor))
    if not rules.can_manage(acting, target):
        raise ValidationError(_("Only owners can remove an owner."), code="forbidden")
    if target.role == Role.OWNER:
        _ensure_another_owner(target, actor=actor)
    ApiToken.objects.filter(
        organisation_id=target.organisation_id, user_id=target.user_id, revoked_at__isnull=True
    ).update(revoked_at=now())
    target.delete()
    account_event_send(
        "member_removed",
        organisation=target.organisation,
        target=target.user.email,
        details={"role": target.role},
    )


# Invitations -----------------------------------------------------------------------------


def _require_may_invite(actor: Membership | None, role: str) -> None:
    acting = _require_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("“%(role)s” is not a role.") % {"role": role}})
    if role not in rules.assignable_roles(acting):
        raise ValidationError({"role": _("Only owners can invite owners.")})


def _deliver(invitation: Invitation) -> None:
    result = mail.invitation_mail_send(invitation=invitation)
    if result.outcome != mail.Outcome.SENT:
        logger.warning("Invitation %s not sent now: %s", invitation.pk, result.error)
        raise EmailNotSent(invitation, retrying=result.outcome == mail.Outcome.RETRYING)


def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by: User
) -> Invitation:
    """Invite `email` with `role` and email them a link valid for seven days.

    An open invitation for the same email is updated and sent again instead of duplicated.
    Raises EmailNotSent (after saving) when the mail did not go out at once.
    """
    email = _clean_email(email)
    _require_may_invite(_membership_of(organisation, invited_by), role)
    with transaction.atomic():
        _lock(organisation)
        if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
            raise ValidationError(
                {
                    "email": _("%(email)s is already a member of %(organisation)s.")
                    % {"email": email, "organisation": organisation.name}
                }
            )
        invitation = Invitation.objects.filter(
            organisation=organisation,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).first() or Invitation(organisation=organisation, email=email, created_at=now())
        invitation.role = role
        invitation.invited_by = invited_by
        invitation.last_sent_at = now()
        invitation.save()
        account_event_send(
            "invitation_sent", organisation=organisation, target=email, details={"role": role}
        )
    _deliver(invitation)
    return invitation


def _pending_for_update(invitation: Invitation) -> Invitation:
    current = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    if not current.is_pending:
        raise ValidationError(
            _("This invitation has already been accepted or withdrawn."), code="not_pending"
        )
    return current


def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Send a fresh link (valid for another seven days) for an open invitation."""
    with transaction.atomic():
        current = _pending_for_update(invitation)
        _require_may_invite(_membership_of(current.organisation, actor), current.role)
        current.last_sent_at = now()
        current.save(update_fields=["last_sent_at"])
    _deliver(current)
    return current


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    current = _pending_for_update(invitation)
    _require_may_invite(_membership_of(current.organisation, actor), current.role)
    current.revoked_at = now()
    current.save(update_fields=["revoked_at"])
    account_event_send(
        "invitation_revoked", organisation=current.organisation, target=current.email
    )
    return current


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """`user` joins the organisation with the invited role (an existing membership is kept)."""
    current = _pending_for_update(invitation)
    if user.email.lower() != current.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s, not to you.") % {"email": current.email},
            code="wrong_user",
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=current.organisation, defaults={"role": current.role}
    )
    current.accepted_at = now()
    current.save(update_fields=["accepted_at"])
    if created:
        account_event_send(
            "member_joined",
            organisation=current.organisation,
            target=user.email,
            details={"role": membership.role, "invitation": current.pk},
        )
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> Membership:
    """Create the invited person's account with a password, then accept for them."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account for %(email)s already exists. Please sign in instead.")
            % {"email": invitation.email},
            code="user_exists",
        )
    user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return invitation_accept(invitation=invitation, user=user)


# Profiles --------------------------------------------------------------------------------


def profile_update(
    *, user: User, first_name: str, last_name: str, language: str, timezone: str
) -> User:
    """Blank language or time zone mean: use the organisation's."""
    first_name, last_name = first_name.strip(), last_name.strip()
    _check_all(
        lambda: _check_names_length(first_name, last_name),
        lambda: _check_language(language, allow_blank=True),
        lambda: _check_timezone(timezone, allow_blank=True),
    )
    user.first_name, user.last_name = first_name, last_name
    user.language, user.timezone = language, timezone
    user.save(update_fields=["first_name", "last_name", "language", "timezone"])
    return user


def organisation_require_two_factor(
    *, organisation: Organisation, actor: User, required: bool
) -> Organisation:
    """Whether owners and admins must sign in with a second factor."""
    _require_admin(_membership_of(organisation, actor))
    organisation.require_two_factor = required
    organisation.save(update_fields=["require_two_factor"])
    return organisation
