"""The projects' pages: the list sorted by what needs attention, a new project, changing
one, and a project's page with its roster.

Every member reads; organisers and up create and change.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.timezones import organisation_today
from hallway.core.validators import known_timezones
from hallway.people.forms import add_service_errors
from hallway.projects.forms import OursForm, ProjectForm, TheirsForm, project_initial
from hallway.projects.models import Project, RosterMember
from hallway.projects.models.project import (
    COVERAGE_WEEKS_DEFAULT,
    ONE_ON_ONE_MINUTES_DEFAULT,
    PER_WEEK_DEFAULT,
)
from hallway.projects.selectors.health import project_health, projects_by_attention
from hallway.projects.selectors.roster import roster_by_side
from hallway.projects.services.projects import project_create, project_problems, project_update


def may_organise(request: MemberRequest) -> bool:
    return request.membership.has_role(Role.ORGANISER)


def project_for(request: MemberRequest, pk: int) -> Project:
    return get_scoped_or_404(
        Project.objects.select_related("company", "lead", "sponsor__contact"),
        request.organisation,
        pk=pk,
    )


def today_of(request: MemberRequest) -> datetime.date:
    return organisation_today(request.organisation, timezone.now())


@role_required(Role.MEMBER)
def project_list(request: MemberRequest) -> HttpResponse:
    healths = projects_by_attention(request.organisation, today_of(request))
    return render(
        request,
        "projects/list.html",
        {"healths": healths, "organise": may_organise(request)},
    )


def _form_page(request: MemberRequest, form: ProjectForm, project: Project | None) -> HttpResponse:
    return render(
        request,
        "projects/form.html",
        {"form": form, "project": project, "timezone_names": sorted(known_timezones())},
    )


def _save(request: MemberRequest, form: ProjectForm, project: Project | None) -> Project | None:
    """The project created or changed, or None with every problem on the form."""
    organisation = request.organisation
    if not form.is_valid():
        # The service's rules on what the form could read, so all problems show at once.
        problems = project_problems(
            organisation=organisation, values=form.values(), project=project
        )
        if problems:
            add_service_errors(form, ValidationError(problems))
        return None
    try:
        if project is None:
            return project_create(
                organisation=organisation, values=form.values(), created_by=request.user
            )
        return project_update(
            project=project,
            values=form.values(),
            ends_on_cleared=form.cleaned_data["ends_on"] is None,
            sponsor_cleared=form.cleaned_data["sponsor"] is None,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@role_required(Role.ORGANISER)
def project_new(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    initial = {
        "starts_on": today_of(request),
        "status": "active",
        "lead": request.user.pk,
        "coverage_weeks": COVERAGE_WEEKS_DEFAULT,
        "one_on_ones_per_week": PER_WEEK_DEFAULT,
        "one_on_one_minutes": ONE_ON_ONE_MINUTES_DEFAULT,
    }
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        initial=initial,
    )
    if request.method == "POST":
        project = _save(request, form, None)
        if project is not None:
            messages.success(
                request, _("Created %(name)s. Now add who takes part.") % {"name": project.name}
            )
            return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, None)


@role_required(Role.ORGANISER)
def project_edit(request: MemberRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        organisation=request.organisation,
        project=project,
        initial=project_initial(project),
    )
    if request.method == "POST" and _save(request, form, project) is not None:
        messages.success(request, _("Saved %(name)s.") % {"name": project.name})
        return redirect("projects:detail", pk=project.pk)
    return _form_page(request, form, project)


def detail_page(
    request: MemberRequest,
    project: Project,
    *,
    ours_form: OursForm | None = None,
    theirs_form: TheirsForm | None = None,
) -> HttpResponse:
    organise = may_organise(request)
    context: dict[str, Any] = {
        "project": project,
        "health": project_health(project, today_of(request)),
        "sides": roster_by_side(project, now=timezone.now()),
        "organise": organise,
    }
    if organise:
        context["ours_form"] = ours_form or OursForm(project=project)
        context["theirs_form"] = theirs_form or TheirsForm(project=project)
    status = 400 if (ours_form or theirs_form) is not None else 200
    return render(request, "projects/detail.html", context, status=status)


@role_required(Role.MEMBER)
def project_detail(request: MemberRequest, pk: int) -> HttpResponse:
    return detail_page(request, project_for(request, pk))


def member_for(request: MemberRequest, pk: int) -> RosterMember:
    return get_scoped_or_404(
        RosterMember.objects.select_related("project", "person", "contact"),
        request.organisation,
        pk=pk,
    )
