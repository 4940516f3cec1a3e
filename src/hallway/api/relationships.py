"""/api/v1/companies, /contacts, /touches, /orders: the client book.

Members read and log touches; organisers create and update companies, contacts and orders;
admins delete. Deleting a contact erases it (GDPR Art. 17): its touches stay, without it.
An id in the body that is not one of the organisation's is a 404 naming the field.
"""

from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, scoped
from hallway.api.auth import TokenAuth, organisation_of, user_of
from hallway.api.errors import ApiError, default_message
from hallway.api.relationships_schemas import (
    CompanyCreate,
    CompanyFilters,
    CompanyOut,
    CompanyPage,
    CompanyPatch,
    ContactCreate,
    ContactFilters,
    ContactOut,
    ContactPage,
    ContactPatch,
    OrderCreate,
    OrderFilters,
    OrderOut,
    OrderPage,
    TouchCreate,
    TouchFilters,
    TouchOut,
    TouchPage,
)
from hallway.api.schemas import JSON_BODY, ObjectId, PageParams, error_responses, paginate
from hallway.relationships.models import Company, Contact, Touch, TouchSource
from hallway.relationships.selectors.lookup import (
    companies_find,
    contacts_find,
    orders_find,
    touches_find,
)
from hallway.relationships.services.orders import order_record
from hallway.relationships.services.privacy import contact_erase
from hallway.relationships.services.records import (
    CompanyData,
    ContactData,
    company_save,
    contact_save,
    members_by_email,
)
from hallway.relationships.services.touches import touch_record

router = Router(tags=["relationships"])


def _not_found(field: str) -> ApiError:
    return ApiError(
        404,
        "not_found",
        default_message(404),
        [{"field": field, "message": default_message(404), "code": "not_found"}],
    )


def _company_in(organisation: Organisation, company_id: int, field: str) -> Company:
    company = scoped(Company, organisation).filter(pk=company_id).first()
    if company is None:
        raise _not_found(field)
    return company


def _company(request: HttpRequest, company_id: ObjectId) -> Company:
    return get_scoped_or_404(
        Company.objects.prefetch_related("owners"), organisation_of(request), pk=company_id
    )


def _contact(request: HttpRequest, contact_id: ObjectId) -> Contact:
    return get_scoped_or_404(
        Contact.objects.prefetch_related("owners", "tags", "other_emails"),
        organisation_of(request),
        pk=contact_id,
    )


# --- companies ------------------------------------------------------------------------------


@router.get("/companies", response={200: CompanyPage, **error_responses(422)})
def companies_list(
    request: HttpRequest, filters: Query[CompanyFilters], page: Query[PageParams]
) -> dict[str, object]:
    """The organisation's companies by name, filtered by `kind` and a search `q`."""
    companies = companies_find(
        organisation=organisation_of(request), query=filters.q, kind=filters.kind or ""
    )
    return paginate(request, companies, page)


@router.get("/companies/{int:company_id}", response={200: CompanyOut, **error_responses(422)})
def company_get(request: HttpRequest, company_id: ObjectId) -> Company:
    return _company(request, company_id)


@router.post(
    "/companies",
    response={201: CompanyOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def company_post(request: HttpRequest, payload: CompanyCreate) -> Status[Company]:
    company = company_save(
        organisation=organisation_of(request), data=cast(CompanyData, payload.fields_sent())
    )
    return Status(201, _company(request, company.pk))


@router.patch(
    "/companies/{int:company_id}",
    response={200: CompanyOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def company_patch(request: HttpRequest, company_id: ObjectId, payload: CompanyPatch) -> Company:
    """Change only the fields sent; nothing changes when any of them is invalid."""
    company = _company(request, company_id)
    company_save(
        organisation=organisation_of(request),
        data=cast(CompanyData, payload.fields_sent()),
        company=company,
    )
    return _company(request, company_id)


@router.delete(
    "/companies/{int:company_id}",
    response={204: None, **error_responses(403, 422)},
    auth=TokenAuth(Role.ADMIN),
)
def company_remove(request: HttpRequest, company_id: ObjectId) -> Status[None]:
    """Delete the company with its orders and touches; its contacts stay, without it."""
    _company(request, company_id).delete()
    return Status(204, None)


# --- contacts -------------------------------------------------------------------------------


def _contact_data(organisation: Organisation, sent: dict[str, Any]) -> dict[str, Any]:
    if "company_id" in sent:
        company_id = sent.pop("company_id")
        sent["company"] = (
            _company_in(organisation, company_id, "company_id") if company_id else None
        )
    return sent


@router.get("/contacts", response={200: ContactPage, **error_responses(422)})
def contacts_list(
    request: HttpRequest, filters: Query[ContactFilters], page: Query[PageParams]
) -> dict[str, object]:
    """The organisation's contacts by name, filtered by `kind`, `company_id`, `email`, `q`."""
    contacts = contacts_find(
        organisation=organisation_of(request),
        query=filters.q,
        kind=filters.kind or "",
        company_id=filters.company_id,
        email=filters.email,
    )
    return paginate(request, contacts, page)


@router.get("/contacts/{int:contact_id}", response={200: ContactOut, **error_responses(422)})
def contact_get(request: HttpRequest, contact_id: ObjectId) -> Contact:
    return _contact(request, contact_id)


@router.post(
    "/contacts",
    response={201: ContactOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def contact_post(request: HttpRequest, payload: ContactCreate) -> Status[Contact]:
    organisation = organisation_of(request)
    data = _contact_data(organisation, payload.fields_sent())
    contact = contact_save(organisation=organisation, data=cast(ContactData, data))
    return Status(201, _contact(request, contact.pk))


@router.patch(
    "/contacts/{int:contact_id}",
    response={200: ContactOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def contact_patch(request: HttpRequest, contact_id: ObjectId, payload: ContactPatch) -> Contact:
    """Change only the fields sent; nothing changes when any of them is invalid."""
    organisation = organisation_of(request)
    contact = _contact(request, contact_id)
    data = _contact_data(organisation, payload.fields_sent())
    contact_save(organisation=organisation, data=cast(ContactData, data), contact=contact)
    return _contact(request, contact_id)


@router.delete(
    "/contacts/{int:contact_id}",
    response={204: None, **error_responses(403, 422)},
    auth=TokenAuth(Role.ADMIN),
)
def contact_remove(request: HttpRequest, contact_id: ObjectId) -> Status[None]:
    """Erase the contact (GDPR Art. 17): emails, details and notes go; touches stay
    without them, and a touch left with nobody loses its summary."""
    contact_erase(contact=_contact(request, contact_id), actor=user_of(request))
    return Status(204, None)


# --- touches --------------------------------------------------------------------------------


def _touch(organisation: Organisation, touch_id: int) -> Touch:
    return (
        scoped(Touch, organisation)
        .select_related("by")
        .prefetch_related("contacts")
        .get(pk=touch_id)
    )


@router.get("/touches", response={200: TouchPage, **error_responses(422)})
def touches_list(
    request: HttpRequest, filters: Query[TouchFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Touches, newest first, of one contact or company if asked."""
    touches = touches_find(
        organisation=organisation_of(request),
        contact_id=filters.contact_id,
        company_id=filters.company_id,
    )
    return paginate(request, touches, page)


@router.post("/touches", response={201: TouchOut, **error_responses(*JSON_BODY)})
def touch_post(request: HttpRequest, payload: TouchCreate) -> Status[Touch]:
    """Log a touch with contacts and/or a company; it resets their keep-in-touch rhythms."""
    organisation = organisation_of(request)
    wanted = set(payload.contact_ids or [])
    contacts = list(scoped(Contact, organisation).filter(pk__in=wanted))
    if len(contacts) != len(wanted):
        raise _not_found("contact_ids")
    company = (
        _company_in(organisation, payload.company_id, "company_id") if payload.company_id else None
    )
    by = user_of(request)
    if payload.by_email:
        found = members_by_email(organisation, [payload.by_email])
        if not found:
            raise ApiError(
                422,
                "validation_error",
                default_message(422),
                [
                    {
                        "field": "by_email",
                        "message": _("Not a member of this organisation."),
                        "code": "unknown_member",
                    }
                ],
            )
        by = next(iter(found.values()))
    touch = touch_record(
        organisation=organisation,
        kind=payload.kind,
        at=payload.at,
        contacts=contacts,
        company=company,
        by=by,
        summary=payload.summary or "",
        source=TouchSource.API,
    )
    return Status(201, _touch(organisation, touch.pk))


# --- orders ---------------------------------------------------------------------------------


@router.get("/orders", response={200: OrderPage, **error_responses(422)})
def orders_list(
    request: HttpRequest, filters: Query[OrderFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Orders, newest first, of one company or status if asked."""
    orders: QuerySet[Any] = orders_find(
        organisation=organisation_of(request),
        company_id=filters.company_id,
        status=filters.status or "",
    )
    return paginate(request, orders, page)


@router.post(
    "/orders",
    response={201: OrderOut, **error_responses(*JSON_BODY, 403)},
    auth=TokenAuth(Role.ORGANISER),
)
def order_post(request: HttpRequest, payload: OrderCreate) -> Status[Any]:
    """Record a client's request for work (it moves the company's last order date)."""
    organisation = organisation_of(request)
    company = _company_in(organisation, payload.company_id, "company_id")
    contact = None
    if payload.contact_id:
        contact = scoped(Contact, organisation).filter(pk=payload.contact_id).first()
        if contact is None:
            raise _not_found("contact_id")
    order = order_record(
        organisation=organisation,
        company=company,
        title=payload.title,
        at=payload.at,
        status=payload.status or "open",
        contact=contact,
        by=user_of(request),
    )
    return Status(201, order)
