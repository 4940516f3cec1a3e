"""Content sharing: saved segments of contacts, and a piece of thought leadership sent to
one, with what came of it (delivered, clicked, replied, unsubscribed)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class Segment(OrganisationScoped):
    """Saved filters over contacts (kinds, industries, tags, languages, last touch,
    consent); the members are read fresh each time."""

    name = models.CharField(_("name"), max_length=120)
    # {"kinds": [], "industries": [], "tags": [], "languages": [],
    #  "touched_within_days": null, "not_touched_for_days": null, "consent": true}
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_segment_name")
        ]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


SKIP_TOUCHED_DAYS_DEFAULT = 14
SKIP_SENT_DAYS_DEFAULT = 30


class Campaign(OrganisationScoped):
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    # A personal intro per language: {"en": "...", "de": "...", "nl": "..."}.
    intros = models.JSONField(_("introductions"), default=dict, blank=True)
    # RESTRICT, not PROTECT: a segment in use is never deleted on its own, but goes with
    # its organisation (whose deletion takes the campaigns too).
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), on_delete=models.RESTRICT, related_name="campaigns"
    )
    skip_touched_days = models.PositiveSmallIntegerField(
        _("skip anyone touched in the last (days)"), default=SKIP_TOUCHED_DAYS_DEFAULT
    )
    skip_sent_days = models.PositiveSmallIntegerField(
        _("skip anyone sent content in the last (days)"), default=SKIP_SENT_DAYS_DEFAULT
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("shared article")
        verbose_name_plural = _("shared articles")

    def __str__(self) -> str:
        return self.title


class SendKind(models.TextChoices):
    MAIL = "mail", _("Sent")
    NOTE = "note", _("Personal note drafted for the owner")
    SKIPPED = "skipped", _("Skipped")


def click_token() -> str:
    return secrets.token_urlsafe(16)


class CampaignSend(OrganisationScoped):
    """One contact's share of a campaign. The contact goes when they are erased; the row
    stays (without them) so the campaign's figures do not change."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sends")
    contact = models.ForeignKey(
        "relationships.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("what happened"), max_length=8, choices=SendKind.choices)
    # Why it was skipped ("touched", "recent_send", "no_consent", "unsubscribed", …).
    skip_reason = models.CharField(max_length=20, blank=True)
    message = models.ForeignKey(
        "outreach.PersonalMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The click-through redirect's key (random, unguessable, one per send).
    token = models.CharField(max_length=32, unique=True, default=click_token)
    clicked_at = models.DateTimeField(_("first click"), null=True, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "contact"], name="one_send_per_campaign_contact"
            )
        ]
        verbose_name = _("campaign send")
        verbose_name_plural = _("campaign sends")

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.contact_id}"
