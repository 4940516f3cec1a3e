"""Directory pages for people: list (with bulk actions), detail, create, edit, delete."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.dates import long_date
from hallway.core.forms import form_error_texts
from hallway.people import services
from hallway.people.forms import (
    BulkAction,
    BulkActionForm,
    PeopleFilterForm,
    PersonForm,
    add_service_errors,
    timezone_names,
)
from hallway.people.hours import working_week
from hallway.people.models import Person
from hallway.people.selectors import (
    direct_reports,
    location_names,
    people_search,
    person_for_detail,
    team_names,
)

PAGE_SIZE = 50
# The columns a row of the list shows (see people/_results.html and _status.html).
LIST_COLUMNS = (
    "name",
    "job_title",
    "timezone",
    "languages",
    "status",
    "paused_until",
    "left_on",
    "team__name",
    "location__name",
)


def can(request: MemberRequest, role: str) -> bool:
    membership = request.membership
    return membership is not None and membership.has_role(role)


def permissions(request: MemberRequest) -> dict[str, bool]:
    """What the viewer may do, so pages hide the buttons they cannot use."""
    return {"can_edit": can(request, Role.ORGANISER), "can_admin": can(request, Role.ADMIN)}


@role_required()
def person_list(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    filters = PeopleFilterForm(request.GET, organisation=organisation)
    people = people_search(organisation=organisation, **filters.search_arguments())
    # Only what a row shows: no interests, no manager, none of the other columns (each
    # JSON, time and date column costs a conversion per row).
    rows = people.prefetch_related(None).select_related(None).select_related("team", "location")
    page = Paginator(rows.only(*LIST_COLUMNS), PAGE_SIZE).get_page(request.GET.get("page"))
    # htmx asks for the results only; restoring history needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "filters": filters,
        "page": page,
        "total": page.paginator.count,
        "bulk_form": BulkActionForm(),
        "partial": partial,
        # The export link carries the same filters, without the page number.
        "export_query": filters.export_query(),
        **permissions(request),
    }
    response = render(request, "people/_results.html" if partial else "people/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required()
def person_detail(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    person = get_scoped_or_404(person_for_detail(organisation=organisation), organisation, pk=pk)
    week = working_week(
        timezone_name=person.timezone,
        work_start=person.work_start,
        work_end=person.work_end,
        working_days=person.working_days,
        viewer_timezone_name=request.viewer_timezone,
        today=timezone.localdate(),
    )
    context = {
        "person": person,
        "interests": person.interests.all(),
        "reports": direct_reports(person=person),
        "week": week,
        "same_zone": person.timezone == request.viewer_timezone,
        **permissions(request),
    }
    return render(request, "people/detail.html", context)


def _person_form_page(request: MemberRequest, person: Person | None) -> HttpResponse:
    organisation = request.organisation
    initial = PersonForm.initial_for(person) if person else PersonForm.initial_for_new(organisation)
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        person=person,
        initial=initial,
    )
    if request.method == "POST":
        form_valid = form.is_valid()
        # The service checks what the form could read even when the form found problems,
        # so that every problem shows at once, not one kind per submit. It writes nothing.
        try:
            prepared = services.person_prepare(
                organisation=organisation, data=form.person_data(), person=person
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            prepared = None
        if form_valid and prepared is not None:
            saved = services.person_save(organisation=organisation, prepared=prepared)
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("people:detail", pk=saved.pk)
    context = {
        "form": form,
        "person": person,
        # The form may have changed the unsaved instance; headings show the stored name.
        "title_name": initial.get("name", ""),
        "team_names": team_names(organisation=organisation),
        "location_names": location_names(organisation=organisation),
        "timezone_names": timezone_names(),
    }
    return render(request, "people/form.html", context)


@role_required(Role.ORGANISER)
def person_create(request: MemberRequest) -> HttpResponse:
    return _person_form_page(request, None)


@role_required(Role.ORGANISER)
def person_edit(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    person = get_scoped_or_404(person_for_detail(organisation=organisation), organisation, pk=pk)
    return _person_form_page(request, person)


@role_required(Role.ADMIN)
def person_delete(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    person = get_scoped_or_404(Person, organisation, pk=pk)
    if request.method == "POST":
        name = person.name
        services.person_delete(person=person)
        messages.success(request, _("Deleted %(name)s from the directory.") % {"name": name})
        return redirect("people:list")
    context = {"person": person, "reports_count": direct_reports(person=person).count()}
    return render(request, "people/confirm_delete.html", context)


def _list_url(request: HttpRequest) -> str:
    """Back to the list the action came from, filters and page included."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("people:list")


def _bulk_message(action: str, count: int, form: BulkActionForm) -> str:
    data = form.cleaned_data
    if action == BulkAction.TAG:
        return ngettext(
            "Added the interest “%(tag)s” to %(count)d person.",
            "Added the interest “%(tag)s” to %(count)d people.",
            count,
        ) % {"tag": " ".join(data["tag_name"].split()), "count": count}
    if action == BulkAction.PAUSE:
        return ngettext(
            "Paused %(count)d person until %(date)s.",
            "Paused %(count)d people until %(date)s.",
            count,
        ) % {"count": count, "date": long_date(data["paused_until"])}
    if action == BulkAction.LEAVE:
        return ngettext(
            "Marked %(count)d person as left on %(date)s.",
            "Marked %(count)d people as left on %(date)s.",
            count,
        ) % {"count": count, "date": long_date(data["left_on"])}
    return ngettext(
        "Set %(count)d person active again.", "Set %(count)d people active again.", count
    ) % {"count": count}


@require_POST
@role_required(Role.ORGANISER)
def person_bulk(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        for message in form_error_texts(form):
            messages.error(request, message)
        return redirect(_list_url(request))
    action = form.cleaned_data["action"]
    ids = form.cleaned_data["ids"]
    try:
        if action == BulkAction.TAG:
            count = services.people_bulk_tag(
                organisation=organisation, person_ids=ids, tag_name=form.cleaned_data["tag_name"]
            )
        elif action == BulkAction.PAUSE:
            count = services.people_bulk_pause(
                organisation=organisation,
                person_ids=ids,
                until=form.cleaned_data["paused_until"],
                today=timezone.localdate(),
            )
        elif action == BulkAction.LEAVE:
            count = services.people_bulk_mark_left(
                organisation=organisation, person_ids=ids, left_on=form.cleaned_data["left_on"]
            )
        else:
            count = services.people_bulk_reactivate(organisation=organisation, person_ids=ids)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _bulk_message(action, count, form))
    return redirect(_list_url(request))
