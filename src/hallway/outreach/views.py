"""Outreach's front door: what the signed-in user should do today."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required, scoped
from hallway.outreach.models import OwnerTask
from hallway.outreach.selectors.tasks import approvals_waiting_for, tasks_open_for
from hallway.outreach.services.tasks import owner_task_done
from hallway.outreach.tabs import outreach_tabs


@role_required(Role.MEMBER)
def home(request: MemberRequest) -> HttpResponse:
    organisation, user = request.organisation, request.user
    return render(
        request,
        "outreach/home.html",
        {
            "tabs": outreach_tabs(request, "outreach:home"),
            "tasks": tasks_open_for(organisation=organisation, user=user)[:100],
            "waiting": approvals_waiting_for(organisation=organisation, user=user).count(),
            "today": timezone.localdate(),
        },
    )


@role_required(Role.MEMBER)
@require_POST
def task_done(request: MemberRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(scoped(OwnerTask, request.organisation), pk=pk, owner=request.user)
    owner_task_done(task=task, now=timezone.now(), done=request.POST.get("undo") != "1")
    messages.success(request, _("Task done.") if task.done_at else _("Task opened again."))
    return redirect("outreach:home")
