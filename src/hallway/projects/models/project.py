"""A client project and its roster: who takes part on each side, in which role."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped

COVERAGE_WEEKS_DEFAULT = 3
PER_WEEK_DEFAULT = 2
ONE_ON_ONE_MINUTES_DEFAULT = 30


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    DONE = "done", _("Done")


class Project(OrganisationScoped):
    name = models.CharField(_("name"), max_length=200)
    # Kept when the company goes (merged or erased): the project's history stays readable.
    company = models.ForeignKey(
        "relationships.Company",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("client"),
    )
    goal = models.TextField(_("common goal"), max_length=2000, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project lead"),
    )
    # The language and zone of the project's meetings; blank: the organisation's.
    language = models.CharField(
        _("meeting language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    coverage_weeks = models.PositiveSmallIntegerField(
        _("1:1s within (weeks)"),
        default=COVERAGE_WEEKS_DEFAULT,
        help_text=_("Every new member meets each key counterpart on the other side within this."),
    )
    one_on_ones_per_week = models.PositiveSmallIntegerField(
        _("1:1s per person and week, at most"), default=PER_WEEK_DEFAULT
    )
    one_on_one_minutes = models.PositiveSmallIntegerField(
        _("length of a 1:1 (minutes)"), default=ONE_ON_ONE_MINUTES_DEFAULT
    )
    # The client's sponsor, met in deeper check-ins; "days since the last touch" is theirs.
    sponsor = models.ForeignKey(
        "RosterMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sponsor"),
    )
    # Part of every card link's signature: raising it revokes the links shared so far.
    card_version = models.PositiveIntegerField(default=1)
    kickoff_at = models.DateTimeField(_("kickoff"), null=True, blank=True)
    kickoff_minutes = models.PositiveSmallIntegerField(_("kickoff length (minutes)"), default=60)
    kickoff_agenda = models.TextField(_("kickoff agenda"), max_length=4000, blank=True)
    kickoff_sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_project_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(coverage_weeks__gte=1, coverage_weeks__lte=26),
                name="project_coverage_weeks_range",
            ),
            models.CheckConstraint(
                condition=Q(one_on_ones_per_week__gte=1, one_on_ones_per_week__lte=10),
                name="project_per_week_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Side(models.TextChoices):
    OURS = "ours", _("Ours")
    CLIENT = "client", _("Client")
    PARTNER = "partner", _("Partner")


class RosterMember(OrganisationScoped):
    """One person on a project: ours from the directory, the client's and partners' as
    contacts in relationships."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roster")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "relationships.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    role = models.CharField(_("role"), max_length=120, blank=True)
    responsibilities = models.TextField(_("responsibilities"), max_length=1000, blank=True)
    key_counterpart = models.BooleanField(_("key counterpart"), default=False)
    sub_project = models.CharField(_("sub-project"), max_length=80, blank=True)
    # The 1:1s with the other side's key counterparts are due within the project's
    # `coverage_weeks` of this day.
    joined_on = models.DateField(_("joined on"))
    # From their "tell us about yourself" answers (all optional).
    ask_me_about = models.CharField(_("ask me about"), max_length=300, blank=True)
    photo = models.BinaryField(null=True, blank=True)  # a small JPEG, made by `photos.py`
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)
    work_start = models.TimeField(_("working hours start"), null=True, blank=True)
    work_end = models.TimeField(_("working hours end"), null=True, blank=True)
    about_answered_at = models.DateTimeField(null=True, blank=True)
    welcomed_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(_("added"), default=now)

    class Meta:
        ordering = ["project", "side", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="unique_roster_person"),
            models.UniqueConstraint(fields=["project", "contact"], name="unique_roster_contact"),
            # Ours are people from the directory; the client's and partners' are contacts.
            models.CheckConstraint(
                condition=(
                    Q(side="ours", person__isnull=False, contact__isnull=True)
                    | (~Q(side="ours") & Q(person__isnull=True, contact__isnull=False))
                ),
                name="roster_member_side_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        who = self.person if self.person_id else self.contact
        return who.name if who is not None else ""

    @property
    def email(self) -> str:
        who = self.person if self.person_id else self.contact
        return (who.email or "") if who is not None else ""

    @property
    def ours(self) -> bool:
        return self.side == Side.OURS
