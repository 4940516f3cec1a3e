"""An organisation's choices for outreach, and each sender's own (signature, daily limit)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped

DAILY_LIMIT_DEFAULT = 50
QUIET_FALLBACK_DAYS_DEFAULT = 5


class OutreachSettings(models.Model):
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="outreach_settings"
    )
    # Loxo and most sales tools cap a sender's automated mails per day: a mailbox that
    # suddenly sends hundreds looks like spam to the receiving servers.
    daily_send_limit = models.PositiveIntegerField(
        _("automated messages per sender per day"),
        default=DAILY_LIMIT_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    quiet_fallback_days = models.PositiveSmallIntegerField(
        _("days before a quiet client gets an automated mail"),
        default=QUIET_FALLBACK_DAYS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "When a client goes quiet, its owner is asked to call, invite or write. Only if "
            "nothing happens within this many days does a mail go out by itself."
        ),
    )

    class Meta:
        verbose_name = _("outreach settings")
        verbose_name_plural = _("outreach settings")

    def __str__(self) -> str:
        return str(self.organisation)


class SenderProfile(OrganisationScoped):
    """How one user's automated messages are signed, and their own daily limit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signature = models.TextField(_("signature"), blank=True, max_length=1000)
    daily_send_limit = models.PositiveIntegerField(
        _("my automated messages per day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_("Empty: the organisation's limit."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_sender_profile")
        ]
        verbose_name = _("sender profile")
        verbose_name_plural = _("sender profiles")

    def __str__(self) -> str:
        return str(self.user)
