"""What outreach writes to a contact in their owner's name, and what it asks owners to do.

Every outreach message (a sequence's step, a freeze notice, a check-in, a note drafted for
a key contact) is a `PersonalMessage`: drafted, perhaps held for its owner's approval, then
put in the outbox at a moment inside the contact's working hours (within its owner's
daily limit), and recorded as a touch
once it has gone out. Tasks are the human side: "call", "answer this feedback".
"""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class Source(models.TextChoices):
    SEQUENCE = "sequence", _("Sequence")
    QUIET = "quiet", _("Quiet client")
    FREEZE = "freeze", _("Hiring freeze")
    FREEZE_FOLLOW_UP = "freeze_follow_up", _("Hiring resumed")
    STAGE = "stage", _("Stage update")
    CHECK_IN = "check_in", _("Contractor check-in")
    CAMPAIGN = "campaign", _("Shared content")
    NOTE = "note", _("Personal note")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    # Approved (or needing no approval): goes out when due, inside the contact's hours.
    SCHEDULED = "scheduled", _("Scheduled")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")
    DISCARDED = "discarded", _("Discarded")
    CANCELLED = "cancelled", _("Cancelled")


class PersonalMessage(OrganisationScoped):
    contact = models.ForeignKey("relationships.Contact", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("from"), max_length=20, choices=Source.choices)
    # The thing it belongs to ("enrollment:12:step:3", "freeze:4", "campaign:2").
    ref = models.CharField(max_length=80, blank=True)
    # Names the real-world message: the same key is never drafted twice.
    key = models.CharField(max_length=160)
    marketing = models.BooleanField(default=False)
    language = models.CharField(_("language"), max_length=8, default="en")
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), max_length=20000)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.SCHEDULED
    )
    # Not before this moment (a step's delay, a resume date); the contact's working hours
    # and holidays then choose the moment it is queued for.
    not_before = models.DateTimeField(_("not before"), default=now)
    outbox_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("drafted"), default=now)
    decided_at = models.DateTimeField(_("approved or discarded"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Why it did not go ("unsubscribed", "no_consent", "suppressed", …).
    problem = models.CharField(_("why not sent"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_personal_message")
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "not_before"], name="personal_due"),
            models.Index(fields=["owner", "status"], name="personal_owner"),
            models.Index(fields=["contact", "status"], name="personal_contact"),
        ]
        verbose_name = _("personal message")
        verbose_name_plural = _("personal messages")

    def __str__(self) -> str:
        return self.subject


class TaskKind(models.TextChoices):
    CALL = "call", _("Call")
    NOTE = "note", _("Write a note")
    INVITE = "invite", _("Invite")
    FOLLOW_UP = "follow_up", _("Follow up")
    FEEDBACK = "feedback", _("Answer feedback")
    NEWS = "news", _("Give news")
    OTHER = "other", _("Other")


class OwnerTask(OrganisationScoped):
    """Something a person should do for a contact, opened by outreach."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "relationships.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    company = models.ForeignKey(
        "relationships.Company", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices)
    title = models.CharField(_("task"), max_length=200)
    detail = models.TextField(_("details"), blank=True, max_length=5000)
    source = models.CharField(_("from"), max_length=20, choices=Source.choices)
    ref = models.CharField(max_length=80, blank=True)
    # The same key is never opened twice (a run repeated, a webhook sent again).
    key = models.CharField(max_length=160)
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(_("opened"), default=now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_owner_task")
        ]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="task_owner_open")]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title
