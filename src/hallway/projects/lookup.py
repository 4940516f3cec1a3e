"""Finding what the command line and the API name by id, email or name (the client company,
the project lead, a person or contact for the roster), with every problem at once."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hallway.accounts.models import Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person
from hallway.projects.models import Project, RosterMember, Side
from hallway.projects.services.roster import RoleFields, roster_add, roster_problems
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


def member_by_email(organisation: Organisation, email: str) -> User | None:
    membership = (
        Membership.objects.filter(organisation=organisation, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    return membership.user if membership is not None else None


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
