from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import Organisation


class AuditEvent(models.Model):
    """Who did what, when and from where. Kept `HALLWAY_AUDIT_RETENTION_DAYS`; the actor's
    and the target's names are copied, so the record outlives the account it names."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    target = models.CharField(_("what"), max_length=300, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser or program"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="audit_by_org"),
            models.Index(fields=["organisation", "action", "-created_at"], name="audit_by_action"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"
