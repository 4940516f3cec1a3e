"""Pages for rhythms: "Reach out today" (the signed-in user's queue, with one-click actions)
and "Quiet clients" (the organisation's companies that have gone quiet)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.forms import form_error_texts
from hallway.core.timezones import organisation_today
from hallway.relationships.models import Company, Contact, TouchKind
from hallway.relationships.queue_forms import DismissForm, QueueTouchForm
from hallway.relationships.selectors.queue import quiet_companies, reach_out_queue
from hallway.relationships.selectors.visibility import details_visible_to
from hallway.relationships.services.queue import SNOOZE_DAYS, detail_mark_asked, queue_item_dismiss
from hallway.relationships.services.touches import touch_record
from hallway.relationships.views.common import permissions

# Each queue item carries its own forms: a page of them is what one works through at a sitting.
QUEUE_PAGE_SIZE = 25
QUIET_PAGE_SIZE = 50


def _today(request: MemberRequest) -> datetime.date:
    return organisation_today(request.organisation, timezone.now())


def _back_to_queue(request: MemberRequest) -> HttpResponseRedirect:
    """Back to the queue page the action came from (the list is paged)."""
    page = request.POST.get("page", "")
    url = reverse("relationships:queue")
    return HttpResponseRedirect(f"{url}?page={page}" if page.isdigit() and page != "1" else url)


@role_required()
def queue(request: MemberRequest) -> HttpResponse:
    items = reach_out_queue(
        user=request.user, organisation=request.organisation, today=_today(request)
    )
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": page.object_list,
        "total": len(items),
        "touch_kinds": TouchKind.choices,
        "snooze_days": SNOOZE_DAYS,
        "relationships_tab": "queue",
        **permissions(request),
    }
    return render(request, "relationships/queue.html", context)


@role_required()
def quiet(request: MemberRequest) -> HttpResponse:
    companies = quiet_companies(organisation=request.organisation, today=_today(request))
    page = Paginator(companies, QUIET_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "companies": page.object_list,
        "total": len(companies),
        "relationships_tab": "quiet",
        **permissions(request),
    }
    return render(request, "relationships/quiet.html", context)


@require_POST
@role_required()
def queue_touch(request: MemberRequest) -> HttpResponse:
    """Log a touch from the queue (a contact's or a company's), by the signed-in user."""
    form = QueueTouchForm(request.POST)
    if not form.is_valid():
        for text in form_error_texts(form):
            messages.error(request, text)
        return _back_to_queue(request)
    organisation = request.organisation
    data = form.cleaned_data
    contacts, company = [], None
    if data["contact"]:
        contacts = [get_scoped_or_404(Contact, organisation, pk=data["contact"])]
    else:
        company = get_scoped_or_404(Company, organisation, pk=data["company"])
    now = timezone.now()
    try:
        touch_record(
            organisation=organisation,
            kind=data["kind"],
            at=now,
            contacts=contacts,
            company=company,
            by=request.user,
            summary=data["summary"],
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return _back_to_queue(request)
    if data["detail"]:
        detail = get_scoped_or_404(
            details_visible_to(request.user, organisation), organisation, pk=data["detail"]
        )
        detail_mark_asked(detail=detail, at=now)
    name = contacts[0].name if contacts else company.name if company else ""
    messages.success(request, _("Touch with %(name)s logged.") % {"name": name})
    return _back_to_queue(request)


@require_POST
@role_required()
def queue_dismiss(request: MemberRequest) -> HttpResponse:
    """Snooze a queue item for a day, a week or a month, or mark it done."""
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            queue_item_dismiss(
                user=request.user,
                organisation=request.organisation,
                key=form.cleaned_data["key"],
                today=_today(request),
                snooze_days=form.cleaned_data["snooze_days"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            if form.cleaned_data["snooze_days"]:
                messages.success(request, _("Snoozed."))
            else:
                messages.success(request, _("Marked as done."))
    else:
        for text in form_error_texts(form):
            messages.error(request, text)
    return _back_to_queue(request)
