"""Async stand-ups and check-ins: a circle asked the same questions on a cadence, each person
at their own local time, with one digest per group of nearby zones at its cut-off.

- `StandUp`: who (its circle), when (an RRULE from `starts_on`, asked at `ask_at` in each
  person's zone, on their working days only), what (the questions), and how (the channels
  people are asked on; the channel the digest goes to, else email to the circle). In video
  mode it is a recurring video call instead of questions.
- `Occurrence`: one date of a stand-up (unique per stand-up and date).
- `Digest`: a group of people whose ask times are close together, with its cut-off: the
  moment answers close and the digest goes out (unique per occurrence and number).
- `CheckIn`: one person on one date (unique per occurrence and person, which decides
  whether they were asked already): asked, answered, or away with the reason.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.rituals.models.circles import InCircle

DEFAULT_ASK_AT = datetime.time(9, 0)


def default_ask_at() -> datetime.time:
    return DEFAULT_ASK_AT


class StandUpMode(models.TextChoices):
    ASYNC = "async", _("Written check-ins")
    VIDEO = "video", _("Video stand-up")


class StandUp(OrganisationScoped, InCircle):
    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mode = models.CharField(
        _("kind"), max_length=8, choices=StandUpMode.choices, default=StandUpMode.ASYNC
    )
    # The cadence: an RFC 5545 rule without DTSTART, cleaned by core.recurrence; it names
    # the dates, each person's zone and working days decide the rest.
    rule = models.CharField(_("repeats"), max_length=200, default="FREQ=DAILY")
    starts_on = models.DateField(_("first day"))
    ask_at = models.TimeField(_("ask at (everyone's own time)"), default=default_ask_at)
    reminder_minutes = models.PositiveSmallIntegerField(
        _("remind after (minutes)"),
        default=90,
        validators=[MaxValueValidator(720)],
        help_text=_("One reminder to those who have not answered yet; 0 for none."),
    )
    cutoff_minutes = models.PositiveSmallIntegerField(
        _("answers close after (minutes)"),
        default=180,
        validators=[MinValueValidator(15), MaxValueValidator(720)],
        help_text=_("Then the digest goes out, and answers can no longer be changed."),
    )
    # Blank: the default question, in each reader's language.
    question_yesterday = models.CharField(_("first question"), max_length=200, blank=True)
    question_today = models.CharField(_("second question"), max_length=200, blank=True)
    question_blockers = models.CharField(_("third question"), max_length=200, blank=True)
    ask_mood = models.BooleanField(_("ask how people are (1–5)"), default=True)
    ask_small_talk = models.BooleanField(_("add a question of the day"), default=True)
    channels = models.ManyToManyField(
        "messaging.Channel",
        verbose_name=_("ask through"),
        blank=True,
        related_name="+",
        help_text=_("Someone who cannot be reached on a chosen channel is asked by email."),
    )
    digest_channel = models.ForeignKey(
        "messaging.Channel",
        verbose_name=_("digest goes to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the digest is emailed to everyone in the circle."),
    )
    digest_address = models.CharField(
        _("chat channel"),
        max_length=120,
        blank=True,
        help_text=_("The Slack or Mattermost channel, such as C0123ABCD or town-square."),
    )
    video_minutes = models.PositiveSmallIntegerField(
        _("length of the call (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    # Video mode: the first call (UTC); the series repeats in the organisation's zone.
    video_starts_at = models.DateTimeField(_("first call"), null=True, blank=True)
    video_sequence = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("stand-up")
        verbose_name_plural = _("stand-ups")

    def __str__(self) -> str:
        return self.name


class Occurrence(OrganisationScoped):
    standup = models.ForeignKey(StandUp, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField(_("date"))
    # The key of the small-talk question of the day (coffee's bank), "" for none.
    starter_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["standup", "date"], name="unique_standup_date")
        ]
        verbose_name = _("stand-up date")
        verbose_name_plural = _("stand-up dates")

    def __str__(self) -> str:
        return f"{self.standup} {self.date}"


class Digest(OrganisationScoped):
    """People whose ask times lie close together (one zone group), and their cut-off."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="digests")
    number = models.PositiveSmallIntegerField()
    first_ask = models.DateTimeField()
    last_ask = models.DateTimeField()
    closes_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["occurrence", "number"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "number"], name="unique_digest_number")
        ]
        indexes = [models.Index(fields=["sent_at", "closes_at"])]


class CheckInStatus(models.TextChoices):
    PENDING = "pending", _("Not answered")
    ANSWERED = "answered", _("Answered")
    AWAY = "away", _("Away")


class CheckIn(OrganisationScoped):
    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="checkins")
    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.PENDING
    )
    # Why someone was not asked: an absences reason (out_of_office, paused, holiday,
    # local_holiday, day_off), and the holiday's name when there is one.
    away_reason = models.CharField(max_length=20, blank=True)
    away_detail = models.CharField(max_length=200, blank=True)
    ask_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    asked_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    yesterday = models.TextField(_("yesterday"), blank=True)
    today = models.TextField(_("today"), blank=True)
    blockers = models.TextField(_("blockers"), blank=True)
    blocked = models.BooleanField(default=False)
    blocker_resolved_at = models.DateTimeField(null=True, blank=True)
    blocker_resolved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Personal: shown to the person only; pages and the API show a team average of 3 or more.
    mood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    small_talk = models.TextField(_("question of the day"), blank=True)

    class Meta:
        ordering = ["occurrence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "person"], name="unique_checkin_person")
        ]
        indexes = [models.Index(fields=["status", "reminded_at"])]

    def __str__(self) -> str:
        return f"{self.occurrence} {self.person_id}"
