"""Gatherings: small invited video parties (a cocktail party, a happy hour, a roundtable)
with their guests, answers, waitlist and breakout rooms.

A guest is a colleague from the directory (`person`) or someone outside the organisation
(`contact`, from relationships); either way the guest row keeps the address, language and
zone the invitation used, so a guest needs no account. Breakout rooms are planned before the
event (`BreakoutRoom`, one row per room and round), so everyone meets someone new.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.core.validators import validate_timezone

MAX_CAPACITY = 200


class GatheringKind(models.TextChoices):
    COCKTAIL = "cocktail", _("Virtual cocktail party")
    HAPPY_HOUR = "happy_hour", _("Happy hour")
    ROUNDTABLE = "roundtable", _("Roundtable")
    OTHER = "other", _("Other")


class GatheringStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class Gathering(OrganisationScoped):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=GatheringKind.choices, default=GatheringKind.COCKTAIL
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    invitation_text = models.TextField(_("invitation text"), blank=True, max_length=4000)
    # What the senior guest (a speaker, someone from top management) reads instead: they
    # are asked for something else than the other guests ("" = the invitation text).
    senior_text = models.TextField(_("text for the senior guest"), blank=True, max_length=4000)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="hosted_gatherings", verbose_name=_("hosts")
    )
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(
        _("length in minutes"), validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=10,
        validators=[MinValueValidator(2), MaxValueValidator(MAX_CAPACITY)],
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    video_url = models.URLField(_("video room"), max_length=500, blank=True)
    status = models.CharField(
        max_length=12, choices=GatheringStatus.choices, default=GatheringStatus.SCHEDULED
    )
    # The calendar event every invitation carries: one UID, SEQUENCE + 1 on each change.
    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # "Run it again": the gathering this one repeats (its guests were invited again, and its
    # breakout rooms count as past meetings so the new rooms mix people differently).
    repeat_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeats"
    )
    # An occurrence of a recurring happy hour, one per local date of the series.
    series = models.ForeignKey(
        "GatheringSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    series_date = models.DateField(null=True, blank=True)
    # The host console: the host starts each breakout round by hand (talks overrun, people
    # arrive late), so the round in progress and its start are stored, not computed.
    round_minutes = models.PositiveSmallIntegerField(
        _("minutes per breakout round"),
        default=12,
        validators=[MinValueValidator(2), MaxValueValidator(120)],
    )
    current_round = models.PositiveSmallIntegerField(default=0)
    round_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["organisation", "starts_at"])]
        constraints = [
            # The daily job may run twice (or on two machines): one occurrence per date.
            models.UniqueConstraint(
                fields=["series", "series_date"], name="gathering_once_per_series_date"
            )
        ]

    def __str__(self) -> str:
        return self.title


class GuestRole(models.TextChoices):
    # Hosts are guests too (coming, never waitlisted): the breakout plan puts one per room.
    HOST = "host", _("Host")
    GUEST = "guest", _("Guest")
    # Joins for part of the time and roams: a different room every breakout round.
    SENIOR = "senior", _("Senior guest or speaker")


class GuestStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    WAITLISTED = "waitlisted", _("On the waitlist")
    YES = "yes", _("Coming")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("Not coming")


# Who holds a seat: the capacity counts them (a "maybe" keeps the seat until they decide).
SEATED = (GuestStatus.INVITED, GuestStatus.YES, GuestStatus.MAYBE)


class Guest(OrganisationScoped):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="guests")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "relationships.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the invitation used: the guest needs no account, and erasing a contact later
    # blanks these (see services.guests).
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    # What they would like to talk about (from the attendee list): shown to the host and,
    # afterwards, to those who met them.
    topics = models.CharField(_("topics"), max_length=300, blank=True)
    # Whether those who meet them may see their company and topics in the "who you met"
    # note (otherwise only their first name): off until they agree, on the "yes" page.
    share_profile = models.BooleanField(_("shares their profile"), default=False)
    role = models.CharField(max_length=8, choices=GuestRole.choices, default=GuestRole.GUEST)
    # A senior guest's window, in minutes from the start (None: the whole time).
    joins_after = models.PositiveSmallIntegerField(null=True, blank=True)
    leaves_after = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=GuestStatus.choices)
    # Waitlist order: the first in line moves up when a seat frees.
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["gathering", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "email"], name="guest_once_per_gathering"),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="guest_waitlist_position_iff_waitlisted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def seated(self) -> bool:
        return self.status in SEATED


class BreakoutRoom(OrganisationScoped):
    """One room of one breakout round, planned before the event."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="rooms")
    round_number = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()
    members = models.ManyToManyField(Guest, related_name="rooms")
    video_url = models.URLField(max_length=500, blank=True)
    prompt = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["gathering", "round_number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "round_number", "number"], name="breakout_room_once"
            )
        ]


class SeriesCadence(models.TextChoices):
    """The cadences a series offers, each an RFC 5545 rule that `hallway.engine.cadence`
    evaluates on the organisation's wall clock."""

    WEEKLY_FRIDAY = "FREQ=WEEKLY;BYDAY=FR", _("Every Friday")
    WEEKLY_THURSDAY = "FREQ=WEEKLY;BYDAY=TH", _("Every Thursday")
    BIWEEKLY_FRIDAY = "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", _("Every other Friday")
    BIWEEKLY_THURSDAY = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", _("Every other Thursday")
    MONTHLY_FIRST_FRIDAY = "FREQ=MONTHLY;BYDAY=+1FR", _("Monthly, on the first Friday")
    MONTHLY_LAST_FRIDAY = "FREQ=MONTHLY;BYDAY=-1FR", _("Monthly, on the last Friday")
    MONTHLY_LAST_THURSDAY = "FREQ=MONTHLY;BYDAY=-1TH", _("Monthly, on the last Thursday")


class GatheringSeries(OrganisationScoped):
    """A recurring gathering (a happy hour) for one team, department or location: the daily
    job creates each occurrence a few days ahead and invites the whole audience."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=GatheringKind.choices, default=GatheringKind.HAPPY_HOUR
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    invitation_text = models.TextField(_("invitation text"), blank=True, max_length=4000)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="hosted_series", verbose_name=_("hosts")
    )
    # The audience: exactly one of these three (checked by the service and the database).
    team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.CharField(_("department"), max_length=120, blank=True)
    location = models.ForeignKey(
        "people.Location",
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    cadence = models.CharField(
        _("cadence"),
        max_length=64,
        choices=SeriesCadence.choices,
        default=SeriesCadence.WEEKLY_FRIDAY,
    )
    # The first day the cadence counts from (its rule's DTSTART, at `hour`).
    first_on = models.DateField(_("from"))
    hour = models.PositiveSmallIntegerField(
        _("hour"), default=17, validators=[MinValueValidator(0), MaxValueValidator(23)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("length in minutes"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=MAX_CAPACITY,
        validators=[MinValueValidator(2), MaxValueValidator(MAX_CAPACITY)],
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "gathering series"
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, department="", location__isnull=True)
                | Q(team__isnull=True, location__isnull=True) & ~Q(department="")
                | Q(team__isnull=True, department="", location__isnull=False),
                name="series_one_audience",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MeetAgain(OrganisationScoped):
    """A guest's wish, after the event, to meet someone they shared a room with again."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="wishes")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="wishes")
    other = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="wished_by")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["gathering", "id"]
        constraints = [
            models.UniqueConstraint(fields=["guest", "other"], name="meet_again_once"),
        ]


class GatheringRating(OrganisationScoped):
    """How a guest rated the gathering (1 to 5; the last rating counts). Hosts see only the
    average and how many rated."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="ratings")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["gathering", "id"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "guest"], name="gathering_rating_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="gathering_rating_1_to_5"
            ),
        ]


class RoomMemory(OrganisationScoped):
    """A breakout room written to the one memory of who met whom: the coffee pairing (without
    a round) that holds its colleagues, linked from this side as onboarding does."""

    room = models.OneToOneField(BreakoutRoom, on_delete=models.CASCADE, related_name="memory")
    pairing = models.OneToOneField(
        "coffee.Pairing", on_delete=models.CASCADE, related_name="gathering_room"
    )
