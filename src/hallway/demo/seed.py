"""Create or refresh the demo organisation (slug `demo`).

Every person goes through `person_prepare`/`person_save`, the same validation as forms,
imports and the API, so the demo can never hold data the product would refuse.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from hallway.accounts.models import Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.demo.absences import AbsencesSummary, demo_absences_seed
from hallway.demo.client_book import (
    ClientBookSummary,
    client_book_summary,
    demo_client_book_seed,
)
from hallway.demo.coffee import CoffeeSummary, demo_coffee_seed
from hallway.demo.data import (
    CITIES,
    COMPANY_NAME,
    COMPANY_TIMEZONE,
    DEMO_PASSWORD,
    DEMO_SLUG,
    INTERESTS,
    LEADERSHIP,
    LOGINS,
    TEAMS,
)
from hallway.demo.gatherings import GatheringsSummary, demo_gatherings_seed
from hallway.demo.gong import GongSummary, demo_gong_seed
from hallway.demo.jobs import demo_jobs_seed
from hallway.demo.onboarding import OnboardingSummary, demo_onboarding_seed
from hallway.demo.outreach import OutreachSummary, demo_outreach_seed
from hallway.demo.projects import ProjectsSummary, demo_projects_seed
from hallway.demo.pulse import PulseSummary, demo_pulse_seed
from hallway.demo.roster import build_roster
from hallway.demo.standups import StandupsSummary, demo_standups_seed
from hallway.people.models import Location, Person, Tag, Team
from hallway.people.services import (
    PersonData,
    location_save,
    person_as_data,
    person_prepare,
    person_save,
    team_save,
)
from hallway.relationships.services.rhythms import rhythms_recount

NEW_HIRE_WINDOW = datetime.timedelta(weeks=4)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    name: str


@dataclass(frozen=True)
class DemoSummary:
    organisation: Organisation
    people: int
    teams: int
    locations: int
    new_hires: int  # starting after today, within the next four weeks
    created: int  # people created by this run
    updated: int  # people that existed already and were brought back to the demo data
    unchanged: int  # people that already matched the demo data
    logins: tuple[DemoLogin, ...]
    absences: AbsencesSummary
    coffee: CoffeeSummary
    onboarding: OnboardingSummary
    client_book: ClientBookSummary
    gatherings: GatheringsSummary
    standups: StandupsSummary
    pulse: PulseSummary
    gong: GongSummary
    projects: ProjectsSummary
    outreach: OutreachSummary


@transaction.atomic
def demo_seed(*, reset: bool = False, today: datetime.date) -> DemoSummary:
    """Create the demo organisation, or bring an existing one back to the demo data.

    Idempotent: people are matched by email, so a second run refreshes instead of
    duplicating. `reset` first deletes the organisation and everything that belongs to it.
    Demo logins are global users; they survive a reset and get their password back.
    """
    if reset:
        Organisation.objects.filter(slug=DEMO_SLUG).delete()
    organisation, _ = Organisation.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={"name": COMPANY_NAME, "timezone": COMPANY_TIMEZONE, "language": "en"},
    )
    _seed_places(organisation)
    created, updated, unchanged = _seed_people(organisation, today=today)
    logins = _seed_logins(organisation)
    absences = demo_absences_seed(organisation=organisation, today=today)
    coffee = demo_coffee_seed(organisation=organisation, today=today)
    onboarding = demo_onboarding_seed(organisation=organisation, today=today)
    # After the logins: the book's owners, touches and notes are theirs.
    demo_client_book_seed(organisation=organisation, today=today)
    # Each company's own rhythm, as the nightly recount would learn it, so the quiet
    # clients and the queues are full on first start.
    rhythms_recount(organisation=organisation, today=today)
    # After the client book: its contacts are the parties' guests.
    gatherings = demo_gatherings_seed(organisation=organisation, today=today)
    gong = demo_gong_seed(organisation=organisation, today=today)
    pulse = demo_pulse_seed(organisation=organisation, today=today)
    # After absences: people away on a date of the stand-ups' month show as away.
    standups = demo_standups_seed(organisation=organisation, today=today)
    # After the client book and the logins: its companies are the clients, the organiser leads.
    projects = demo_projects_seed(organisation=organisation, today=today)
    # After the client book: its clients' jobs and its candidates, one job's hiring frozen.
    demo_jobs_seed(organisation=organisation, today=today)
    # After the jobs and the client book: sequences, contractors, an article, quiet clients.
    outreach = demo_outreach_seed(organisation=organisation, today=today)

    people = scoped(Person, organisation)
    return DemoSummary(
        organisation=organisation,
        people=people.count(),
        teams=scoped(Team, organisation).count(),
        locations=scoped(Location, organisation).count(),
        new_hires=people.filter(
            start_date__gt=today, start_date__lte=today + NEW_HIRE_WINDOW
        ).count(),
        created=created,
        updated=updated,
        unchanged=unchanged,
        logins=logins,
        absences=absences,
        coffee=coffee,
        onboarding=onboarding,
        # Counted again: the projects' contacts and their 1:1s' touches are in the book too.
        client_book=client_book_summary(organisation),
        gatherings=gatherings,
        standups=standups,
        pulse=pulse,
        gong=gong,
        projects=projects,
        outreach=outreach,
    )


def _seed_places(organisation: Organisation) -> None:
    # Saved up front because person_save would create them bare (no department, no country).
    for city in CITIES:
        location_save(
            organisation=organisation,
            name=city.name,
            country=city.country,
            subdivision=city.subdivision,
            timezone_name=city.timezone,
            location=scoped(Location, organisation).filter(name__iexact=city.name).first(),
        )
    departments = {LEADERSHIP: "Executive"} | {team.name: team.department for team in TEAMS}
    for name, department in departments.items():
        team_save(
            organisation=organisation,
            name=name,
            department=department,
            team=scoped(Team, organisation).filter(name__iexact=name).first(),
        )
    # Case-insensitive, as person_prepare matches interests.
    existing = {name.lower() for name in scoped(Tag, organisation).values_list("name", flat=True)}
    Tag.objects.bulk_create(
        Tag(organisation=organisation, name=name)
        for name in INTERESTS
        if name.lower() not in existing
    )


def _seed_people(organisation: Organisation, *, today: datetime.date) -> tuple[int, int, int]:
    existing = {
        person.email: person
        for person in scoped(Person, organisation)
        .select_related("team", "location", "manager")
        .prefetch_related("interests")
    }
    created = updated = unchanged = 0
    # The roster lists managers before their reports, so every manager email resolves.
    for data in build_roster(today=today):
        person = existing.get(data["email"])
        if person is not None and _is_current(person, data):
            unchanged += 1  # skipping keeps a repeated `make demo` quick
            continue
        prepared = person_prepare(organisation=organisation, data=data, person=person)
        person_save(organisation=organisation, prepared=prepared)
        if person is None:
            created += 1
        else:
            updated += 1
    return created, updated, unchanged


def _is_current(person: Person, data: PersonData) -> bool:
    current = person_as_data(person)
    for key, value in data.items():
        if key == "interests":
            if sorted(current[key]) != sorted(value):
                return False
        elif current[key] != value:
            return False
    return True


def _seed_logins(organisation: Organisation) -> tuple[DemoLogin, ...]:
    logins = []
    # One hash for all four: hashing is deliberately slow, and these are public demo logins.
    password_hash = make_password(DEMO_PASSWORD)
    for spec in LOGINS:
        first_name, last_name = spec.name.split(" ", 1)
        user = User.objects.filter(email__iexact=spec.email).first() or User(email=spec.email)
        user.first_name, user.last_name = first_name, last_name
        user.is_active = True
        # Set on every run, so the printed logins work even after someone changed them.
        user.password = password_hash
        user.save()
        Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": spec.role}
        )
        scoped(Person, organisation).filter(email=spec.email).update(user=user)
        logins.append(DemoLogin(spec.email, DEMO_PASSWORD, spec.role, spec.name))
    return tuple(logins)
