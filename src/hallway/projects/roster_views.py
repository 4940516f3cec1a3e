"""The roster's pages: adding someone on either side, changing their role, taking them off.

Organisers only. Someone added after the start is onboarded as the first were (see
`services.roster`); someone taken off has their planned 1:1s cancelled.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required
from hallway.people.forms import add_service_errors
from hallway.projects.forms import OursForm, RoleForm, TheirsForm
from hallway.projects.models import Side
from hallway.projects.services.roster import roster_add, roster_remove, roster_update
from hallway.projects.views import detail_page, member_for, project_for, today_of


@require_POST
@role_required(Role.ORGANISER)
def roster_member_add(request: MemberRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    ours = request.POST.get("which") == "ours"
    form: OursForm | TheirsForm = (
        OursForm(request.POST, project=project)
        if ours
        else TheirsForm(request.POST, project=project)
    )
    valid = form.is_valid()
    if valid:
        try:
            member = roster_add(
                project=project,
                side=Side.OURS if ours else form.cleaned_data["side"],
                person=form.cleaned_data["person"] if isinstance(form, OursForm) else None,
                contact=form.chosen_contact() if isinstance(form, TheirsForm) else None,
                values=form.role_values(),
                joined_on=today_of(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is on the project now.") % {"name": member.name},
            )
            return redirect("projects:detail", pk=project.pk)
    if isinstance(form, OursForm):
        return detail_page(request, project, ours_form=form)
    return detail_page(request, project, theirs_form=form)


@role_required(Role.ORGANISER)
def roster_member_edit(request: MemberRequest, pk: int) -> HttpResponse:
    member = member_for(request, pk)
    initial = {
        "role": member.role,
        "responsibilities": member.responsibilities,
        "key_counterpart": member.key_counterpart,
        "sub_project": member.sub_project,
    }
    form = RoleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            roster_update(member=member, values=form.role_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved %(name)s's role.") % {"name": member.name})
            return redirect("projects:detail", pk=member.project_id)
    return render(
        request,
        "projects/roster_edit.html",
        {"member": member, "project": member.project, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(Role.ORGANISER)
def roster_member_remove(request: MemberRequest, pk: int) -> HttpResponse:
    member = member_for(request, pk)
    if request.method == "POST":
        project_pk, name = member.project_id, member.name
        roster_remove(member=member)
        messages.success(
            request,
            _("%(name)s is off the project; their planned 1:1s are cancelled.") % {"name": name},
        )
        return redirect("projects:detail", pk=project_pk)
    return render(
        request, "projects/roster_remove.html", {"member": member, "project": member.project}
    )
