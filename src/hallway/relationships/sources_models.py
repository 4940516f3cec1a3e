"""Where touches arrive by themselves: a user's calendar feed, a user's mail folder, and the
organisation's BCC mailbox (imported by `relationships.models`).

The feed's address and the mailboxes' passwords are secrets (a calendar's secret address
reads the whole calendar): they are stored encrypted (`core.crypto`) and never shown again.
Each source keeps how its last reading went, for its owner to see.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.core.crypto import decrypt_json, encrypt_json


class SourceStatus(models.Model):
    """How the last reading went: when it last worked, and the last failure since."""

    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    secrets_encrypted = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        abstract = True

    def _secret(self, key: str) -> str:
        value: Any = decrypt_json(self.secrets_encrypted).get(key, "")
        return str(value)

    def _set_secret(self, key: str, value: str) -> None:
        self.secrets_encrypted = encrypt_json({key: value} if value else {})


class CalendarSubscription(OrganisationScoped, SourceStatus):
    """A user's calendar, read through its secret ICS address (one per user and organisation)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    # Conditional GET: what the server said last time, so an unchanged calendar costs a 304.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="unique_calendar_subscription"
            )
        ]
        verbose_name = _("calendar subscription")

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"

    @property
    def url(self) -> str:
        return self._secret("url")

    @url.setter
    def url(self, value: str) -> None:
        self._set_secret("url", value)


class MailSecurity(models.TextChoices):
    IMPLICIT = "tls", _("TLS (port 993)")
    STARTTLS = "starttls", _("STARTTLS (port 143)")
    NONE = "none", _("None (only for a server on this machine)")


class Mailbox(OrganisationScoped, SourceStatus):
    """An IMAP folder read for touches: a user's own (`user` set), or the organisation's BCC
    mailbox (`user` empty, at most one), whose mails are matched to members by address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    host = models.CharField(_("server"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("encryption"), max_length=10, choices=MailSecurity.choices, default=MailSecurity.IMPLICIT
    )
    username = models.CharField(_("user name"), max_length=255)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    # Where reading stopped: UIDs are only comparable within one UIDVALIDITY (RFC 3501
    # 2.3.1.1); when the server changes it, the folder is read again from the start.
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="unique_user_mailbox",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(user__isnull=True),
                name="unique_organisation_mailbox",
            ),
        ]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.username}@{self.host}/{self.folder}"

    @property
    def password(self) -> str:
        return self._secret("password")

    @password.setter
    def password(self, value: str) -> None:
        self._set_secret("password", value)
