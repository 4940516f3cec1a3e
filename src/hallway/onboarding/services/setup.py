"""Setting up remote onboarding: the organisation's template of steps and its buddy
volunteers. Planning the tracks themselves is `services/onboarding.py`."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.onboarding.models import BuddyVolunteer, OnboardingStep, OnboardingTemplate, StepKind
from hallway.people.models import Person, Tag, Team

# (kind, week) of the default template.
DEFAULT_STEPS = (
    (StepKind.BUDDY, 1),
    (StepKind.TEAMMATE, 2),
    (StepKind.OTHER_TEAM, 3),
    (StepKind.OTHER_TEAM, 4),
    (StepKind.LEADER, 5),
)


@transaction.atomic
def onboarding_template_default(*, organisation: Organisation) -> OnboardingTemplate:
    """The organisation's onboarding template, created with the default steps if it has none."""
    template = onboarding_template_of(organisation)
    if template is not None:
        return template
    template = OnboardingTemplate.objects.create(organisation=organisation, name="Onboarding")
    OnboardingStep.objects.bulk_create(
        OnboardingStep(organisation=organisation, template=template, order=i, kind=kind, week=week)
        for i, (kind, week) in enumerate(DEFAULT_STEPS)
    )
    return template


def onboarding_template_of(organisation: Organisation) -> OnboardingTemplate | None:
    """The organisation's template if it set one up (onboarding is off without one)."""
    return scoped(OnboardingTemplate, organisation).order_by("id").first()


def buddy_volunteer_save(
    *, organisation: Organisation, person: Person, capacity: int, active: bool = True
) -> BuddyVolunteer:
    """Add someone as a buddy volunteer, or change their capacity (one row per person)."""
    volunteer, _ = BuddyVolunteer.objects.update_or_create(
        person=person,
        defaults={"organisation": organisation, "capacity": capacity, "active": active},
    )
    return volunteer


@dataclass(frozen=True)
class StepChange:
    """One row of the template editor: an existing step (or None for a new one) and its values."""

    step: OnboardingStep | None
    kind: str
    week: int
    teams: Sequence[Team] = ()
    tags: Sequence[Tag] = ()
    delete: bool = False


@transaction.atomic
def onboarding_template_save(
    *,
    template: OnboardingTemplate,
    name: str,
    active: bool,
    plan_days_ahead: int,
    steps: Sequence[StepChange],
) -> OnboardingTemplate:
    """Save the template's settings and its steps in the order given.

    Tracks planned earlier keep their meetings; a removed step's meetings stay on those
    tracks without a step.
    """
    template.name = name
    template.active = active
    template.plan_days_ahead = plan_days_ahead
    template.save(update_fields=["name", "active", "plan_days_ahead"])
    order = 0
    for change in steps:
        if change.step is not None and change.step.template_id != template.pk:
            raise ValueError("That step belongs to another template.")
        if change.delete:
            if change.step is not None:
                change.step.delete()
            continue
        step = change.step or OnboardingStep(
            organisation_id=template.organisation_id, template=template
        )
        step.kind, step.week, step.order = change.kind, change.week, order
        step.save()
        step.qualifying_teams.set(change.teams)
        step.qualifying_tags.set(change.tags)
        order += 1
    return template


def buddy_volunteer_remove(*, volunteer: BuddyVolunteer) -> None:
    """They stop being a buddy for new tracks; tracks they already have keep them."""
    volunteer.delete()
