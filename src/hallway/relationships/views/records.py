"""Company and contact pages: what Hallway knows of them, and their forms."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.people.forms import add_service_errors, timezone_names
from hallway.people.hours import working_week
from hallway.relationships.forms.activity import DetailForm, NoteForm, OrderForm
from hallway.relationships.forms.records import CompanyForm, ContactForm
from hallway.relationships.models import Company, Contact
from hallway.relationships.selectors.lists import contact_tag_names
from hallway.relationships.selectors.pages import (
    company_contacts,
    company_for_page,
    company_orders,
    company_timeline,
    contact_for_page,
    contact_timeline,
    days_since,
)
from hallway.relationships.selectors.visibility import details_visible_to, notes_visible_to
from hallway.relationships.services import bulk
from hallway.relationships.services.records import company_save, contact_save
from hallway.relationships.views.common import permissions

CONTACTS_SHOWN = 100
ORDERS_SHOWN = 20
RHYTHM_BASES = {
    "orders": gettext_lazy("the gaps between its orders"),
    "touches": gettext_lazy("the gaps between its touches"),
    "prior": gettext_lazy("a starting guess (little history yet)"),
}


def _week(request: MemberRequest, obj: Contact | Company) -> list[Any]:
    getter = obj.effective if isinstance(obj, Contact) else lambda name: getattr(obj, name)
    zone = getter("timezone") or request.organisation.timezone
    start, end, days = getter("work_start"), getter("work_end"), getter("working_days")
    if start is None or end is None or not days:
        return []
    return working_week(
        timezone_name=zone,
        work_start=start,
        work_end=end,
        working_days=days,
        viewer_timezone_name=request.viewer_timezone,
        today=timezone.localdate(),
    )


@role_required()
def contact_detail(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    contact = get_scoped_or_404(contact_for_page(organisation=organisation), organisation, pk=pk)
    zone = contact.effective("timezone") or organisation.timezone
    context = {
        "contact": contact,
        "zone": zone,
        "zone_inherited": not contact.timezone,
        "week": _week(request, contact),
        "hours_inherited": contact.work_start is None and contact.company_id is not None,
        "same_zone": zone == request.viewer_timezone,
        "timeline": contact_timeline(contact=contact),
        "timeline_url": reverse("relationships:contact_touches", kwargs={"pk": contact.pk}),
        "details": details_visible_to(request.user, organisation)
        .filter(contact=contact)
        .select_related("author"),
        "notes": notes_visible_to(request.user, organisation)
        .filter(contact=contact)
        .select_related("author"),
        "note_form": NoteForm(),
        "detail_form": DetailForm(),
        "today": timezone.localdate(),
        "days_since_touch": days_since(
            timezone.localtime(contact.last_touch_at) if contact.last_touch_at else None,
            timezone.localdate(),
        ),
        # The data subject's export is for organisers and the contact's own owners.
        "can_export": request.membership.has_role(Role.ORGANISER)
        or contact.owners.filter(pk=request.user.pk).exists(),
        **permissions(request),
    }
    return render(request, "relationships/contact.html", context)


@role_required()
def company_detail(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    company = get_scoped_or_404(company_for_page(organisation=organisation), organisation, pk=pk)
    today = timezone.localdate()
    contacts = company_contacts(company=company)
    context = {
        "company": company,
        "contacts": contacts[:CONTACTS_SHOWN],
        "contacts_total": contacts.count(),
        "orders": company_orders(company=company)[:ORDERS_SHOWN],
        "order_form": OrderForm(),
        "timeline": company_timeline(company=company),
        "timeline_url": reverse("relationships:company_touches", kwargs={"pk": company.pk}),
        "usual_gap": round(company.usual_gap_days) if company.usual_gap_days is not None else None,
        "notes": notes_visible_to(request.user, organisation)
        .filter(company=company)
        .select_related("author"),
        "note_form": NoteForm(),
        "week": _week(request, company),
        "zone": company.timezone or organisation.timezone,
        "same_zone": (company.timezone or organisation.timezone) == request.viewer_timezone,
        "rhythm_basis": RHYTHM_BASES.get(company.rhythm_basis, company.rhythm_basis),
        "days_since_touch": days_since(
            timezone.localtime(company.last_touch_at) if company.last_touch_at else None, today
        ),
        "days_since_order": days_since(company.last_order_on, today),
        **permissions(request),
    }
    return render(request, "relationships/company.html", context)


def _form_page(
    request: MemberRequest,
    form: CompanyForm | ContactForm,
    save: Any,
    page: str,
) -> HttpResponse | None:
    """Validate and save on POST; None means: show the form (again)."""
    if request.method != "POST":
        return None
    if not form.is_valid():
        return None
    data = form.company_data() if isinstance(form, CompanyForm) else form.contact_data()
    try:
        saved = save(data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
    return redirect(page, pk=saved.pk)


def _company_form(request: MemberRequest, company: Company | None) -> HttpResponse:
    organisation = request.organisation
    initial = CompanyForm.initial_for(company) if company else {"kind": "client"}
    form = CompanyForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    done = _form_page(
        request,
        form,
        lambda data: company_save(organisation=organisation, data=data, company=company),
        "relationships:company",
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "company": company,
        "title_name": initial.get("name", ""),
        "timezone_names": timezone_names(),
        "relationships_tab": "companies",
    }
    return render(request, "relationships/company_form.html", context)


def _contact_form(request: MemberRequest, contact: Contact | None) -> HttpResponse:
    organisation = request.organisation
    if contact:
        initial = ContactForm.initial_for(contact)
    else:
        initial = {"kind": "client", "owners": [request.user.pk]}
        company_id = request.GET.get("company", "")
        if company_id.isdigit():
            initial["company"] = int(company_id)
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    done = _form_page(
        request,
        form,
        lambda data: contact_save(organisation=organisation, data=data, contact=contact),
        "relationships:contact",
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "contact": contact,
        "title_name": initial.get("name", ""),
        "timezone_names": timezone_names(),
        "tag_names": contact_tag_names(organisation=organisation),
        "relationships_tab": "contacts",
    }
    return render(request, "relationships/contact_form.html", context)


@role_required()
def company_create(request: MemberRequest) -> HttpResponse:
    return _company_form(request, None)


@role_required()
def company_edit(request: MemberRequest, pk: int) -> HttpResponse:
    company = get_scoped_or_404(Company, request.organisation, pk=pk)
    return _company_form(request, company)


@role_required()
def contact_create(request: MemberRequest) -> HttpResponse:
    return _contact_form(request, None)


@role_required()
def contact_edit(request: MemberRequest, pk: int) -> HttpResponse:
    contact = get_scoped_or_404(Contact, request.organisation, pk=pk)
    return _contact_form(request, contact)


@role_required(Role.ORGANISER)
def company_delete(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    company = get_scoped_or_404(Company, organisation, pk=pk)
    if request.method == "POST":
        bulk.companies_bulk_delete(organisation=organisation, company_ids=[pk], by=request.user)
        messages.success(request, _("Deleted %(name)s.") % {"name": company.name})
        return redirect("relationships:companies")
    context = {
        "object": company,
        "cancel": company,
        "contacts_count": company_contacts(company=company).count(),
        "relationships_tab": "companies",
    }
    return render(request, "relationships/confirm_delete.html", context)


@role_required(Role.ORGANISER)
def contact_delete(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    contact = get_scoped_or_404(Contact, organisation, pk=pk)
    if request.method == "POST":
        bulk.contacts_bulk_delete(organisation=organisation, contact_ids=[pk], by=request.user)
        messages.success(request, _("Deleted %(name)s.") % {"name": contact.name})
        return redirect("relationships:contacts")
    context = {"object": contact, "relationships_tab": "contacts"}
    return render(request, "relationships/confirm_delete.html", context)
