import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.core.validators import validate_timezone


class Role(models.TextChoices):
    # Ordered from most to least powerful; `Role.rank` relies on this order.
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    ORGANISER = "organiser", _("Organiser")
    MEMBER = "member", _("Member")

    @classmethod
    def rank(cls, role: str) -> int:
        """Higher is more powerful: owner 3, admin 2, organiser 1, member 0."""
        order = [cls.MEMBER, cls.ORGANISER, cls.ADMIN, cls.OWNER]
        return order.index(cls(role))


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_timezone]
    )
    language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("created"), default=now)
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in for owners and admins"), default=False, db_default=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationScoped(models.Model):
    """Base for every object that belongs to one organisation.

    Read such objects through `hallway.accounts.tenancy.scoped()` so that another
    organisation's objects are never visible.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class HallwayUserManager(UserManager["User"]):
    """Users log in with their email address, in any case; `username` mirrors it."""

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=(username or "").strip())

    # The address is the username. Django's order of arguments (username, email, password)
    # stays valid; `createsuperuser` calls `create_superuser(email=..., password=...)`.
    def create_user(
        self,
        username: str | None = None,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> "User":
        address = self.normalize_email(email or username).lower()
        return super().create_user(address, address, password, **extra_fields)

    def create_superuser(
        self,
        username: str | None = None,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> "User":
        address = self.normalize_email(email or username).lower()
        return super().create_superuser(address, address, password, **extra_fields)


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_timezone]
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[HallwayUserManager] = HallwayUserManager()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        self.username = self.email
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    def has_role(self, minimum: str) -> bool:
        return Role.rank(self.role) >= Role.rank(minimum)


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API: one user acting in one organisation.

    Only a hash is stored; the raw token is shown once, when it is created.
    """

    PREFIX = "hw_"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(default=now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.user} @ {self.organisation})"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An email invitation to join an organisation with a role; accepted via a signed link."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=now)
    # The accept link is signed when the email goes out and expires VALID_FOR later.
    last_sent_at = models.DateTimeField(_("last sent"), default=now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    VALID_FOR = timedelta(days=7)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Re-inviting resends the open invitation instead of creating a second one.
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.role})"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def link_expires_at(self) -> datetime:
        return self.last_sent_at + self.VALID_FOR

    @property
    def link_expired(self) -> bool:
        return now() >= self.link_expires_at


class ThrottleHit(models.Model):
    """One counted request (a password-reset request, say) for one key within a scope; the
    counts live in the database so that every web process sees the same ones. Keys are
    digests: an email address typed into a form is not kept."""

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"], name="throttle_lookup")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… {self.created_at:%Y-%m-%d %H:%M}"


# Registered with this app from its own module (single sign-on's pieces live in sso_*.py).
from hallway.accounts.sso_models import SingleSignOn  # noqa: E402

__all__ = ["SingleSignOn"]
