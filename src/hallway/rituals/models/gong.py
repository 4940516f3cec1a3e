"""The virtual gong: celebrations (wins) on the wall and in the team's channels, reactions,
kudos with a monthly quota, the channels the gong rings in, inbound webhooks and the email
digest of wins.

A celebration is posted once per (source, source_ref) in an organisation (a unique
constraint decides, so a stand-up answer, an API retry or a webhook delivered twice never
rings the gong twice). Kudos are numbered per giver and month (`seq`); the unique
(giver, month, seq) constraint keeps the quota under races: two requests for the last
kudos cannot both take the same number.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.core.crypto import decrypt_json, encrypt_json


class CelebrationKind(models.TextChoices):
    PLACEMENT = "placement", _("Placement made")
    DEAL = "deal", _("Deal won")
    LAUNCH = "launch", _("Launch")
    ANNIVERSARY = "anniversary", _("Anniversary")
    KUDOS = "kudos", _("Kudos")
    WIN = "win", _("Win")


class CelebrationSource(models.TextChoices):
    UI = "ui", _("Posted on the wall")
    STANDUP = "standup", _("From a stand-up")
    API = "api", _("Through the API")
    WEBHOOK = "webhook", _("Through a webhook")


class GongTarget(OrganisationScoped):
    """A chat channel the gong rings in, and the language its messages are written in."""

    channel = models.ForeignKey(
        "messaging.Channel", verbose_name=_("channel"), on_delete=models.CASCADE, related_name="+"
    )
    # Slack: the channel's ID (C0123ABC); webhook kinds (Teams, …) post where their hook
    # points, so they need none.
    address = models.CharField(_("Slack channel ID"), max_length=80, blank=True)
    # Empty: the organisation's language at the moment of posting.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created"), default=now)
    channel_id: int

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "channel", "address"], name="unique_gong_target"
            )
        ]
        verbose_name = _("gong channel")
        verbose_name_plural = _("gong channels")

    def __str__(self) -> str:
        return f"{self.channel} {self.address}".strip()


class Celebration(OrganisationScoped):
    kind = models.CharField(_("kind"), max_length=16, choices=CelebrationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=2000, blank=True)
    people = models.ManyToManyField(
        "people.Person", verbose_name=_("people"), blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    posted_by = models.ForeignKey(
        "people.Person",
        verbose_name=_("posted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=16, choices=CelebrationSource.choices)
    # What the source calls it (a stand-up answer's id, a webhook's external id); repeated,
    # it names the same celebration.
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    # What a webhook mapped (candidate, client), shown on the wall.
    details = models.JSONField(_("details"), default=dict, blank=True)
    posted_at = models.DateTimeField(_("posted"), default=now, db_index=True)
    team_id: int | None
    posted_by_id: int | None

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="unique_celebration_source_ref",
            )
        ]
        verbose_name = _("celebration")
        verbose_name_plural = _("celebrations")

    def __str__(self) -> str:
        return self.title


class CelebrationReaction(OrganisationScoped):
    """A person's 🎉 on the wall: one per person and celebration (a toggle)."""

    celebration = models.ForeignKey(Celebration, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["celebration", "person"], name="unique_celebration_reaction"
            )
        ]


class SlackReaction(OrganisationScoped):
    """A reaction in Slack to the gong's message there (Events API reaction_added/removed)."""

    celebration = models.ForeignKey(
        Celebration, on_delete=models.CASCADE, related_name="slack_reactions"
    )
    slack_user = models.CharField(max_length=32)
    reaction = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["celebration", "slack_user", "reaction"], name="unique_slack_reaction"
            )
        ]


class Kudos(OrganisationScoped):
    giver = models.ForeignKey(
        "people.Person", verbose_name=_("from"), on_delete=models.CASCADE, related_name="+"
    )
    receiver = models.ForeignKey(
        "people.Person", verbose_name=_("to"), on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(_("message"), max_length=280)
    # The first day of the month in the giver's zone when given, and the kudos' number in it.
    month = models.DateField(_("month"))
    seq = models.PositiveSmallIntegerField(_("number in the month"))
    given_at = models.DateTimeField(_("given"), default=now)
    celebration = models.ForeignKey(
        Celebration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    giver_id: int
    receiver_id: int

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["giver", "month", "seq"], name="unique_kudos_seq"),
            models.CheckConstraint(
                condition=~Q(giver=models.F("receiver")), name="kudos_not_to_oneself"
            ),
        ]
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")


class DeliveryResult(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DUPLICATE = "duplicate", _("Accepted (already posted)")
    BAD_SIGNATURE = "bad_signature", _("Bad signature")
    BAD_PAYLOAD = "bad_payload", _("Bad payload")
    TOO_LARGE = "too_large", _("Too large")
    DISABLED = "disabled", _("Webhook switched off")


class GongWebhook(OrganisationScoped):
    """A named inbound webhook: an ATS or CRM posts JSON to /api/v1/gong/webhook/<token>,
    signed with the secret (HMAC-SHA256), and the mapping turns it into a celebration."""

    name = models.CharField(_("name"), max_length=60)
    # In the URL; random and unguessable, but the signature is the credential.
    token = models.CharField(max_length=64, unique=True)
    secrets_encrypted = models.TextField(blank=True)
    mapping = models.JSONField(_("mapping"), default=dict)
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(_("created"), default=now)
    secret_rotated_at = models.DateTimeField(_("secret changed"), default=now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_gong_webhook")
        ]
        verbose_name = _("gong webhook")
        verbose_name_plural = _("gong webhooks")

    def __str__(self) -> str:
        return self.name

    @property
    def secret(self) -> str:
        return str(decrypt_json(self.secrets_encrypted).get("secret", ""))

    @secret.setter
    def secret(self, value: str) -> None:
        self.secrets_encrypted = encrypt_json({"secret": value})


class WebhookDelivery(OrganisationScoped):
    """One request to a webhook and what became of it (never its body or signature)."""

    webhook = models.ForeignKey(GongWebhook, on_delete=models.CASCADE, related_name="deliveries")
    received_at = models.DateTimeField(_("received"), default=now)
    result = models.CharField(_("result"), max_length=16, choices=DeliveryResult.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    celebration = models.ForeignKey(
        Celebration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (Mondays)")


class WinsDigest(OrganisationScoped):
    """A person who wants the wins by email, and how often."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="wins_digest"
    )
    frequency = models.CharField(
        _("how often"), max_length=8, choices=DigestFrequency.choices, default="weekly"
    )
    # Periods that ended before this moment are not sent (no digest of the past on signing up).
    since = models.DateTimeField(default=now)
