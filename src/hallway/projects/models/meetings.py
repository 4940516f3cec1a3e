"""The project's meetings: 1:1s between the two sides, and its recurring series."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped
from hallway.projects.models.project import Project, RosterMember


class OneOnOneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    MET = "met", _("Met")
    # It did not take place: the pair counts as missing again and is planned anew.
    NOT_YET = "not_yet", _("Not yet")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class OneOnOne(OrganisationScoped):
    """A 1:1 between one of ours and one of theirs. `start` is empty for a meeting recorded
    as met without Hallway having planned it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="one_on_ones")
    ours = models.ForeignKey(RosterMember, on_delete=models.CASCADE, related_name="+")
    theirs = models.ForeignKey(RosterMember, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OneOnOneStatus.choices, default=OneOnOneStatus.PLANNED
    )
    uid = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            # Planning twice at once (two clicks, two workers) plans each pair once.
            models.UniqueConstraint(
                fields=["project", "ours", "theirs"],
                condition=Q(status="planned"),
                name="one_planned_one_on_one_per_pair",
            )
        ]
        indexes = [models.Index(fields=["project", "status"])]


class SeriesKind(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    # A deeper conversation with the sponsor or a sub-project lead, with a private note after.
    CHECK_IN = "check_in", _("Check-in")


class SeriesCircle(models.TextChoices):
    ROSTER = "roster", _("Everyone on the project")
    OURS = "ours", _("Our side")
    SUB_PROJECT = "sub_project", _("A sub-project")
    CHOSEN = "chosen", _("Chosen people")


class MeetingSeries(OrganisationScoped):
    """A recurring meeting of a circle of the roster, sent as one iMIP series."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="series")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=SeriesKind.choices)
    circle = models.CharField(
        _("who"), max_length=12, choices=SeriesCircle.choices, default=SeriesCircle.ROSTER
    )
    sub_project = models.CharField(_("sub-project"), max_length=80, blank=True)
    members = models.ManyToManyField(RosterMember, blank=True, related_name="+")
    rule = models.CharField(_("repeats"), max_length=300)
    starts_on = models.DateField(_("first day"))
    at = models.TimeField(_("time"))
    minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=30)
    # Blank: the project's (else the organisation's).
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    uid = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    # Async check-ins between meetings, through rituals' stand-up machinery.
    with_checkins = models.BooleanField(_("async check-ins in between"), default=False)
    standup_id = models.PositiveIntegerField(null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # When everyone last got the series at its current SEQUENCE: its list of holidays left
    # out reaches a year from then, so the periodic job sends it again as that runs short.
    invited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["project", "kind", "name", "id"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.name


class MeetingHeld(OrganisationScoped):
    """Whether one occurrence of a series took place (from feedback or a calendar)."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="held")
    on = models.DateField(_("day"))
    held = models.BooleanField(_("took place"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["series", "on"]
        constraints = [
            models.UniqueConstraint(fields=["series", "on"], name="unique_meeting_held_day")
        ]
