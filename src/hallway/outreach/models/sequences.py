"""Sequences: steps that reach a contact over weeks, and who is in one.

A sequence is entered by a trigger (a segment, a new contact, a stage change, a client gone
quiet, a placement's start, a date field) and left when the person replies, is touched by
anyone, unsubscribes, or its goal is met. Its messages are drafted as `PersonalMessage`s
(see `models.messages`), so the approval queue and the daily limit hold for all of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class Trigger(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    SEGMENT = "segment", _("Joins a segment")
    NEW_CONTACT = "new_contact", _("A new contact")
    STAGE_CHANGE = "stage_change", _("A candidate reaches a stage")
    GONE_QUIET = "gone_quiet", _("A client goes quiet")
    PLACEMENT_START = "placement_start", _("A placement starts")
    DATE_FIELD = "date_field", _("A date comes round")


class Goal(models.TextChoices):
    NONE = "", _("None: every step runs")
    ORDER = "order", _("The company places an order")
    STAGE = "stage", _("The candidate reaches a stage")
    MEETING = "meeting", _("A call or meeting is logged")


class SequenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Running")
    PAUSED = "paused", _("Paused")
    ARCHIVED = "archived", _("Archived")


class Sequence(OrganisationScoped):
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    trigger = models.CharField(
        _("entered when"), max_length=20, choices=Trigger.choices, default=Trigger.MANUAL
    )
    # What the trigger needs: {"segment": id}, {"stage": "interview"}, {"kinds": [...]},
    # {"field": "consent_on", "offset_days": 330}.
    trigger_config = models.JSONField(_("trigger settings"), default=dict, blank=True)
    goal = models.CharField(_("goal"), max_length=12, choices=Goal.choices, blank=True)
    goal_config = models.JSONField(_("goal settings"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SequenceStatus.choices, default=SequenceStatus.DRAFT
    )
    # Each message waits in its owner's approval queue before it goes.
    approval = models.BooleanField(_("owners approve each message"), default=False)
    # Marketing (newsletters, content): only to contacts who consented, and an unsubscribe
    # ends it. A candidate's status update is not marketing.
    marketing = models.BooleanField(_("marketing"), default=False)
    # May someone who left enter again, and after how many days? None: never.
    reentry_days = models.PositiveIntegerField(
        _("may enter again after (days)"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When it first ran: triggers that watch for events (a new contact, a stage reached)
    # only take those after it, so activating a sequence does not sweep in the past.
    activated_at = models.DateTimeField(_("running since"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_sequence_name")
        ]
        verbose_name = _("sequence")
        verbose_name_plural = _("sequences")

    def __str__(self) -> str:
        return self.name


class StepKind(models.TextChoices):
    MESSAGE = "message", _("Send a message")
    TASK = "task", _("A task for the owner")
    WAIT = "wait", _("Wait")
    CONDITION = "condition", _("Only if")


class Condition(models.TextChoices):
    NO_REPLY = "no_reply", _("No reply yet")
    HAS_EMAIL = "has_email", _("Has an email address")
    CONSENTED = "consented", _("Has consented to marketing")
    KIND = "kind", _("Is of a kind")
    LANGUAGE = "language", _("Speaks a language")
    STAGE = "stage", _("Is at a stage")


class OnFalse(models.TextChoices):
    LEAVE = "leave", _("Leave the sequence")
    SKIP = "skip", _("Skip the next step")


class Step(OrganisationScoped):
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    # Wait: how long. Message and task: how long after the step before (0: at once).
    wait_days = models.PositiveSmallIntegerField(_("days"), default=0)
    channel = models.CharField(_("channel"), max_length=16, default="email")
    # {"en": {"subject": "...", "body": "..."}, "de": {...}, "nl": {...}}
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    task_title = models.CharField(_("task"), max_length=200, blank=True)
    condition = models.CharField(
        _("condition"), max_length=12, choices=Condition.choices, blank=True
    )
    # {"kinds": [...]}, {"languages": [...]}, {"stages": [...]}
    condition_config = models.JSONField(_("condition settings"), default=dict, blank=True)
    on_false = models.CharField(
        _("otherwise"), max_length=6, choices=OnFalse.choices, default=OnFalse.LEAVE
    )

    class Meta:
        ordering = ["sequence", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sequence", "position"], name="one_step_per_position")
        ]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.sequence} #{self.position} {self.kind}"


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("In the sequence")
    DONE = "done", _("Finished")
    LEFT = "left", _("Left")


class ExitReason(models.TextChoices):
    NONE = "", _("—")
    REPLIED = "replied", _("Replied")
    TOUCHED = "touched", _("Someone was in touch")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    GOAL = "goal", _("Goal met")
    REMOVED = "removed", _("Taken out by hand")
    NO_CONSENT = "no_consent", _("No consent to marketing")
    NO_ADDRESS = "no_address", _("No email address")
    CONDITION = "condition", _("A condition was not met")
    SEQUENCE_ENDED = "sequence_ended", _("The sequence was archived")


class Enrollment(OrganisationScoped):
    """One contact's way through one sequence."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="enrollments")
    contact = models.ForeignKey("relationships.Contact", on_delete=models.CASCADE, related_name="+")
    # Whose name the messages carry and who gets the tasks.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ACTIVE
    )
    exit_reason = models.CharField(
        _("why it ended"), max_length=16, choices=ExitReason.choices, blank=True
    )
    # The next step to run (its position), and when.
    position = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(_("next step"), null=True, blank=True)
    # What brought them in ("segment:4", "stage:interview", "quiet:2026-11-30").
    reason = models.CharField(_("entered because"), max_length=80, blank=True)
    entered_at = models.DateTimeField(_("entered"), default=now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["-entered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sequence", "contact"],
                condition=Q(status="active"),
                name="one_active_enrollment",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_at"], name="enrollment_due"),
            models.Index(fields=["contact", "status"], name="enrollment_contact"),
        ]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.sequence_id}"
