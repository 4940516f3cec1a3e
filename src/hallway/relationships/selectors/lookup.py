"""Finding companies, contacts, touches and orders by simple filters (the API's lists)."""

from django.db.models import Q, QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Company, Contact, ContactEmail, Order, Touch


def companies_find(
    *, organisation: Organisation, query: str = "", kind: str = ""
) -> QuerySet[Company]:
    companies = scoped(Company, organisation).prefetch_related("owners")
    if kind:
        companies = companies.filter(kind=kind)
    for word in query.split():
        companies = companies.filter(
            Q(name__icontains=word) | Q(industry__icontains=word) | Q(website__icontains=word)
        )
    return companies.order_by("name", "id")


def contacts_find(
    *,
    organisation: Organisation,
    query: str = "",
    kind: str = "",
    company_id: int | None = None,
    email: str = "",
) -> QuerySet[Contact]:
    contacts = scoped(Contact, organisation).prefetch_related("owners", "tags", "other_emails")
    if kind:
        contacts = contacts.filter(kind=kind)
    if company_id is not None:
        contacts = contacts.filter(company_id=company_id)
    if email.strip():
        address = email.strip().lower()
        others = scoped(ContactEmail, organisation).filter(email=address).values("contact_id")
        contacts = contacts.filter(Q(email=address) | Q(pk__in=others))
    for word in query.split():
        contacts = contacts.filter(
            Q(name__icontains=word) | Q(email__icontains=word) | Q(job_title__icontains=word)
        )
    return contacts.order_by("name", "id")


def touches_find(
    *, organisation: Organisation, contact_id: int | None = None, company_id: int | None = None
) -> QuerySet[Touch]:
    touches = scoped(Touch, organisation).select_related("by").prefetch_related("contacts")
    if contact_id is not None:
        touches = touches.filter(contacts__id=contact_id)
    if company_id is not None:
        touches = touches.filter(company_id=company_id)
    return touches.order_by("-at", "-id")


def orders_find(
    *, organisation: Organisation, company_id: int | None = None, status: str = ""
) -> QuerySet[Order]:
    orders = scoped(Order, organisation)
    if company_id is not None:
        orders = orders.filter(company_id=company_id)
    if status:
        orders = orders.filter(status=status)
    return orders.order_by("-at", "-id")
