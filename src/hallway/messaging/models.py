"""The outbox and what delivery learns: attempts, suppressions, the health of addresses.

Nothing in Hallway sends directly: a service writes an `OutboxMessage` (see
`hallway.messaging.services.message_enqueue`) and a worker delivers it (see
`hallway.messaging.delivery`).
"""

import datetime
from typing import Any

from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.core.crypto import SecretsUnreadable, decrypt_json, encrypt_json
from hallway.core.validators import validate_timezone
from hallway.messaging.types import message_type_get


def channel_kind_choices() -> list[tuple[str, Any]]:
    """The installed channel kinds (evaluated when needed, so a new kind needs no migration)."""
    from hallway.messaging.channels import kind_choices

    return kind_choices()


class Channel(OrganisationScoped):
    """One way the organisation reaches people: its Slack workspace, a Teams channel, its own
    mail server. Several of one kind may exist ("Teams: Sales", "Teams: Engineering").

    Secrets (tokens, webhook addresses, signing secrets) are stored encrypted (see
    `core.crypto`); `settings` holds the rest.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=channel_kind_choices)
    name = models.CharField(_("name"), max_length=60)
    enabled = models.BooleanField(_("enabled"), default=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    secrets_encrypted = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_channel_name")
        ]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name

    @property
    def secrets(self) -> dict[str, Any]:
        """The decrypted secrets (raises `SecretsUnreadable` when no key opens them)."""
        return decrypt_json(self.secrets_encrypted)

    @secrets.setter
    def secrets(self, value: dict[str, Any]) -> None:
        self.secrets_encrypted = encrypt_json(value)

    def secrets_or_error(self) -> dict[str, Any]:
        """The secrets, or a permanent channel-wide delivery error saying why not."""
        from hallway.messaging.channels.base import TransportError

        try:
            return self.secrets
        except SecretsUnreadable as exc:
            raise TransportError(str(exc), permanent=True, scope="channel") from exc


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    SUPPRESSED = "suppressed", _("Suppressed")
    # Not sent: it could no longer arrive in time (its `expires_at` passed, or the
    # recipient's sending window opens only after it).
    EXPIRED = "expired", _("Expired")


class RecipientKind(models.TextChoices):
    PERSON = "person", _("Person")
    CONTACT = "contact", _("Contact")
    USER = "user", _("User")
    ADDRESS = "address", _("Address")


class OutboxMessage(OrganisationScoped):
    """One real-world message to one recipient on one channel, from enqueue to delivery."""

    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    # The channel's kind ("email", "slack", …); `via` is the organisation's channel it goes
    # through (none: the installation's own mail server).
    channel = models.CharField(_("channel"), max_length=16, choices=channel_kind_choices)
    via = models.ForeignKey(
        Channel,
        verbose_name=_("via"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message_type = models.CharField(_("message type"), max_length=60)
    # The template family; usually the message type, kept apart so a type can switch
    # templates without losing its history.
    template = models.CharField(_("template"), max_length=60)
    context = models.JSONField(_("context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    recipient_kind = models.CharField(
        _("recipient kind"),
        max_length=10,
        choices=RecipientKind.choices,
        default=RecipientKind.PERSON,
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The id of the recipient when it is not a person (a contact, a user), for the history.
    recipient_ref = models.CharField(_("recipient reference"), max_length=64, blank=True)
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    # Where it goes on its channel: an email address, Slack member ids, a webhook URL name.
    address = models.CharField(_("address"), max_length=320)
    reply_to = models.CharField(_("reply-to"), max_length=320, blank=True)
    # Transactional messages (a password link, a test) ignore sending windows and the
    # suppression list, and carry no unsubscribe header.
    transactional = models.BooleanField(_("transactional"), default=False)
    not_before = models.DateTimeField(_("not before"), default=now)
    # When a worker next looks at it: not_before, moved by sending windows and backoff.
    due_at = models.DateTimeField(_("due"), default=now)
    # A message worthless after this moment (a reminder of a meeting that has begun) is
    # never sent after it, whatever held it back: windows, an absence, retries.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    attempt_count = models.PositiveIntegerField(_("attempts"), default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # What the channel calls it: the email Message-ID, the Slack message ts.
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="one_message_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_due"),
            models.Index(fields=["organisation", "status", "-created_at"], name="outbox_list"),
            models.Index(fields=["status", "lease_until"], name="outbox_leases"),
        ]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outbox")

    def __str__(self) -> str:
        return f"{self.type_label} → {self.address} ({self.get_status_display()})"

    @property
    def type_label(self) -> str:
        """What the message is, as people read it ("Coffee date: intro"), in the active
        language; its stored key when no app registers that type (any more)."""
        found = message_type_get(self.message_type)
        return str(found.label) if found else self.message_type

    @property
    def is_open(self) -> bool:
        return self.status in (Status.QUEUED, Status.SENDING)


class AttemptResult(models.TextChoices):
    SENT = "sent", _("Sent")
    RETRY = "retry", _("Failed, will retry")
    FAILED = "failed", _("Failed for good")


class DeliveryAttempt(models.Model):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    result = models.CharField(_("result"), max_length=8, choices=AttemptResult.choices)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=64, blank=True)

    class Meta:
        ordering = ["message", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"#{self.number} {self.result}"


class Suppression(OrganisationScoped):
    """An address that asked for no more (non-transactional) messages on a channel."""

    channel = models.CharField(_("channel"), max_length=16, choices=channel_kind_choices)
    address = models.CharField(_("address"), max_length=320)
    reason = models.CharField(_("reason"), max_length=40, default="unsubscribed")
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel", "address"], name="one_suppression_per_address"
            )
        ]
        verbose_name = _("suppression")
        verbose_name_plural = _("suppressions")

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"


class HealthStatus(models.TextChoices):
    OK = "ok", _("Working")
    FAILING = "failing", _("Failing")


class AddressHealth(OrganisationScoped):
    """How delivery to one address (or, with an empty address, a whole channel) goes."""

    channel = models.CharField(_("channel"), max_length=16, choices=channel_kind_choices)
    # For a whole channel (empty address): which of the organisation's channels of the kind
    # (none: the installation's mail server).
    via = models.ForeignKey(
        Channel, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("address"), max_length=320, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=HealthStatus.choices, default=HealthStatus.OK
    )
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)

    class Meta:
        ordering = ["channel", "address"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel", "via", "address"],
                condition=models.Q(via__isnull=False),
                name="one_health_per_channel_address",
            ),
            models.UniqueConstraint(
                fields=["organisation", "channel", "address"],
                condition=models.Q(via__isnull=True),
                name="one_health_per_address",
            ),
        ]
        verbose_name = _("address health")
        verbose_name_plural = _("address health")

    def __str__(self) -> str:
        return f"{self.channel}:{self.address or '*'} {self.status}"


class VideoMode(models.TextChoices):
    JITSI = "jitsi", _("A new Jitsi Meet room per meeting")
    TEMPLATE = "template", _("A room from the organisation's URL template")
    PERSONAL = "personal", _("The host's personal meeting link")


# Callables, not `datetime.time` values: Django's system check cannot tell a fixed time of
# day from a mistaken "now" and warns (fields.W161) whenever the clock passes it.
def default_quiet_start() -> datetime.time:
    return datetime.time(20, 0)


def default_quiet_end() -> datetime.time:
    return datetime.time(8, 0)


class MessagingSettings(models.Model):
    """An organisation's messaging preferences (one row, created on first change)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="messaging_settings"
    )
    sending_windows = models.BooleanField(
        _("sending windows"),
        default=True,
        help_text=_("Deliver messages to people inside their working hours, in their own zone."),
    )
    quiet_start = models.TimeField(
        _("quiet hours start"), null=True, blank=True, default=default_quiet_start
    )
    quiet_end = models.TimeField(
        _("quiet hours end"), null=True, blank=True, default=default_quiet_end
    )
    reply_to = models.EmailField(_("reply-to address"), blank=True)
    video_mode = models.CharField(
        _("video rooms"), max_length=10, choices=VideoMode.choices, default=VideoMode.JITSI
    )
    video_url_template = models.CharField(
        _("video URL template"),
        max_length=300,
        blank=True,
        help_text=_("For example https://video.example.com/{room}; {room} is unique per meeting."),
    )

    class Meta:
        verbose_name = _("messaging settings")
        verbose_name_plural = _("messaging settings")

    def __str__(self) -> str:
        return str(self.organisation)


class TemplateKind(models.TextChoices):
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")


class TemplateOverride(OrganisationScoped):
    """An organisation's own subject and body for one template, kind and language."""

    template = models.CharField(_("template"), max_length=60)
    kind = models.CharField(_("kind"), max_length=8, choices=TemplateKind.choices)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["template", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "template", "kind", "language"],
                name="one_override_per_template_language",
            )
        ]
        verbose_name = _("template override")
        verbose_name_plural = _("template overrides")

    def __str__(self) -> str:
        return f"{self.template}/{self.kind}/{self.language}"


class UsedLink(OrganisationScoped):
    """A single-use signed link that has been used (its nonce), so it cannot act twice."""

    nonce = models.CharField(max_length=32, unique=True)
    purpose = models.CharField(max_length=20)
    used_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-used_at"]

    def __str__(self) -> str:
        return f"{self.purpose} {self.nonce}"


class LinkResponse(OrganisationScoped):
    """An answer given through a signed link (an RSVP, "we met"), for the app that asked."""

    purpose = models.CharField(_("purpose"), max_length=20)
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(_("about"), max_length=100)
    answer = models.CharField(_("answer"), max_length=40)
    created_at = models.DateTimeField(_("answered"), default=now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("link answer")
        verbose_name_plural = _("link answers")

    def __str__(self) -> str:
        return f"{self.purpose} {self.subject}: {self.answer}"


class CalendarFeed(OrganisationScoped):
    """A person's secret ICS address; only a hash of the secret is kept."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"feed of {self.person_id}"


class PersonalMeetingLink(OrganisationScoped):
    """A person's own meeting room (Zoom, Teams, Google Meet), used when the organisation
    chose personal links."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="meeting_link"
    )
    url = models.URLField(_("meeting link"), max_length=300)

    class Meta:
        verbose_name = _("personal meeting link")
        verbose_name_plural = _("personal meeting links")

    def __str__(self) -> str:
        return self.url
