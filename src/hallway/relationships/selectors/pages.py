"""Reads for the company and contact pages: their facts, timelines and what is visible."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Company, Contact, ContactEmail, Order, Touch
from hallway.relationships.selectors.lists import owners_prefetch

TIMELINE_PAGE = 20


def company_for_page(*, organisation: Organisation) -> QuerySet[Company]:
    return scoped(Company, organisation).prefetch_related(owners_prefetch())


def contact_for_page(*, organisation: Organisation) -> QuerySet[Contact]:
    return (
        scoped(Contact, organisation)
        .select_related("company")
        .prefetch_related(owners_prefetch(), "tags", "other_emails")
    )


def company_contacts(*, company: Company) -> QuerySet[Contact]:
    return scoped(Contact, company.organisation).filter(company=company).order_by("name", "id")


def company_orders(*, company: Company) -> QuerySet[Order]:
    return scoped(Order, company.organisation).filter(company=company).select_related("contact")


@dataclass(frozen=True)
class Timeline:
    touches: list[Touch]
    next_page: int | None


def _timeline(touches: QuerySet[Touch], page: int) -> Timeline:
    page = max(page, 1)
    start = (page - 1) * TIMELINE_PAGE
    rows = list(
        touches.select_related("by")
        .prefetch_related(Prefetch("contacts", queryset=Contact.objects.only("id", "name")))
        .order_by("-at", "-id")[start : start + TIMELINE_PAGE + 1]
    )
    more = len(rows) > TIMELINE_PAGE
    return Timeline(rows[:TIMELINE_PAGE], page + 1 if more else None)


def contact_timeline(*, contact: Contact, page: int = 1) -> Timeline:
    """The contact's touches, newest first, TIMELINE_PAGE at a time."""
    # From the contact's links (their index), not a check on every touch of the organisation.
    linked = Touch.contacts.through.objects.filter(contact_id=contact.pk).values("touch_id")
    touches = scoped(Touch, contact.organisation).filter(pk__in=linked)
    return _timeline(touches, page)


def company_timeline(*, company: Company, page: int = 1) -> Timeline:
    """The company's touches (with it or any of its contacts), newest first."""
    touches = scoped(Touch, company.organisation).filter(company=company)
    return _timeline(touches, page)


def days_since(
    moment: datetime.date | datetime.datetime | None, today: datetime.date
) -> int | None:
    if moment is None:
        return None
    day = moment.date() if isinstance(moment, datetime.datetime) else moment
    return (today - day).days


@dataclass(frozen=True)
class DuplicateGroup:
    email: str
    contacts: list[Contact]


def duplicate_groups(*, organisation: Organisation, limit: int = 200) -> list[DuplicateGroup]:
    """Contacts that share an address (main or further), grouped by the address."""
    by_email: dict[str, set[int]] = {}
    main = (
        scoped(Contact, organisation)
        .exclude(email="")
        .values("email")
        .annotate(n=Count("id"))
        .order_by()
    )
    mains = scoped(Contact, organisation).exclude(email="")
    others = scoped(ContactEmail, organisation)
    # Addresses seen on two contacts or more: main twice, or a main also someone's further one,
    # or a further one on two contacts.
    repeated = {row["email"] for row in main.filter(n__gt=1)}
    repeated |= set(
        others.filter(email__in=mains.values("email"))
        .exclude(contact__email=F("email"))
        .values_list("email", flat=True)
    )
    repeated |= set(
        others.values("email")
        .annotate(n=Count("contact_id"))
        .filter(n__gt=1)
        .values_list("email", flat=True)
    )
    if not repeated:
        return []
    for pk, email in mains.filter(email__in=repeated).values_list("pk", "email"):
        by_email.setdefault(email, set()).add(pk)
    for pk, email in others.filter(email__in=repeated).values_list("contact_id", "email"):
        by_email.setdefault(email, set()).add(pk)
    groups = sorted((email, ids) for email, ids in by_email.items() if len(ids) > 1)[:limit]
    wanted = {pk for _email, ids in groups for pk in ids}
    contacts = scoped(Contact, organisation).select_related("company").in_bulk(wanted)
    return [
        DuplicateGroup(email, sorted((contacts[pk] for pk in ids), key=lambda c: (c.name, c.pk)))
        for email, ids in groups
    ]
