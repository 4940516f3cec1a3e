"""Finding what the command line and the API name by id, email or name (the client company,
the project lead, a person or contact for the roster, a series' people and cadence), with
every problem at once."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person
from hallway.projects.models import Project, RosterMember, SeriesKind, Side
from hallway.projects.selectors.roster import roster_of
from hallway.projects.services.roster import RoleFields, roster_add, roster_problems
from hallway.projects.services.series import (
    KIND_PRESET,
    ORDINALS,
    WEEKDAYS,
    WEEKLY,
    series_rule,
)
from hallway.relationships.interface import Company, Contact, contacts_by_email

Problems = dict[str, list[str]]


def company_by(organisation: Organisation, ref: str | int) -> Company | None:
    """The organisation's company with this id, else with this name (case-insensitive)."""
    companies = scoped(Company, organisation)
    text = str(ref).strip()
    if text.isdigit():
        found = companies.filter(pk=int(text)).first()
        if found is not None:
            return found
    return companies.filter(name__iexact=text).order_by("pk").first() if text else None


def roster_add_by(
    *,
    project: Project,
    side: str,
    person_id: int | None = None,
    contact_id: int | None = None,
    email: str = "",
    values: RoleFields,
    joined_on: datetime.date,
) -> RosterMember:
    """Put someone on the roster: ours by person id or email, the client's and partners'
    by contact id or email. What is not found is reported with the service's own problems,
    under the field it was given as; nothing is written on any problem."""
    organisation = project.organisation
    email = email.strip().lower()
    problems: Problems = {}
    person: Person | None = None
    contact: Contact | None = None
    if side == Side.OURS:
        people = scoped(Person, organisation)
        if person_id is not None:
            person = people.filter(pk=person_id).first()
            if person is None:
                problems["person_id"] = [_("Nobody in the directory has this id.")]
        elif email:
            person = people.filter(email__iexact=email).first()
            if person is None:
                problems["email"] = [_("Nobody in the directory has this email address.")]
    elif side in Side.values:
        if contact_id is not None:
            contact = scoped(Contact, organisation).filter(pk=contact_id).first()
            if contact is None:
                problems["contact_id"] = [_("No contact has this id.")]
        elif email:
            contact = contacts_by_email(organisation, [email]).get(email)
            if contact is None:
                problems["email"] = [_("No contact has this email address.")]
    found = roster_problems(
        project=project, side=side, person=person, contact=contact, values=values
    )
    for field, messages in found.items():
        if field in ("person", "contact") and problems:
            continue  # the lookup above already says who was not found
        problems.setdefault(field, []).extend(messages)
    if problems:
        raise ValidationError(problems)
    return roster_add(
        project=project,
        side=side,
        person=person,
        contact=contact,
        values=values,
        joined_on=joined_on,
    )


def roster_by_email(project: Project, emails: list[str]) -> tuple[list[RosterMember], Problems]:
    """The project's roster members with these addresses, and which address names nobody."""
    by_email = {m.email.lower(): m for m in roster_of(project) if m.email}
    missing = [e for e in emails if e.strip().lower() not in by_email]
    problems: Problems = {}
    if missing:
        problems["members"] = [
            _("Nobody on this project's roster has the email address %(email)s.") % {"email": e}
            for e in missing
        ]
    found = [by_email[e.strip().lower()] for e in emails if e.strip().lower() in by_email]
    return found, problems


def series_rule_given(
    *,
    kind: str,
    preset: str | None,
    weekday: str | None,
    nth: int | None,
    rule: str | None,
    starts_on: datetime.date | None,
) -> tuple[str, Problems]:
    """A rule of one's own, else the RRULE of a preset (else of the kind's usual one): the
    weekday and its place in the month default to those of the first day."""
    problems: Problems = {}
    if rule:
        return rule, problems
    day = (weekday or "").upper()
    if weekday and day not in WEEKDAYS:
        problems["weekday"] = [_("Choose a weekday: MO, TU, WE, TH, FR, SA or SU.")]
    if nth is not None and nth not in ORDINALS:
        problems["nth"] = [_("Choose 1, 2, 3, 4 or -1 (the last).")]
    if starts_on is not None:
        day = day if day in WEEKDAYS else WEEKDAYS[starts_on.weekday()]
        nth = nth if nth in ORDINALS else min((starts_on.day - 1) // 7 + 1, 4)
    usual = KIND_PRESET[SeriesKind(kind)] if kind in SeriesKind.values else WEEKLY
    try:
        return series_rule(preset or usual, day or "MO", nth or 1), problems
    except ValidationError as exc:
        problems.update(exc.message_dict)
        # A rule that stands, so that the preset is the only problem said about the cadence.
        return series_rule(usual, day or "MO", nth or 1), problems
