"""Writes to the directory. Forms, imports and the API all go through these functions.

A person's data arrives as a `PersonData` dict with plain values, keyed by the fields of
`people.fields`: teams, locations and interests by name (created on save when new), the
manager by email (must exist).
`person_prepare` validates without writing, so imports can preview; `person_save` writes.
"""

import datetime
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.audit.services import audit_record
from hallway.people.fields import FIELDS, FIELDS_BY_KEY, STORED_KEYS
from hallway.people.fields import PersonData as PersonData  # callers build it from here
from hallway.people.models import Location, Person, PersonStatus, Tag, Team
from hallway.people.validation import country_code_problem

# A directory row found and created by its name.
Named = TypeVar("Named", Team, Location, Tag)


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


def _by_name(model: type[Named], organisation: Organisation, name: str) -> Named | None:
    return scoped(model, organisation).filter(name__iexact=name).first()


def person_prepare(
    *,
    organisation: Organisation,
    data: PersonData,
    person: Person | None = None,
    known_emails: Container[str] | None = None,
) -> PreparedPerson:
    """Validate `data` for a new person (or changes to `person`) without writing anything.

    Raises ValidationError with a message per field name of `PersonData`, and ValueError
    for a key that is no field of a person (a mistake in the caller). Callers that
    validate many people at once pass `known_emails` (every email already taken in the
    organisation, lower-case) to spare one query per person.
    """
    unknown = sorted(set(data) - set(FIELDS_BY_KEY))
    if unknown:
        raise ValueError(f"not fields of a person: {', '.join(unknown)}")
    if person is None:
        person = Person(organisation=organisation)
    elif person.organisation_id != organisation.pk:
        raise ValueError("person belongs to another organisation")
    prepared = PreparedPerson(person=person)
    stored_email = person.email if person.pk else None
    # Messages, or ValidationErrors where the model's rules give codes the API passes on.
    errors: dict[str, list[str | ValidationError]] = {}

    for name in STORED_KEYS:  # the relations (team, location, …) are resolved below
        if name in data:
            value = data[name]
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
        names: dict[str, str] = {}
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
            manager = scoped(Person, organisation).filter(email=manager_email).first()
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
        # Keep the errors themselves, not only their text, so callers (the API) see the codes.
        for name, field_errors in exc.error_dict.items():
            errors.setdefault(name, []).extend(field_errors)
    if person.email != stored_email and _email_taken(organisation, person, known_emails):
        errors.setdefault("email", []).append(
            ValidationError(
                _("Another person in this organisation already has the email %(email)s.")
                % {"email": person.email},
                code="duplicate_email",
            )
        )
    if errors:
        raise ValidationError(errors)
    return prepared


def _email_taken(organisation: Organisation, person: Person, known: Container[str] | None) -> bool:
    """Whether someone else in the organisation has `person`'s (new) email."""
    if not person.email:
        return False
    if known is not None:
        return person.email in known
    # Emails are stored lower-case (Person.save), so this uses the unique index.
    return scoped(Person, organisation).filter(email=person.email).exclude(pk=person.pk).exists()


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
    """Erase the person and everything kept about them (their rows cascade)."""
    organisation, label = person.organisation, f"{person.name} <{person.email}>"
    person.delete()
    audit_record("person_erased", organisation=organisation, target=label)


def person_as_data(person: Person) -> dict[str, Any]:
    """A person as `PersonData` values (the inverse of person_prepare), e.g. to compare imports."""
    return {field.key: field.kind.value(person, field.key) for field in FIELDS}


# Bulk actions from the list page. Each touches only people of `organisation` (ids of other
# organisations are silently ignored and never counted), runs in one transaction and returns
# how many people actually changed.


def _people_by_ids(organisation: Organisation, person_ids: Iterable[int]) -> QuerySet[Person]:
    return scoped(Person, organisation).filter(pk__in=list(person_ids))


@transaction.atomic
def people_bulk_tag(*, organisation: Organisation, person_ids: Iterable[int], tag_name: str) -> int:
    """Add the interest `tag_name` (created when new) to these people."""
    name = _clean_name(tag_name)
    if not name:
        raise ValidationError({"tag_name": _("Enter the interest to add.")})
    longest = Tag._meta.get_field("name").max_length or 0
    if len(name) > longest:
        raise ValidationError(
            {
                "tag_name": _("An interest can have at most %(count)d characters.")
                % {"count": longest}
            }
        )
    tag = _by_name(Tag, organisation, name)
    people = _people_by_ids(organisation, person_ids)
    if tag is not None:
        people = people.exclude(interests=tag)
    untagged = list(people.values_list("pk", flat=True))
    if not untagged:
        return 0  # nothing to tag: do not create an interest nobody has
    tag = tag or Tag.objects.create(organisation=organisation, name=name)
    tag.people.add(*untagged)
    _people_by_ids(organisation, untagged).update(updated_at=timezone.now())
    return len(untagged)


@transaction.atomic
def people_bulk_pause(
    *,
    organisation: Organisation,
    person_ids: Iterable[int],
    until: datetime.date,
    today: datetime.date | None = None,
) -> int:
    """Pause these people until `until` (which must lie after `today`).

    People who have left stay left: a pause is for someone who is coming back.
    """
    today = today or timezone.localdate()
    if until <= today:
        raise ValidationError({"paused_until": _("The date a pause ends must be in the future.")})
    changed = (
        _people_by_ids(organisation, person_ids)
        .exclude(status=PersonStatus.LEFT)
        .exclude(status=PersonStatus.PAUSED, paused_until=until)
    )
    return changed.update(
        status=PersonStatus.PAUSED, paused_until=until, left_on=None, updated_at=timezone.now()
    )


@transaction.atomic
def people_bulk_mark_left(
    *, organisation: Organisation, person_ids: Iterable[int], left_on: datetime.date
) -> int:
    """Record that these people left the organisation on `left_on`."""
    changed = _people_by_ids(organisation, person_ids).exclude(
        status=PersonStatus.LEFT, left_on=left_on
    )
    return changed.update(
        status=PersonStatus.LEFT, left_on=left_on, paused_until=None, updated_at=timezone.now()
    )


@transaction.atomic
def people_bulk_reactivate(*, organisation: Organisation, person_ids: Iterable[int]) -> int:
    """Make these people active again, ending a pause or undoing a departure."""
    changed = _people_by_ids(organisation, person_ids).exclude(status=PersonStatus.ACTIVE)
    return changed.update(
        status=PersonStatus.ACTIVE, paused_until=None, left_on=None, updated_at=timezone.now()
    )


# Teams and locations. Names are unique per organisation regardless of case, because
# imports and the person form find them by name without regard to case.


def name_taken_problem(
    *, model: type[Named], organisation: Organisation, name: str, pk: int | None = None
) -> str | None:
    """That another team (or location, interest) than `pk` has this name, in any case.

    Pages ask it beside their form too, so the name shows with the form's other problems.
    """
    name = _clean_name(name) or ""
    others = scoped(model, organisation).filter(name__iexact=name)
    if pk:
        others = others.exclude(pk=pk)
    if name and others.exists():
        return _("“%(name)s” already exists in this organisation.") % {"name": name}
    return None


def _add_name_taken(
    errors: dict[str, list[str]],
    model: type[Named],
    organisation: Organisation,
    name: str,
    pk: int | None,
) -> None:
    """Add to `errors` that another team (or location) has this name, if the name is valid."""
    if "name" in errors:
        return
    problem = name_taken_problem(model=model, organisation=organisation, name=name, pk=pk)
    if problem:
        errors["name"] = [problem]


def _full_clean_problems(instance: Team | Location) -> dict[str, list[str]]:
    # The name is checked without regard to case by _add_name_taken; the database
    # constraint is exact.
    try:
        instance.full_clean(exclude=["organisation"], validate_unique=False)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


@transaction.atomic
def team_save(
    *, organisation: Organisation, name: str, department: str = "", team: Team | None = None
) -> Team:
    """Create a team, or rename/re-department `team`. Raises ValidationError per field."""
    team = team or Team(organisation=organisation)
    if team.organisation_id != organisation.pk:
        raise ValueError("team belongs to another organisation")
    team.name = _clean_name(name) or ""
    team.department = " ".join((department or "").split())
    errors = _full_clean_problems(team)
    _add_name_taken(errors, Team, organisation, team.name, team.pk)
    if errors:
        raise ValidationError(errors)
    team.save()
    return team


@transaction.atomic
def team_delete(*, team: Team) -> int:
    """Delete a team; its people stay, without a team. Returns how many people that was."""
    members = team.members.count()
    team.members.update(team=None, updated_at=timezone.now())
    team.delete()
    return members


@transaction.atomic
def location_save(
    *,
    organisation: Organisation,
    name: str,
    country: str = "",
    timezone_name: str,
    location: Location | None = None,
    subdivision: str | None = None,
) -> Location:
    """Create a location, or change `location`. Raises ValidationError per field.

    `country` is an ISO 3166-1 alpha-2 code (stored upper case) or empty. `subdivision` is
    the region whose public holidays apply, as the `holidays` package names it ("NW",
    "SP"); None leaves it as it is.
    """
    location = location or Location(organisation=organisation)
    if location.organisation_id != organisation.pk:
        raise ValueError("location belongs to another organisation")
    location.name = _clean_name(name) or ""
    previous_country = location.country
    location.country = (country or "").strip().upper()
    location.timezone = (timezone_name or "").strip()
    errors: dict[str, list[str]] = {}
    country_problem = country_code_problem(location.country)
    if country_problem:
        errors["country"] = [country_problem]
    if subdivision is None and location.country != previous_country:
        subdivision = ""  # another country's region would be meaningless
    if subdivision is not None:
        location.subdivision, problem = _subdivision(location.country, subdivision)
        if problem and "country" not in errors:
            errors["subdivision"] = [problem]
    for field_name, messages in _full_clean_problems(location).items():
        if field_name not in errors:  # one clear message per field is enough
            errors[field_name] = messages
    _add_name_taken(errors, Location, organisation, location.name, location.pk)
    if errors:
        raise ValidationError(errors)
    location.save()
    return location


def _subdivision(country: str, value: str) -> tuple[str, str]:
    """The region code as the public holiday calendar spells it, and a problem or ""."""
    import holidays

    value = (value or "").strip()
    if not value:
        return "", ""
    if not country:
        return value, _("Enter the country code first: a region belongs to a country.")
    regions = holidays.list_supported_countries().get(country)
    if regions is None:
        return value, _("There is no public holiday calendar for %(country)s.") % {
            "country": country
        }
    spelled = {region.upper(): region for region in regions}
    if value.upper() not in spelled:
        if not regions:
            return value, _(
                "%(country)s has one public holiday calendar; leave the region empty."
            ) % {"country": country}
        return value, _("%(country)s has no region “%(code)s”. Choose one of %(codes)s.") % {
            "country": country,
            "code": value,
            "codes": ", ".join(regions),
        }
    return spelled[value.upper()], ""


@transaction.atomic
def location_delete(*, location: Location) -> int:
    """Delete a location; its people stay, without one. Returns how many people that was."""
    people = location.people.count()
    location.people.update(location=None, updated_at=timezone.now())
    location.delete()
    return people
