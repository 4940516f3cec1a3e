"""Touches, orders, notes and personal details: the small htmx forms of the company and
contact pages (each also works as a plain page without JavaScript)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.forms import form_error_texts
from hallway.people.forms import add_service_errors
from hallway.relationships.forms.activity import DetailForm, NoteForm, OrderForm, TouchForm
from hallway.relationships.models import Company, Contact, Detail, Note, TouchSource
from hallway.relationships.selectors.pages import (
    company_contacts,
    company_timeline,
    contact_timeline,
)
from hallway.relationships.selectors.visibility import details_visible_to, notes_visible_to
from hallway.relationships.services.notes import (
    detail_delete,
    detail_mark_asked,
    detail_save,
    note_delete,
    note_save,
)
from hallway.relationships.services.orders import order_record
from hallway.relationships.services.touches import touch_record
from hallway.relationships.views.common import page_url

# Sent with a logged touch so that timelines on the page reload themselves.
TOUCH_LOGGED = "touch-logged"
COMPANY_CONTACT_CHOICES = 200


def _page(request: MemberRequest) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() else 1


def _touch_response(
    request: MemberRequest, form: TouchForm, action: str, subject: Contact | Company, done: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "action": action,
        "subject": subject,
        "subject_url": page_url(subject),
        "done": done,
    }
    if request.htmx:
        response = render(request, "relationships/_log_touch_form.html", context)
        if done:
            response["HX-Trigger"] = TOUCH_LOGGED
        return response
    if done:
        messages.success(request, done)
        return redirect(page_url(subject))
    return render(request, "relationships/log_touch.html", context)


@role_required()
def contact_touch(request: MemberRequest, pk: int) -> HttpResponse:
    """Log a touch with one contact: GET the small form, POST records it."""
    organisation = request.organisation
    contact = get_scoped_or_404(Contact.objects.select_related("company"), organisation, pk=pk)
    action = request.path
    auto_id = f"touch{contact.pk}_%s"
    if request.method != "POST":
        return _touch_response(request, TouchForm(auto_id=auto_id), action, contact)
    form = TouchForm(request.POST, auto_id=auto_id)
    done = ""
    if form.is_valid():
        touch = touch_record(
            organisation=organisation,
            kind=form.cleaned_data["kind"],
            at=form.cleaned_data["at"],
            contacts=[contact],
            by=request.user,
            summary=form.cleaned_data["summary"],
            source=TouchSource.UI,
        )
        done = _("Logged: %(kind)s with %(name)s.") % {
            "kind": touch.get_kind_display(),
            "name": contact.name,
        }
        form = TouchForm(auto_id=auto_id)
    return _touch_response(request, form, action, contact, done)


@role_required()
def company_touch(request: MemberRequest, pk: int) -> HttpResponse:
    """Log a touch with a company, choosing one of its contacts (or none)."""
    organisation = request.organisation
    company = get_scoped_or_404(Company, organisation, pk=pk)
    choices = list(
        company_contacts(company=company).values_list("pk", "name")[:COMPANY_CONTACT_CHOICES]
    )
    auto_id = f"company{company.pk}touch_%s"
    if request.method != "POST":
        return _touch_response(
            request, TouchForm(auto_id=auto_id, contacts=choices), request.path, company
        )
    form = TouchForm(request.POST, auto_id=auto_id, contacts=choices)
    done = ""
    if form.is_valid():
        contact_id = form.cleaned_data.get("contact")
        contacts = (
            list(company_contacts(company=company).filter(pk=contact_id)) if contact_id else []
        )
        touch = touch_record(
            organisation=organisation,
            kind=form.cleaned_data["kind"],
            at=form.cleaned_data["at"],
            contacts=contacts,
            company=company,
            by=request.user,
            summary=form.cleaned_data["summary"],
            source=TouchSource.UI,
        )
        done = _("Logged: %(kind)s with %(name)s.") % {
            "kind": touch.get_kind_display(),
            "name": contacts[0].name if contacts else company.name,
        }
        form = TouchForm(auto_id=auto_id, contacts=choices)
    return _touch_response(request, form, request.path, company, done)


@require_GET
@role_required()
def contact_touches(request: MemberRequest, pk: int) -> HttpResponse:
    """The contact's timeline, one page at a time ("show more", and reloads after a touch)."""
    contact = get_scoped_or_404(Contact, request.organisation, pk=pk)
    context = {
        "timeline": contact_timeline(contact=contact, page=_page(request)),
        "more_url": request.path,
        "first": _page(request) == 1,
    }
    return render(request, "relationships/_timeline.html", context)


@require_GET
@role_required()
def company_touches(request: MemberRequest, pk: int) -> HttpResponse:
    company = get_scoped_or_404(Company, request.organisation, pk=pk)
    context = {
        "timeline": company_timeline(company=company, page=_page(request)),
        "more_url": request.path,
        "first": _page(request) == 1,
        "show_contacts": True,
    }
    return render(request, "relationships/_timeline.html", context)


@require_POST
@role_required()
def company_order(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    company = get_scoped_or_404(Company, organisation, pk=pk)
    form = OrderForm(request.POST)
    if form.is_valid():
        try:
            order = order_record(
                organisation=organisation,
                company=company,
                title=form.cleaned_data["title"],
                at=form.cleaned_data["at"],
                status=form.cleaned_data["status"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added the order “%(title)s”.") % {"title": order.title})
            return redirect("relationships:company", pk=company.pk)
    for message in form_error_texts(form):
        messages.error(request, message)
    return redirect("relationships:company", pk=company.pk)


def _add_note(request: MemberRequest, target: Contact | Company) -> HttpResponse:
    form = NoteForm(request.POST)
    if form.is_valid():
        note_save(
            organisation=request.organisation,
            author=request.user,
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
            contact=target if isinstance(target, Contact) else None,
            company=target if isinstance(target, Company) else None,
        )
        messages.success(request, _("Note saved."))
    else:
        for message in form_error_texts(form):
            messages.error(request, message)
    return redirect(f"{page_url(target)}#notes-heading")


@require_POST
@role_required()
def contact_note_add(request: MemberRequest, pk: int) -> HttpResponse:
    return _add_note(request, get_scoped_or_404(Contact, request.organisation, pk=pk))


@require_POST
@role_required()
def company_note_add(request: MemberRequest, pk: int) -> HttpResponse:
    return _add_note(request, get_scoped_or_404(Company, request.organisation, pk=pk))


def _own_note(request: MemberRequest, pk: int) -> Note:
    # Read through the one place that decides visibility: another's private note is a 404.
    note = get_scoped_or_404(
        notes_visible_to(request.user, request.organisation).select_related("contact", "company"),
        request.organisation,
        pk=pk,
    )
    if note.author_id != request.user.pk:
        raise Http404
    return note


def _note_home(note: Note) -> str:
    subject = note.contact or note.company
    assert subject is not None  # a note is about someone (a database constraint)
    return f"{page_url(subject)}#notes-heading"


@role_required()
def note_edit(request: MemberRequest, pk: int) -> HttpResponse:
    note = _own_note(request, pk)
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        initial={"text": note.text, "visibility": note.visibility},
    )
    if request.method == "POST" and form.is_valid():
        note_save(
            organisation=request.organisation,
            author=request.user,
            text=form.cleaned_data["text"],
            visibility=form.cleaned_data["visibility"],
            note=note,
        )
        messages.success(request, _("Note saved."))
        return redirect(_note_home(note))
    return render(
        request,
        "relationships/note_form.html",
        {"form": form, "note": note, "back": _note_home(note)},
    )


@require_POST
@role_required()
def note_remove(request: MemberRequest, pk: int) -> HttpResponse:
    note = _own_note(request, pk)
    home = _note_home(note)
    note_delete(note=note, by=request.user)
    messages.success(request, _("Note deleted."))
    return redirect(home)


@require_POST
@role_required()
def contact_detail_add(request: MemberRequest, pk: int) -> HttpResponse:
    contact = get_scoped_or_404(Contact, request.organisation, pk=pk)
    form = DetailForm(request.POST)
    if form.is_valid():
        detail_save(
            organisation=request.organisation,
            author=request.user,
            contact=contact,
            **form.cleaned_data,
        )
        messages.success(request, _("Personal detail saved."))
    else:
        for message in form_error_texts(form):
            messages.error(request, message)
    return redirect(f"{page_url(contact)}#details-heading")


def _visible_detail(request: MemberRequest, pk: int) -> Detail:
    return get_scoped_or_404(
        details_visible_to(request.user, request.organisation).select_related("contact"),
        request.organisation,
        pk=pk,
    )


@require_POST
@role_required()
def detail_asked(request: MemberRequest, pk: int) -> HttpResponse:
    detail = _visible_detail(request, pk)
    detail_mark_asked(detail=detail, by=request.user)
    messages.success(request, _("Marked as asked."))
    return redirect(f"{page_url(detail.contact)}#details-heading")


@require_POST
@role_required()
def detail_remove(request: MemberRequest, pk: int) -> HttpResponse:
    detail = _visible_detail(request, pk)
    if detail.author_id != request.user.pk:
        raise Http404
    home = f"{page_url(detail.contact)}#details-heading"
    detail_delete(detail=detail, by=request.user)
    messages.success(request, _("Personal detail deleted."))
    return redirect(home)
