"""Reads for the contacts and companies lists (and their CSV exports).

Built for large client books (100,000 contacts): filters are EXISTS subqueries rather than
joins (no DISTINCT over the whole book), owners and tags are prefetched for one page only,
and counts of contacts are correlated subqueries that use the company index.
"""

import datetime
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from hallway.accounts.models import Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Company, Contact, ContactEmail, ContactTag

QUIET_DAYS = 90

# Sort keys of the lists: by name, or by last touch (never touched first: who needs a call).
ORDERINGS: dict[str, list[Any]] = {
    "name": ["name", "id"],
    "-name": ["-name", "-id"],
    "last_touch": [F("last_touch_at").asc(nulls_first=True), "name", "id"],
    "-last_touch": [F("last_touch_at").desc(nulls_last=True), "name", "id"],
}
# SQLite puts NULL first going up and last going down by itself, and only a plain ORDER BY
# walks the (organisation, last_touch_at) index instead of sorting the whole book.
SQLITE_ORDERINGS = {
    **ORDERINGS,
    "last_touch": ["last_touch_at", "name", "id"],
    "-last_touch": ["-last_touch_at", "name", "id"],
}


def _ordering(order: str) -> list[Any]:
    orderings = SQLITE_ORDERINGS if connection.vendor == "sqlite" else ORDERINGS
    return orderings.get(order, orderings["name"])


def _owned_by(model: type[Contact] | type[Company], user_id: int) -> Exists:
    through = model.owners.through.objects.filter(user_id=user_id)
    field = "contact_id" if model is Contact else "company_id"
    return Exists(through.filter(**{field: OuterRef("pk")}))


def owners_prefetch() -> Prefetch[Any]:
    return Prefetch("owners", queryset=User.objects.only("id", "email", "first_name", "last_name"))


def contacts_search(
    *,
    organisation: Organisation,
    query: str = "",
    kind: str = "",
    company_id: int | None = None,
    owner_id: int | None = None,
    tag: str = "",
    quiet_since: datetime.datetime | None = None,
    order: str = "name",
) -> QuerySet[Contact]:
    """Contacts filtered as the list asks. `quiet_since`: only those not touched since then
    (or never)."""
    contacts = scoped(Contact, organisation).select_related("company")
    query = " ".join(query.split())
    if query:
        lowered = query.lower()
        # The matching companies and further addresses are each looked up once (a semi-join),
        # not once per contact.
        other_addresses = scoped(ContactEmail, organisation).filter(email__icontains=lowered)
        companies = scoped(Company, organisation).filter(name__icontains=query)
        contacts = contacts.filter(
            Q(name__icontains=query)
            | Q(email__icontains=lowered)
            | Q(company_id__in=companies.values("pk"))
            | Q(pk__in=other_addresses.values("contact_id"))
        )
    if kind:
        contacts = contacts.filter(kind=kind)
    if company_id:
        contacts = contacts.filter(company_id=company_id)
    if owner_id:
        contacts = contacts.filter(_owned_by(Contact, owner_id))
    if tag:
        tagged = Contact.tags.through.objects.filter(
            contact_id=OuterRef("pk"), contacttag__name__iexact=tag
        )
        contacts = contacts.filter(Exists(tagged))
    if quiet_since is not None:
        contacts = contacts.filter(Q(last_touch_at__isnull=True) | Q(last_touch_at__lt=quiet_since))
    return contacts.prefetch_related(owners_prefetch(), "tags").order_by(*_ordering(order))


def _contacts_in_company() -> Coalesce:
    counted = (
        Contact.objects.filter(company_id=OuterRef("pk"))
        .order_by()
        .values("company_id")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def companies_search(
    *,
    organisation: Organisation,
    query: str = "",
    kind: str = "",
    owner_id: int | None = None,
    industry: str = "",
    order: str = "name",
) -> QuerySet[Company]:
    """Companies filtered as the list asks, each with `contacts_count`."""
    companies = scoped(Company, organisation)
    query = " ".join(query.split())
    if query:
        companies = companies.filter(
            Q(name__icontains=query) | Q(website__icontains=query) | Q(industry__icontains=query)
        )
    if kind:
        companies = companies.filter(kind=kind)
    if owner_id:
        companies = companies.filter(_owned_by(Company, owner_id))
    if industry:
        companies = companies.filter(industry__iexact=industry)
    return (
        companies.annotate(contacts_count=_contacts_in_company())
        .prefetch_related(owners_prefetch())
        .order_by(*_ordering(order))
    )


def member_choices(*, organisation: Organisation) -> list[tuple[int, str]]:
    """The organisation's users as (id, name) for owner choices, by name."""
    rows = (
        Membership.objects.filter(organisation=organisation)
        .order_by("user__first_name", "user__last_name", "user__email")
        .values_list("user_id", "user__first_name", "user__last_name", "user__email")
    )
    return [(pk, " ".join(f"{first} {last}".split()) or email) for pk, first, last, email in rows]


def member_emails(*, organisation: Organisation) -> dict[int, str]:
    return dict(
        Membership.objects.filter(organisation=organisation).values_list("user_id", "user__email")
    )


# Up to this many companies are offered in a list; a larger book is searched by name instead
# (twenty thousand options cost a second per page to build and a megabyte to send).
COMPANY_CHOICES_LIMIT = 1000


def company_choices(*, organisation: Organisation) -> list[tuple[int, str]] | None:
    """(id, name) of every company, by name, for long selects; None when there are more
    than COMPANY_CHOICES_LIMIT."""
    rows = list(
        scoped(Company, organisation)
        .order_by("name", "id")
        .values_list("pk", "name")[: COMPANY_CHOICES_LIMIT + 1]
    )
    return rows if len(rows) <= COMPANY_CHOICES_LIMIT else None


def industry_names(*, organisation: Organisation) -> list[str]:
    names = (
        scoped(Company, organisation)
        .exclude(industry="")
        .order_by("industry")
        .values_list("industry", flat=True)
        .distinct()
    )
    return list(names)


def contact_tag_names(*, organisation: Organisation) -> list[str]:
    """Names of the tags some contact carries."""
    used = Contact.tags.through.objects.filter(contacttag_id=OuterRef("pk"))
    return list(
        scoped(ContactTag, organisation)
        .filter(Exists(used))
        .order_by("name")
        .values_list("name", flat=True)
    )
