"""Coffee dates: programs, who takes part, rounds, pairings, feedback.

A `Program` pairs its participants on a cadence. Each `Round` moves draft → planned →
announced → closed; its `Pairing` rows hold the engine's reasons, a suggested slot and a
video link, and each `PairingMember` holds that person's feedback. People the round could
not pair get a `LeftOut` row with the reason, and priority next round.

A pairing without a round was planned by another capability (onboarding links its steps
to pairings from its own side), so every meeting lives in one memory of who met whom.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    EVERY_2_WEEKS = "every_2_weeks", _("Every 2 weeks")
    MONTHLY = "monthly", _("Monthly")


class JoinMode(models.TextChoices):
    OPT_IN = "opt_in", _("Opt-in: people join themselves")
    OPT_OUT = "opt_out", _("Opt-out: everyone in the audience takes part unless they leave")


class TeamPreference(models.TextChoices):
    DIFFERENT = "different", _("Prefer different")
    ANY = "any", _("No preference")
    SAME = "same", _("Prefer the same")


class StarterTheme(models.TextChoices):
    MIXED = "mixed", _("A mix of everything")
    PERSONAL = "personal", _("Getting to know each other")
    WORK = "work", _("Work and craft")
    PLAYFUL = "playful", _("Light and playful")


class Program(OrganisationScoped):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    # Audience: everybody when no team, location or tag is chosen; explicit includes join
    # the audience, explicit excludes leave it.
    audience_teams = models.ManyToManyField(
        "people.Team", verbose_name=_("teams"), blank=True, related_name="+"
    )
    audience_locations = models.ManyToManyField(
        "people.Location", verbose_name=_("locations"), blank=True, related_name="+"
    )
    audience_tags = models.ManyToManyField(
        "people.Tag", verbose_name=_("tags"), blank=True, related_name="+"
    )
    include_people = models.ManyToManyField(
        "people.Person", verbose_name=_("also include"), blank=True, related_name="+"
    )
    exclude_people = models.ManyToManyField(
        "people.Person", verbose_name=_("exclude"), blank=True, related_name="+"
    )
    join_mode = models.CharField(
        _("joining"), max_length=8, choices=JoinMode.choices, default=JoinMode.OPT_IN
    )
    cadence = models.CharField(
        _("cadence"), max_length=16, choices=Cadence.choices, default=Cadence.EVERY_2_WEEKS
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("ISO weekday: 1 = Monday … 7 = Sunday, in the organisation's time zone."),
    )
    hour = models.PositiveSmallIntegerField(
        _("hour"), default=9, validators=[MaxValueValidator(23)]
    )
    first_round_on = models.DateField(_("first round on or after"), default=datetime.date.today)
    automatic = models.BooleanField(
        _("plan and announce automatically"),
        default=False,
        help_text=_("Otherwise an organiser reviews every plan before it is announced."),
    )
    group_size = models.PositiveSmallIntegerField(
        _("group size"), choices=[(2, _("Pairs")), (3, _("Trios"))], default=2
    )
    team_preference = models.CharField(
        _("teams"), max_length=10, choices=TeamPreference.choices, default=TeamPreference.DIFFERENT
    )
    location_preference = models.CharField(
        _("locations"), max_length=10, choices=TeamPreference.choices, default=TeamPreference.ANY
    )
    require_shared_language = models.BooleanField(_("require a shared language"), default=True)
    min_overlap_minutes = models.PositiveIntegerField(
        _("minimum weekly overlap of working hours (minutes)"), default=60
    )
    avoid_repeat_days = models.PositiveIntegerField(
        _("do not repeat a partner within (days)"), default=90
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(120)],
    )
    starter_theme = models.CharField(
        _("conversation starters"),
        max_length=10,
        choices=StarterTheme.choices,
        default=StarterTheme.MIXED,
        blank=True,
    )
    # The organisation's channels the intros, reminders and notices go through (email
    # carries the calendar invite; a Slack channel sends each pair one group message).
    channels = models.ManyToManyField(
        "messaging.Channel", verbose_name=_("channels"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_program_slug")
        ]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    EVERY_ROUND = "every_round", _("Every round")
    EVERY_OTHER_ROUND = "every_other_round", _("Every other round")
    MONTHLY = "monthly", _("Once a month")


class ParticipationStatus(models.TextChoices):
    JOINED = "joined", _("Taking part")
    LEFT = "left", _("Left")


class Participation(OrganisationScoped):
    """One person in one program. In opt-out programs a row exists only once they act."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="coffee_participations"
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.JOINED,
    )
    frequency = models.CharField(
        _("how often"), max_length=20, choices=Frequency.choices, default=Frequency.EVERY_ROUND
    )
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    # Set when Hallway paused them after intros went unanswered (not by their own choice).
    auto_paused_at = models.DateTimeField(_("paused automatically"), null=True, blank=True)
    # Consecutive intros without any answer; three in a row pause the person.
    unanswered_intros = models.PositiveSmallIntegerField(default=0)
    # Rounds in a row this person sat out or could not be matched: they go first next time.
    owed_rounds = models.PositiveSmallIntegerField(default=0)
    joined_at = models.DateTimeField(_("joined"), default=now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="unique_participation")
        ]
        indexes = [models.Index(fields=["program", "status"])]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.person_id} in {self.program_id}"


class CoffeeProfile(OrganisationScoped):
    """A person's own settings across programs: small-talk hooks and people to avoid."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="coffee_profile"
    )
    ask_me_about = models.JSONField(
        _("ask me about"),
        default=list,
        blank=True,
        help_text=_("Topics your partners see in the intro, e.g. climbing, sourdough, jazz."),
    )
    blocked = models.ManyToManyField(
        "people.Person", verbose_name=_("never pair me with"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("coffee profile")
        verbose_name_plural = _("coffee profiles")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced")
    CLOSED = "closed", _("Closed")


class Round(OrganisationScoped):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField(_("number"))
    # The cadence date of the round in the organisation's zone; unique per program, which is
    # what makes the scheduler idempotent.
    scheduled_for = models.DateField(_("round date"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    seed = models.BigIntegerField(default=0)
    objective = models.FloatField(default=0.0)
    plan_seconds = models.FloatField(default=0.0)
    participant_count = models.PositiveIntegerField(default=0)
    planned_at = models.DateTimeField(_("planned"), null=True, blank=True)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Set when the cadence date fell on a holiday and the round moved.
    moved_from = models.DateField(_("moved from"), null=True, blank=True)

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="unique_round_number"),
            models.UniqueConstraint(fields=["program", "scheduled_for"], name="unique_round_date"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return f"{self.program_id} #{self.number}"


class Pairing(OrganisationScoped):
    """Two or three people who meet: in a round, or planned by another capability."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="pairings"
    )
    score = models.FloatField(default=0.0)
    # Engine reason codes ("never_met", "overlap_minutes:120", ...); see coffee/reasons.py.
    reasons = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    due_on = models.DateField(_("meet by"))
    slot_start = models.DateTimeField(_("suggested start"), null=True, blank=True)
    slot_end = models.DateTimeField(_("suggested end"), null=True, blank=True)
    video_url = models.URLField(_("video link"), max_length=300, blank=True)
    introduced_at = models.DateTimeField(_("introduced"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # Set when the round closed before the meeting could happen (its time still ahead, or
    # an intro that never went out) and nobody had answered: not a meeting, not a "no
    # answer", and not counted in the rates (see coffee/services/closing.py).
    called_off_at = models.DateTimeField(_("called off"), null=True, blank=True)
    # A meeting that took place elsewhere (a gathering's breakout room), kept so every plan
    # counts it as met: not a coffee date, so nobody is introduced or asked about it.
    remembered = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["organisation", "due_on"])]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")


class Outcome(models.TextChoices):
    MET = "met", _("We met")
    NOT_YET = "not_yet", _("Not yet")
    MISSED = "missed", _("We couldn't make it")


class PairingMember(OrganisationScoped):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="coffee_pairings"
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["pairing", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "person"], name="unique_pairing_member")
        ]
        indexes = [models.Index(fields=["person", "pairing"])]
        verbose_name = _("pairing member")
        verbose_name_plural = _("pairing members")


class LeftOut(OrganisationScoped):
    """Someone in the round's audience who was not paired, and why (a reason code)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="left_out")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=40)
    told_at = models.DateTimeField(_("told"), null=True, blank=True)

    class Meta:
        ordering = ["round", "person__name", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="unique_left_out")]
        verbose_name = _("left out")
        verbose_name_plural = _("left out")
