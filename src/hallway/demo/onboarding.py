"""The demo company's onboarding: the default template, buddy volunteers from the first
teams, and tracks for everyone who starts in the next four weeks (those who started
already have had their first meetings, with answers).

Idempotent: the template and volunteers are set up once, and planning never plans a
person's track twice.
"""

import datetime
import random
import zoneinfo
from dataclasses import dataclass

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.interface import Outcome, PairingMember
from hallway.demo.data import SEED
from hallway.onboarding.models import BuddyVolunteer, OnboardingTemplate, OnboardingTrack
from hallway.onboarding.selectors import people_due_for_track
from hallway.onboarding.services.planning import onboarding_plan_due, onboarding_track_plan
from hallway.onboarding.services.setup import buddy_volunteer_save, onboarding_template_default
from hallway.people.models import Person, PersonStatus

BUDDIES = 12
ONBOARDING_DAYS_AHEAD = 28


@dataclass(frozen=True)
class OnboardingSummary:
    tracks: int
    buddies: int


def demo_onboarding_seed(*, organisation: Organisation, today: datetime.date) -> OnboardingSummary:
    """The onboarding template, buddy volunteers and the tracks of the new hires."""
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    now = datetime.datetime.combine(today, datetime.time(8, 0), tzinfo=zone)
    _tracks(organisation, now=now, rng=random.Random(SEED + 7))
    return OnboardingSummary(
        tracks=scoped(OnboardingTrack, organisation).count(),
        buddies=scoped(BuddyVolunteer, organisation).count(),
    )


def _tracks(organisation: Organisation, *, now: datetime.datetime, rng: random.Random) -> None:
    template = scoped(OnboardingTemplate, organisation).order_by("id").first()
    if template is None or not scoped(BuddyVolunteer, organisation).exists():
        template = _onboarding_setup(organisation, today=now.date())
    today = now.date()
    due = list(people_due_for_track(template=template, today=today))
    if not due:
        return
    # Those who started already got their track on their first morning and have had their
    # first meetings since.
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    started = [
        onboarding_track_plan(
            person=person,
            now=datetime.datetime.combine(person.start_date, datetime.time(8), tzinfo=zone),
        )
        for person in due
        if person.start_date is not None and person.start_date < today
    ]
    onboarding_plan_due(organisation=organisation, now=now)
    if started:
        members = list(
            PairingMember.objects.filter(
                pairing__onboarding_meeting__track__in=started, pairing__due_on__lt=today
            )
        )
        for member in members:
            member.outcome = rng.choices((Outcome.MET, Outcome.MISSED, ""), weights=(8, 1, 1))[0]
            member.answered_at = now if member.outcome else None
            member.rating = rng.choice((4, 5, 5)) if member.outcome == Outcome.MET else None
        PairingMember.objects.bulk_update(members, ["outcome", "rating", "answered_at"])


def _onboarding_setup(organisation: Organisation, *, today: datetime.date) -> OnboardingTemplate:
    """The default template, planning four weeks ahead, and a buddy from each of the first
    teams: long-standing people who lead nobody."""
    template = onboarding_template_default(organisation=organisation)
    template.plan_days_ahead = ONBOARDING_DAYS_AHEAD
    template.save(update_fields=["plan_days_ahead"])
    managers = set(
        scoped(Person, organisation)
        .filter(manager__isnull=False)
        .values_list("manager_id", flat=True)
    )
    candidates = (
        scoped(Person, organisation)
        .filter(status=PersonStatus.ACTIVE, team__isnull=False)
        .filter(start_date__lte=today - datetime.timedelta(days=365))
        .exclude(pk__in=managers)
        .order_by("team__name", "id")
    )
    chosen: dict[int, Person] = {}
    for person in candidates:
        if person.team_id is not None and person.team_id not in chosen and len(chosen) < BUDDIES:
            chosen[person.team_id] = person
    for i, person in enumerate(chosen.values()):
        buddy_volunteer_save(organisation=organisation, person=person, capacity=1 if i % 3 else 2)
    return template
