"""The pages of a project's meeting rhythm: its series (every member reads them), a new one
and its changes, its end, whether each meeting took place and the note after a check-in
(organisers and above)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.people.forms import add_service_errors
from hallway.projects.models import MeetingSeries, Project, SeriesKind
from hallway.projects.openers import opener_of_week
from hallway.projects.selectors.series import (
    SeriesRow,
    cadence_kept,
    open_blockers,
    past_meetings,
    series_row,
    series_rows,
)
from hallway.projects.series_forms import (
    EndForm,
    HeldForm,
    NoteForm,
    SeriesForm,
    series_initial,
)
from hallway.projects.services.series import (
    series_create,
    series_end,
    series_language,
    series_update,
    series_zone,
)
from hallway.projects.services.series_meetings import checkin_note_add, meeting_held_record


def _skipped(row: SeriesRow) -> list[dict[str, object]]:
    language = get_language() or "en"
    return [{"on": day.on, "why": day.why(language)} for day in row.skipped]


def _may_manage(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ORGANISER)


@role_required(Role.MEMBER)
def series_list(request: MemberRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(Project, request.organisation, pk=pk)
    now = timezone.now()
    rows = series_rows(project=project, now=now)
    return render(
        request,
        "projects/series_list.html",
        {
            "project": project,
            "rows": [{"row": row, "skipped": _skipped(row)} for row in rows],
            "kept": cadence_kept(project=project, today=timezone.localdate()),
            "blockers": open_blockers(project=project),
            "may_manage": _may_manage(request),
        },
    )


def _form_page(
    request: MemberRequest, form: SeriesForm, project: Project, series: MeetingSeries | None
) -> HttpResponse:
    return render(
        request,
        "projects/series_form.html",
        {"form": form, "project": project, "series": series},
    )


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def series_new(request: MemberRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(Project, request.organisation, pk=pk)
    form = SeriesForm(
        request.POST or None,
        project=project,
        initial=series_initial(None, today=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            series = series_create(
                project=project, values=form.to_values(), by=request.user, now=timezone.now()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Created %(name)s; the invitations are on their way.") % {"name": series.name},
            )
            return redirect("projects:series", pk=series.pk)
    return _form_page(request, form, project, None)


@role_required(Role.ORGANISER)
@require_http_methods(["GET", "POST"])
def series_edit(request: MemberRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries, request.organisation, pk=pk)
    form = SeriesForm(
        request.POST or None,
        project=series.project,
        initial=series_initial(series, today=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            series = series_update(
                series=series, values=form.to_values(), by=request.user, now=timezone.now()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved; everyone gets the updated series."))
            return redirect("projects:series", pk=series.pk)
    return _form_page(request, form, series.project, series)


@role_required(Role.MEMBER)
def series_detail(request: MemberRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries, request.organisation, pk=pk)
    now = timezone.now()
    row = series_row(series, now)
    manage = _may_manage(request)
    # The opener the agenda of the next meeting will lead with, in the meeting's language.
    language = series_language(series)
    opener = (
        opener_of_week(language, row.next_start.date(), salt=series.pk)
        if row.next_start is not None
        else ""
    )
    return render(
        request,
        "projects/series_detail.html",
        {
            "project": series.project,
            "series": series,
            "row": row,
            "zone": series_zone(series),
            "skipped": _skipped(row),
            "opener": opener,
            "opener_language": language,
            "past": past_meetings(series=series, today=timezone.localdate()),
            "may_manage": manage,
            "takes_notes": manage and series.kind == SeriesKind.CHECK_IN,
            "end_form": EndForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@role_required(Role.ORGANISER)
@require_POST
def series_end_view(request: MemberRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries, request.organisation, pk=pk)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the series."))
        return redirect("projects:series", pk=series.pk)
    try:
        series_end(
            series=series, on=form.cleaned_data["ended_on"], by=request.user, now=timezone.now()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The series ends; everyone's calendar is updated."))
    return redirect("projects:series", pk=series.pk)


@role_required(Role.ORGANISER)
@require_POST
def series_held(request: MemberRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries, request.organisation, pk=pk)
    form = HeldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the meeting took place."))
        return redirect("projects:series", pk=series.pk)
    try:
        meeting_held_record(
            series=series,
            on=form.cleaned_data["on"],
            held=form.cleaned_data["held"],
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect("projects:series", pk=series.pk)


@role_required(Role.ORGANISER)
@require_POST
def series_note(request: MemberRequest, pk: int) -> HttpResponse:
    series = get_scoped_or_404(MeetingSeries, request.organisation, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what you want to remember."))
        return redirect("projects:series", pk=series.pk)
    try:
        checkin_note_add(
            series=series,
            on=form.cleaned_data["on"],
            text=form.cleaned_data["text"],
            author=request.user,
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Your private note is saved with the sponsor, and the meeting as held.")
        )
    return redirect("projects:series", pk=series.pk)
