"""The 1:1 coverage matrix: who of ours has met whom of theirs, planning the missing 1:1s
(a preview first, then the invitations) and the lead's word on a pair.

Every member reads the matrix; organisers plan and record.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required, scoped
from hallway.people.forms import add_service_errors
from hallway.projects.forms import RECORD_CHOICES, PlanForm, RecordForm
from hallway.projects.models import Project, RosterMember
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.services.one_on_ones import one_on_one_record, one_on_ones_plan, reason_text
from hallway.projects.views import may_organise, project_for, today_of


def _plan_form(project: Project, data: Any = None) -> PlanForm:
    return PlanForm(
        data,
        initial={"weeks": project.coverage_weeks, "per_week": project.one_on_ones_per_week},
    )


def _coverage_page(
    request: MemberRequest, project: Project, plan_form: PlanForm | None = None
) -> HttpResponse:
    coverage = project_coverage(project=project)
    return render(
        request,
        "projects/coverage.html",
        {
            "project": project,
            "coverage": coverage,
            "rows": coverage.rows(),
            "today": today_of(request),
            "organise": may_organise(request),
            "plan_form": plan_form or _plan_form(project),
            "record_choices": RECORD_CHOICES,
        },
        status=400 if plan_form is not None else 200,
    )


@role_required(Role.MEMBER)
def coverage(request: MemberRequest, pk: int) -> HttpResponse:
    return _coverage_page(request, project_for(request, pk))


@require_POST
@role_required(Role.ORGANISER)
def coverage_plan(request: MemberRequest, pk: int) -> HttpResponse:
    """Without `send`, a dry run: what would be planned, and which pairs cannot be and why.
    With it, the 1:1s are stored and the invitations go out."""
    project = project_for(request, pk)
    form = _plan_form(project, request.POST)
    if not form.is_valid():
        return _coverage_page(request, project, form)
    send = "send" in request.POST
    try:
        result = one_on_ones_plan(
            project=project,
            weeks=form.cleaned_data["weeks"],
            per_week=form.cleaned_data["per_week"],
            now=timezone.now(),
            dry_run=not send,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _coverage_page(request, project, form)
    if send:
        messages.success(
            request,
            ngettext(
                "Planned %(count)d 1:1 and sent the invitations.",
                "Planned %(count)d 1:1s and sent the invitations.",
                len(result.meetings),
            )
            % {"count": len(result.meetings)},
        )
        return redirect("projects:coverage", pk=project.pk)
    return render(
        request,
        "projects/plan_preview.html",
        {
            "project": project,
            "form": form,
            "meetings": result.meetings,
            "unplannable": [
                {"pair": item, "reason": reason_text(item.reason)} for item in result.unplannable
            ],
        },
    )


@require_POST
@role_required(Role.ORGANISER)
def coverage_record(request: MemberRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    form = RecordForm(request.POST)
    members = scoped(RosterMember, request.organisation).filter(project=project)
    ours = theirs = None
    if form.is_valid():
        ours = members.filter(pk=form.cleaned_data["ours"]).first()
        theirs = members.filter(pk=form.cleaned_data["theirs"]).first()
    if ours is None or theirs is None:
        messages.error(request, _("Choose one of ours and one of theirs on this project."))
        return redirect("projects:coverage", pk=project.pk)
    try:
        one_on_one_record(
            project=project,
            ours=ours,
            theirs=theirs,
            status=form.cleaned_data["status"],
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Saved: %(ours)s and %(theirs)s.") % {"ours": ours.name, "theirs": theirs.name},
        )
    return redirect(
        reverse("projects:coverage", kwargs={"pk": project.pk}) + f"#pair-{ours.pk}-{theirs.pk}"
    )
