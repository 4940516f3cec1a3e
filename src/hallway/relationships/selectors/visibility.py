"""Who sees which personal details and notes: the one place that decides.

Every page, search, export and API response that shows details or notes reads them through
`details_visible_to` / `notes_visible_to`. Private means the author alone (not even owners
or admins); "owners" adds the owners of the contact or of its company (or of the company a
note is about); "organisation" is everyone in it.
"""

from typing import TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Company, Contact, Detail, Note, Visibility

S = TypeVar("S", Detail, Note)


def _owned_contact(user: User, contact_ref: str) -> Exists:
    owners = Contact.owners.through.objects.filter(contact_id=OuterRef(contact_ref), user=user)
    return Exists(owners)


def _owned_company(user: User, company_ref: str) -> Exists:
    owners = Company.owners.through.objects.filter(company_id=OuterRef(company_ref), user=user)
    return Exists(owners)


def _visible(queryset: QuerySet[S], user: User, owner_condition: Q) -> QuerySet[S]:
    return queryset.filter(
        Q(author=user)
        | Q(visibility=Visibility.ORGANISATION)
        | (Q(visibility=Visibility.OWNERS) & owner_condition)
    )


def details_visible_to(user: User, organisation: Organisation) -> QuerySet[Detail]:
    """The personal details `user` may see in `organisation`."""
    owner = Q(_owned_contact(user, "contact_id")) | Q(_owned_company(user, "contact__company_id"))
    return _visible(scoped(Detail, organisation), user, owner)


def notes_visible_to(user: User, organisation: Organisation) -> QuerySet[Note]:
    """The notes `user` may see in `organisation`."""
    owner = (
        Q(_owned_contact(user, "contact_id"))
        | Q(_owned_company(user, "contact__company_id"))
        | Q(_owned_company(user, "company_id"))
    )
    return _visible(scoped(Note, organisation), user, owner)
