"""Outreach's front door: what the signed-in user should do today."""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import role_required, scoped
from hallway.core.dates import medium_date
from hallway.outreach.models import OwnerTask
from hallway.outreach.selectors.tasks import (
    approvals_waiting_for,
    tasks_done_recently_for,
    tasks_open_for,
)
from hallway.outreach.services.tasks import SNOOZE_DAYS, owner_task_done, owner_task_snooze
from hallway.outreach.tabs import outreach_tabs

# Tasks done this recently stay on the page, to be opened again after a slip of the finger.
DONE_SHOWN = datetime.timedelta(days=7)


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
            "done": tasks_done_recently_for(
                organisation=organisation, user=user, since=timezone.now() - DONE_SHOWN
            )[:20],
            "today": timezone.localdate(),
            "snooze_days": SNOOZE_DAYS,
        },
    )


@role_required(Role.MEMBER)
@require_POST
def task_done(request: MemberRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(scoped(OwnerTask, request.organisation), pk=pk, owner=request.user)
    owner_task_done(task=task, now=timezone.now(), done=request.POST.get("undo") != "1")
    messages.success(request, _("Task done.") if task.done_at else _("Task opened again."))
    return redirect("outreach:home")


@role_required(Role.MEMBER)
@require_POST
def task_snooze(request: MemberRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        scoped(OwnerTask, request.organisation), pk=pk, owner=request.user, done_at=None
    )
    days = request.POST.get("days", "")
    if not days.isdigit() or int(days) not in SNOOZE_DAYS:
        return HttpResponse(status=400)
    owner_task_snooze(task=task, days=int(days), today=timezone.localdate())
    messages.success(request, _("Task moved to %(date)s.") % {"date": medium_date(task.due_on)})
    return redirect("outreach:home")
