"""Writes to the directory. Forms, imports and the API all go through these functions.

A person's data arrives as a `PersonData` dict with plain values: teams, locations and
interests by name (created on save when new), the manager by email (must exist).
`person_prepare` validates without writing, so imports can preview; `person_save` writes.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.core.tenancy import scoped
from hallway.people.models import Location, Person, PersonStatus, Tag, Team


class PersonData(TypedDict, total=False):
    name: str
    email: str
    team: str | None
    department: str
    location: str | None
    job_title: str
    timezone: str
    work_start: datetime.time
    work_end: datetime.time
    working_days: list[int]
    languages: list[str]
    interests: list[str]
    manager: str | None
    start_date: datetime.date | None
    preferred_language: str
    slack_id: str
    chat_ids: dict[str, str]
    status: str
    paused_until: datetime.date | None
    left_on: datetime.date | None


PLAIN_FIELDS = (
    "name", "email", "department", "job_title", "timezone", "work_start", "work_end",
    "working_days", "languages", "start_date", "preferred_language", "slack_id", "chat_ids",
    "status", "paused_until", "left_on",
)  # fmt: skip


@dataclass
class PreparedPerson:
    """A validated, unsaved person plus the names it refers to that do not exist yet."""

    person: Person
    team_name: str | None = None
    location_name: str | None = None
    interests: list[str] | None = None
    new_team: bool = False
    new_location: bool = False
    new_tags: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.person.pk is None


def _clean_name(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _by_name(model: type[Team] | type[Location] | type[Tag], organisation: Organisation, name: str):  # type: ignore[no-untyped-def]
    return scoped(model, organisation).filter(name__iexact=name).first()


def person_prepare(
    *, organisation: Organisation, data: PersonData, person: Person | None = None
) -> PreparedPerson:
    """Validate `data` for a new person (or changes to `person`) without writing anything.

    Raises ValidationError with a message per field name of `PersonData`.
    """
    if person is None:
        person = Person(organisation=organisation)
    elif person.organisation_id != organisation.pk:
        raise ValueError("person belongs to another organisation")
    prepared = PreparedPerson(person=person)
    errors: dict[str, list[str]] = {}

    for name in PLAIN_FIELDS:
        if name in data:
            value = data[name]  # type: ignore[literal-required]
            if isinstance(value, str):
                value = value.strip()
            setattr(person, name, value)
    if "email" in data:
        person.email = (person.email or "").lower()

    if "team" in data:
        prepared.team_name = _clean_name(data["team"])
        team = _by_name(Team, organisation, prepared.team_name) if prepared.team_name else None
        person.team = team
        prepared.new_team = bool(prepared.team_name and team is None)
    if "location" in data:
        prepared.location_name = _clean_name(data["location"])
        location = (
            _by_name(Location, organisation, prepared.location_name)
            if prepared.location_name
            else None
        )
        person.location = location
        prepared.new_location = bool(prepared.location_name and location is None)
    if "interests" in data:
        names = {}
        for raw in data["interests"] or []:
            cleaned = _clean_name(raw)
            if cleaned:
                names.setdefault(cleaned.lower(), cleaned)
        prepared.interests = list(names.values())
        existing = (
            {n.lower() for n in scoped(Tag, organisation).values_list("name", flat=True)}
            if names
            else set()
        )
        prepared.new_tags = [n for key, n in names.items() if key not in existing]
    if "manager" in data:
        manager_email = (data["manager"] or "").strip().lower()
        if not manager_email:
            person.manager = None
        else:
            manager = scoped(Person, organisation).filter(email__iexact=manager_email).first()
            if manager is None:
                errors.setdefault("manager", []).append(
                    _("No person with the email %(email)s in this organisation.")
                    % {"email": manager_email}
                )
            elif person.pk and manager.pk == person.pk:
                errors.setdefault("manager", []).append(_("A person cannot be their own manager."))
            else:
                person.manager = manager

    if person.status == PersonStatus.ACTIVE:
        person.paused_until = None
        person.left_on = None
    elif person.status == PersonStatus.LEFT and not person.left_on:
        person.left_on = datetime.date.today()

    exclude = ["organisation", "user"]
    if "manager" in errors:
        exclude.append("manager")
    try:
        person.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    duplicate = scoped(Person, organisation).filter(email__iexact=person.email)
    if person.pk:
        duplicate = duplicate.exclude(pk=person.pk)
    if person.email and duplicate.exists():
        errors.setdefault("email", []).append(
            _("Another person in this organisation already has the email %(email)s.")
            % {"email": person.email}
        )
    if errors:
        raise ValidationError(errors)
    return prepared


@transaction.atomic
def person_save(*, organisation: Organisation, prepared: PreparedPerson) -> Person:
    """Write a prepared person, creating the teams, locations and tags it names."""
    person = prepared.person
    if prepared.team_name:
        person.team = _by_name(Team, organisation, prepared.team_name) or Team.objects.create(
            organisation=organisation, name=prepared.team_name
        )
    if prepared.location_name:
        person.location = _by_name(
            Location, organisation, prepared.location_name
        ) or Location.objects.create(
            organisation=organisation, name=prepared.location_name, timezone=person.timezone
        )
    person.save()
    if prepared.interests is not None:
        tags = [
            _by_name(Tag, organisation, name)
            or Tag.objects.create(organisation=organisation, name=name)
            for name in prepared.interests
        ]
        person.interests.set(tags)
    return person


def person_create(*, organisation: Organisation, data: PersonData) -> Person:
    prepared = person_prepare(organisation=organisation, data=data)
    return person_save(organisation=organisation, prepared=prepared)


def person_update(*, person: Person, data: PersonData) -> Person:
    prepared = person_prepare(organisation=person.organisation, data=data, person=person)
    return person_save(organisation=person.organisation, prepared=prepared)


def person_delete(*, person: Person) -> None:
    person.delete()


def person_as_data(person: Person) -> dict[str, Any]:
    """A person as `PersonData` values (the inverse of person_prepare), e.g. to compare imports."""
    return {
        **{name: getattr(person, name) for name in PLAIN_FIELDS},
        "team": person.team.name if person.team else None,
        "location": person.location.name if person.location else None,
        "manager": person.manager.email if person.manager else None,
        "interests": sorted(t.name for t in person.interests.all()),
    }
