"""The "schedule a call" page of a contact, and cancelling a scheduled call.

Any member may schedule a call with a contact of the organisation; the signed-in user takes
it (and reads the brief). A POST without a time takes the first one proposed: the one-click
"schedule a call" of other pages (the reach-out queue) is a form with a button alone. A call is cancelled by whoever takes it, whoever scheduled it, or
an organiser.
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required, scoped
from hallway.relationships.call_forms import CallForm
from hallway.relationships.models import Contact, ScheduledCall
from hallway.relationships.selectors.brief import brief_for
from hallway.relationships.selectors.calls import call_slots, calls_upcoming, contact_side
from hallway.relationships.services.calls import call_cancel, call_schedule


@role_required()
def call_schedule_page(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    contact = get_scoped_or_404(
        scoped(Contact, organisation).select_related("company"), organisation, pk=pk
    )
    now = timezone.now()
    slots = call_slots(organisation=organisation, contact=contact, owner=request.user, now=now)
    side = contact_side(organisation=organisation, contact=contact)
    data = request.POST if request.method == "POST" else None
    form = CallForm(data, slots=slots, contact_timezone=side.timezone)
    if request.method == "POST" and form.is_valid():
        try:
            call_schedule(
                organisation=organisation,
                contact=contact,
                owner=request.user,
                start=form.cleaned_data["start"],
                by=request.user,
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request,
                _("The invitations are on their way to %(name)s and to you.")
                % {"name": contact.name},
            )
            return redirect(reverse("relationships:call_schedule", args=[contact.pk]))
    day = (
        slots[0].start.astimezone(ZoneInfo(side.timezone)).date()
        if slots
        else datetime.datetime.now(ZoneInfo(side.timezone)).date()
    )
    brief = brief_for(owner=request.user, contact=contact, organisation=organisation, today=day)
    calls = [
        (call, _may_cancel(request, call))
        for call in calls_upcoming(organisation=organisation, contact=contact, now=now)
    ]
    context = {
        "contact": contact,
        "contact_timezone": side.timezone,
        "form": form,
        "slots": slots,
        "brief": brief.as_context(),
        "calls": calls,
        "now": now,
    }
    return render(request, "relationships/call_schedule.html", context)


def _may_cancel(request: MemberRequest, call: ScheduledCall) -> bool:
    user_id = request.user.pk
    return (
        call.owner_id == user_id
        or call.scheduled_by_id == user_id
        or request.membership.has_role(Role.ORGANISER)
    )


@require_POST
@role_required()
def call_cancel_action(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    call = get_scoped_or_404(ScheduledCall, organisation, pk=pk)
    if not _may_cancel(request, call):
        raise Http404
    try:
        call_cancel(call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The call is cancelled; both sides are told."))
    return redirect(reverse("relationships:call_schedule", args=[call.contact_id]))
