"""The contacts and companies lists: search, filters, sorting, bulk actions, CSV export."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Organisation, Role, User
from hallway.accounts.tenancy import role_required
from hallway.audit.services import audit_record
from hallway.core.csv_files import csv_download
from hallway.core.forms import form_error_texts
from hallway.relationships.exporting import companies_export_csv, contacts_export_csv
from hallway.relationships.forms.lists import (
    BulkAction,
    CompanyBulkForm,
    CompanyFilterForm,
    ContactBulkForm,
    ContactFilterForm,
)
from hallway.relationships.selectors.lists import companies_search, contacts_search
from hallway.relationships.services import bulk
from hallway.relationships.views.common import back_url, permissions

PAGE_SIZE = 50


def _list_page(
    request: MemberRequest,
    *,
    filters: ContactFilterForm | CompanyFilterForm,
    rows: QuerySet[Any],
    bulk_form: ContactBulkForm | CompanyBulkForm,
    template: str,
    tab: str,
) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # htmx asks for the results only; restoring history needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "filters": filters,
        "page": page,
        "total": page.paginator.count,
        "bulk_form": bulk_form,
        "partial": partial,
        "export_query": filters.export_query(),
        "relationships_tab": tab,
        **permissions(request),
    }
    name = (
        f"relationships/_{template}_results.html" if partial else f"relationships/{template}.html"
    )
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required()
def contact_list(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    filters = ContactFilterForm(request.GET, organisation=organisation, user=request.user)
    return _list_page(
        request,
        filters=filters,
        rows=contacts_search(organisation=organisation, **filters.search_arguments()),
        bulk_form=ContactBulkForm(organisation=organisation),
        template="contacts",
        tab="contacts",
    )


@role_required()
def company_list(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    filters = CompanyFilterForm(request.GET, organisation=organisation, user=request.user)
    return _list_page(
        request,
        filters=filters,
        rows=companies_search(organisation=organisation, **filters.search_arguments()),
        bulk_form=CompanyBulkForm(organisation=organisation),
        template="companies",
        tab="companies",
    )


def _run_bulk(
    request: MemberRequest,
    form: ContactBulkForm | CompanyBulkForm,
    actions: dict[str, Callable[[list[int]], int]],
    done: dict[str, Callable[[int], str]],
    default: str,
) -> HttpResponse:
    if not form.is_valid():
        for message in form_error_texts(form):
            messages.error(request, message)
        return redirect(back_url(request, default))
    action = form.cleaned_data["action"]
    try:
        count = actions[action](form.cleaned_data["chosen"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done[action](count))
    return redirect(back_url(request, default))


@require_POST
@role_required(Role.ORGANISER)
def contact_bulk(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = ContactBulkForm(request.POST, organisation=organisation)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    owner = _member(organisation, data.get("owner"))
    actions: dict[str, Callable[[list[int]], int]] = {
        BulkAction.OWNER: lambda ids: bulk.contacts_bulk_set_owner(
            organisation=organisation, contact_ids=ids, owner=_required(owner)
        ),
        BulkAction.TAG: lambda ids: bulk.contacts_bulk_tag(
            organisation=organisation, contact_ids=ids, tag_name=data["tag_name"]
        ),
        BulkAction.KIND: lambda ids: bulk.contacts_bulk_kind(
            organisation=organisation, contact_ids=ids, kind=data["kind"]
        ),
        BulkAction.DELETE: lambda ids: bulk.contacts_bulk_delete(
            organisation=organisation, contact_ids=ids, by=request.user
        ),
    }
    done: dict[str, Callable[[int], str]] = {
        BulkAction.OWNER: lambda n: (
            ngettext(
                "Set the owner of %(count)d contact.", "Set the owner of %(count)d contacts.", n
            )
            % {"count": n}
        ),
        BulkAction.TAG: lambda n: (
            ngettext("Tagged %(count)d contact.", "Tagged %(count)d contacts.", n) % {"count": n}
        ),
        BulkAction.KIND: lambda n: (
            ngettext(
                "Changed the kind of %(count)d contact.",
                "Changed the kind of %(count)d contacts.",
                n,
            )
            % {"count": n}
        ),
        BulkAction.DELETE: lambda n: (
            ngettext("Deleted %(count)d contact.", "Deleted %(count)d contacts.", n) % {"count": n}
        ),
    }
    return _run_bulk(request, form, actions, done, "relationships:contacts")


@require_POST
@role_required(Role.ORGANISER)
def company_bulk(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = CompanyBulkForm(request.POST, organisation=organisation)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    owner = _member(organisation, data.get("owner"))
    actions: dict[str, Callable[[list[int]], int]] = {
        BulkAction.OWNER: lambda ids: bulk.companies_bulk_set_owner(
            organisation=organisation, company_ids=ids, owner=_required(owner)
        ),
        BulkAction.KIND: lambda ids: bulk.companies_bulk_kind(
            organisation=organisation, company_ids=ids, kind=data["kind"]
        ),
        BulkAction.DELETE: lambda ids: bulk.companies_bulk_delete(
            organisation=organisation, company_ids=ids, by=request.user
        ),
    }
    done: dict[str, Callable[[int], str]] = {
        BulkAction.OWNER: lambda n: (
            ngettext(
                "Set the owner of %(count)d company.", "Set the owner of %(count)d companies.", n
            )
            % {"count": n}
        ),
        BulkAction.KIND: lambda n: (
            ngettext(
                "Changed the kind of %(count)d company.",
                "Changed the kind of %(count)d companies.",
                n,
            )
            % {"count": n}
        ),
        BulkAction.DELETE: lambda n: (
            ngettext("Deleted %(count)d company.", "Deleted %(count)d companies.", n) % {"count": n}
        ),
    }
    return _run_bulk(request, form, actions, done, "relationships:companies")


def _member(organisation: Organisation, user_id: int | None) -> User | None:
    if not user_id:
        return None
    return User.objects.filter(pk=user_id, memberships__organisation=organisation).first()


def _required(owner: User | None) -> User:
    if owner is None:
        raise ValidationError(_("Choose a member of this organisation."))
    return owner


@require_GET
@role_required(Role.ORGANISER)
def contact_export(request: MemberRequest) -> HttpResponse:
    """The contacts list as CSV, filtered exactly like the page."""
    organisation = request.organisation
    filters = ContactFilterForm(request.GET, organisation=organisation, user=request.user)
    contacts = contacts_search(organisation=organisation, **filters.search_arguments())
    filename = f"contacts-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    content = contacts_export_csv(contacts=contacts)
    audit_record(
        "contacts_exported",
        organisation=organisation,
        target=filename,
        details={"contacts": contacts.count(), "filter": request.GET.urlencode()},
    )
    return csv_download(content, filename)


@require_GET
@role_required(Role.ORGANISER)
def company_export(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    filters = CompanyFilterForm(request.GET, organisation=organisation, user=request.user)
    companies = companies_search(organisation=organisation, **filters.search_arguments())
    filename = f"companies-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_download(companies_export_csv(companies=companies), filename)
