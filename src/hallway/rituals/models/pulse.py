"""The pulse: a short questionnaire on a cadence, anonymous unless its organisers say not.

What is stored, and why it cannot be traced back to a person (see docs/rituals.md):

- `PulseInvite` (person, round) says that someone was asked, away, reminded and whether
  they answered: a yes/no, never when. It is what the response rate and the reminder need;
  at the cut-off of an anonymous round the counts move to the round and the yes/no is
  wiped, so the table no longer says who answered.
- `PulseResponse` and `PulseComment` hold the answers of a round *without the person*: the
  team and department the person was in when answering (the segments of the reports, no
  finer), the values, and while the round is open a keyed hash of the person
  (`person_key`), so the person can change their answer until the cut-off. No timestamp,
  random UUIDs as keys. At the cut-off the round's secret and every `person_key` are
  wiped and the rows are written again in random order: afterwards nothing links an
  answer to a person, not even the order in which rows were stored. Segments with fewer
  than k answers are coarsened then (the team dropped, then the department), so every
  stored segment is shared by at least k answers.
- A round keeps whether it was anonymous when it opened; an anonymous pulse that has
  answers can never be made named (`anonymity_locked`, held by a check constraint).
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.core.validators import validate_timezone
from hallway.rituals.models.circles import InCircle


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month (first of its weekday)")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")


class QuestionKind(models.TextChoices):
    AGREE = "agree", _("Agree or disagree (1–5)")
    FEELING = "feeling", _("How it goes (1–5)")
    SCORE = "score", _("Score from 0 to 10")


SCALES: dict[str, tuple[int, int]] = {
    QuestionKind.AGREE: (1, 5),
    QuestionKind.FEELING: (1, 5),
    QuestionKind.SCORE: (0, 10),
}

OPEN_DAYS_MIN, OPEN_DAYS_MAX = 2, 7


class Pulse(InCircle, OrganisationScoped):
    name = models.CharField(_("name"), max_length=120)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Answers are stored without the person. Once answers exist, an anonymous "
            "pulse stays anonymous."
        ),
    )
    # Set with the first answer of an anonymous round; the check constraint below makes
    # "named" impossible from then on, whatever writes to the table.
    anonymity_locked = models.BooleanField(default=False, editable=False)
    cadence = models.CharField(
        _("how often"), max_length=16, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    ask_at = models.TimeField(
        _("asked at"),
        default=datetime.time(10, 0),
        help_text=_("Everyone is asked at this time in their own time zone."),
    )
    timezone = models.CharField(
        _("time zone of the cut-off"),
        max_length=64,
        validators=[validate_timezone],
        default="Europe/Berlin",
    )
    starts_on = models.DateField(_("first round on or after"))
    open_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=3,
        validators=[MinValueValidator(OPEN_DAYS_MIN), MaxValueValidator(OPEN_DAYS_MAX)],
        help_text=_("Answers can be given and changed until the cut-off (2 to 7 days)."),
    )
    questions_per_round = models.PositiveSmallIntegerField(
        _("questions each time"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A few questions each time, taking turns so every question comes back."),
    )
    channels = models.ManyToManyField(
        "messaging.Channel", verbose_name=_("channels"), blank=True, related_name="+"
    )
    active = models.BooleanField(_("running"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=True) | Q(anonymity_locked=False),
                name="pulse_anonymous_once_answered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PulseQuestion(OrganisationScoped):
    """A question of a pulse: one of the bank's (`key`, worded in each reader's language)
    or the organisers' own (`text`, as they wrote it)."""

    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=40, blank=True)
    text = models.CharField(_("question"), max_length=300, blank=True)
    kind = models.CharField(
        _("answer"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.AGREE
    )
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pulse", "key"], condition=~Q(key=""), name="pulse_question_bank_once"
            )
        ]

    def __str__(self) -> str:
        return self.key or self.text


class PulseRound(OrganisationScoped):
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    day = models.DateField()
    closes_at = models.DateTimeField()
    question_ids = models.JSONField(default=list)
    # Frozen when the round opens: what people were promised when asked.
    anonymous = models.BooleanField(default=True)
    # The key of this round's person hashes; wiped at the cut-off.
    secret = models.CharField(max_length=64, blank=True)
    closed = models.BooleanField(default=False)
    # Counted at the cut-off, after which invites no longer say who answered.
    asked_count = models.PositiveIntegerField(null=True, blank=True)
    answered_count = models.PositiveIntegerField(null=True, blank=True)
    away_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["pulse", "day"], name="pulse_round_once_a_day"),
            models.CheckConstraint(
                condition=Q(closed=False) | Q(secret=""), name="pulse_round_closed_forgets"
            ),
        ]


class PulseInvite(OrganisationScoped):
    """That a person was asked in a round (or was away), was reminded, and answered: flags,
    no times. A named round also keeps the person's answers here."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="invites")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    away = models.BooleanField(default=False)
    answered = models.BooleanField(default=False)
    reminded = models.BooleanField(default=False)
    named_answers = models.JSONField(null=True, blank=True)
    named_comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            # A unique constraint decides: however often the job runs, one ask per person.
            models.UniqueConstraint(fields=["round", "person"], name="pulse_invite_once")
        ]


class PulseResponse(OrganisationScoped):
    """One person's answers to a round, without the person (see the module's docstring)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    # Segments at answer time, as plain values: no link into the directory.
    team_ref = models.PositiveBigIntegerField(null=True, blank=True)
    department = models.CharField(max_length=120, blank=True)
    answers = models.JSONField(default=dict)
    # NULL (not "") after the cut-off: many rows then, under one unique constraint.
    person_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person_key"], name="pulse_response_once")
        ]


class PulseComment(OrganisationScoped):
    """A free-text comment to a round, kept apart from the scores it came with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="comments")
    team_ref = models.PositiveBigIntegerField(null=True, blank=True)
    department = models.CharField(max_length=120, blank=True)
    text = models.TextField(max_length=2000)
    # NULL (not "") after the cut-off: many rows then, under one unique constraint.
    person_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person_key"], name="pulse_comment_once")
        ]
