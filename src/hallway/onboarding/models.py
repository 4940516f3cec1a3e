"""Onboarding: a new hire's first weeks as a planned series of coffee dates.

The organisation's `OnboardingTemplate` lists the steps (a buddy, teammates, people from
other teams, a leader, each in a week after the start date). Each new hire gets an
`OnboardingTrack`; every step that found someone is an `OnboardingMeeting`, which links the
step to a coffee `Pairing` (so intros, feedback and the memory of who met whom are coffee's).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from hallway.accounts.models import OrganisationScoped


class OnboardingTemplate(OrganisationScoped):
    """The organisation's series of first-weeks meetings for new hires."""

    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("active"), default=True)
    # Plan a track for people whose start date is at most this many days ahead.
    plan_days_ahead = models.PositiveSmallIntegerField(
        _("plan this many days before the start date"), default=14
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("onboarding template")
        verbose_name_plural = _("onboarding templates")

    def __str__(self) -> str:
        return str(self.name)


class StepKind(models.TextChoices):
    BUDDY = "buddy", _("A buddy")
    TEAMMATE = "teammate", _("A teammate")
    OTHER_TEAM = "other_team", _("Someone from another team")
    LEADER = "leader", _("A leader")


class OnboardingStep(OrganisationScoped):
    template = models.ForeignKey(OnboardingTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("who"), max_length=12, choices=StepKind.choices)
    week = models.PositiveSmallIntegerField(
        _("week"), default=1, help_text=_("Week after the start date: 1 is the first week.")
    )
    # Who qualifies beyond the kind's own rule (e.g. leaders: people with the tag "leader";
    # other teams: the teams that matter to the new hire's role). Empty = anyone of the kind.
    qualifying_teams = models.ManyToManyField(
        "people.Team", verbose_name=_("from these teams"), blank=True, related_name="+"
    )
    qualifying_tags = models.ManyToManyField(
        "people.Tag", verbose_name=_("with these tags"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["template", "order", "week", "id"]
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding steps")


class BuddyVolunteer(OrganisationScoped):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="buddy_volunteer"
    )
    capacity = models.PositiveSmallIntegerField(
        _("new hires at a time"), default=1, validators=[MinValueValidator(1)]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("buddy volunteer")
        verbose_name_plural = _("buddy volunteers")


class OnboardingTrack(OrganisationScoped):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="onboarding_track"
    )
    # RESTRICT, not PROTECT: a template with tracks cannot be deleted on its own, but deleting
    # the organisation (which cascades to both) works.
    template = models.ForeignKey(
        OnboardingTemplate, on_delete=models.RESTRICT, related_name="tracks"
    )
    start_date = models.DateField(_("start date"))
    buddy = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Steps nobody could be found for when the track was planned, and why (a reason code):
    # [{"step": <OnboardingStep id>, "reason": "no_buddy_capacity"}, ...]. Kept on the track so
    # the gap shows on the progress pages instead of the step silently missing.
    unfilled = models.JSONField(_("unfilled steps"), default=list, blank=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("onboarding track")
        verbose_name_plural = _("onboarding tracks")


class OnboardingMeeting(OrganisationScoped):
    """One step of a track that has someone to meet: the coffee pairing that holds it."""

    track = models.ForeignKey(OnboardingTrack, on_delete=models.CASCADE, related_name="meetings")
    step = models.ForeignKey(
        OnboardingStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pairing = models.OneToOneField(
        "coffee.Pairing", on_delete=models.CASCADE, related_name="onboarding_meeting"
    )

    class Meta:
        ordering = ["track", "pairing__due_on", "id"]
        verbose_name = _("onboarding meeting")
        verbose_name_plural = _("onboarding meetings")
