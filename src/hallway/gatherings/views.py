"""The gatherings pages: the list, a new gathering, and one gathering with its guests,
invitations, suggested times, breakout rounds, a new time and cancelling.

Every member sees the organisation's gatherings and may host one; a gathering's hosts and
the organisers change it.
"""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import User
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.forms import form_error_texts
from hallway.gatherings.forms import BreakoutForm, GatheringForm, InviteForm, RescheduleForm
from hallway.gatherings.models import Gathering, GuestRole
from hallway.gatherings.selectors.gatherings import (
    breakout_rounds,
    gathering_guests,
    gatherings_listed,
    may_manage,
)
from hallway.gatherings.selectors.series import series_overview
from hallway.gatherings.services.breakouts import breakouts_plan
from hallway.gatherings.services.gatherings import (
    gathering_cancel,
    gathering_create,
    gathering_reschedule,
)
from hallway.gatherings.services.guests import (
    InviteResult,
    attendee_source,
    guests_invite,
    invitees_by_email,
    invitees_from_file,
)
from hallway.gatherings.services.times import gathering_outside_hours, gathering_suggest_times
from hallway.gatherings.texts import default_invitation_text
from hallway.people.forms import add_service_errors
from hallway.people.importing.results import ImportRejected

SUGGESTIONS_SHOWN = 3


def _members(request: MemberRequest):  # type: ignore[no-untyped-def]
    return User.objects.filter(memberships__organisation=request.organisation).order_by(
        "first_name", "email"
    )


@role_required()
def gathering_list(request: MemberRequest) -> HttpResponse:
    now = timezone.now()
    listed = gatherings_listed(organisation=request.organisation)
    context = {
        "upcoming": listed.filter(starts_at__gte=now).order_by("starts_at"),
        "past": listed.filter(starts_at__lt=now).order_by("-starts_at")[:20],
        "all_series": series_overview(organisation=request.organisation, now=now),
    }
    return render(request, "gatherings/list.html", context)


@role_required()
def gathering_new(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    language = request.LANGUAGE_CODE
    initial = {
        "kind": "cocktail",
        "minutes": 60,
        "capacity": 10,
        "hosts": [request.user.pk],
        "invitation_text": default_invitation_text("cocktail", language),
    }
    form = GatheringForm(
        request.POST if request.method == "POST" else None,
        members=_members(request),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gathering = gathering_create(
                organisation=organisation,
                title=data["title"],
                hosts=list(data["hosts"]),
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                capacity=data["capacity"],
                kind=data["kind"],
                topic=data["topic"],
                invitation_text=data["invitation_text"],
                language=language,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Created %(title)s. Now invite your guests.") % {"title": gathering.title},
            )
            return redirect("gatherings:detail", pk=gathering.pk)
    return render(request, "gatherings/form.html", {"form": form})


def gathering_for(request: MemberRequest, pk: int, *, manage: bool = False) -> Gathering:
    gathering = get_scoped_or_404(Gathering, request.organisation, pk=pk)
    if manage and not may_manage(
        user=request.user, role=request.membership.role, gathering=gathering
    ):
        raise PermissionDenied
    return gathering


@role_required()
def gathering_detail(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk)
    manage = may_manage(user=request.user, role=request.membership.role, gathering=gathering)
    upcoming = gathering.starts_at > timezone.now() and gathering.status == "scheduled"
    context = {
        "gathering": gathering,
        "host_names": [host.get_full_name() or host.email for host in gathering.hosts.all()],
        # The guest list (who is invited from the client book) is for hosts and organisers.
        "guests": gathering_guests(gathering=gathering) if manage else [],
        "rounds": breakout_rounds(gathering=gathering),
        "manage": manage,
        "upcoming": upcoming,
        "suggestions": gathering_suggest_times(
            gathering=gathering, now=timezone.now(), count=SUGGESTIONS_SHOWN
        )
        if manage and upcoming
        else [],
        # Who this time hurts: the host sees it before anyone gets a 5 a.m. party.
        "outside_hours": gathering_outside_hours(gathering=gathering)
        if manage and upcoming
        else [],
        "invite_form": InviteForm(),
        "reschedule_form": RescheduleForm(
            initial={"starts_at": timezone.localtime(gathering.starts_at)}
        ),
        "breakout_form": BreakoutForm(),
    }
    return render(request, "gatherings/detail.html", context)


def _invite_all(request: MemberRequest, gathering: Gathering, form: InviteForm) -> InviteResult:
    data = form.cleaned_data
    source = attendee_source(gathering)
    invited = waitlisted = created = 0
    batches = []
    upload = data.get("attendees")
    if upload:
        batches.append(
            invitees_from_file(
                gathering=gathering,
                filename=Path(upload.name).name,
                content=upload.read(),
                actor=request.user,
            )
        )
    if form.email_list():
        batches.append(
            invitees_by_email(gathering=gathering, emails=form.email_list(), source=source)
        )
    for invitees, made in batches:
        result = guests_invite(
            gathering=gathering, invitees=invitees, by=request.user, created_contacts=made
        )
        invited, waitlisted, created = (
            invited + result.invited,
            waitlisted + result.waitlisted,
            created + made,
        )
    if data.get("senior_guest"):
        seniors, made = invitees_by_email(
            gathering=gathering, emails=[data["senior_guest"]], source=source
        )
        result = guests_invite(
            gathering=gathering,
            invitees=seniors,
            by=request.user,
            role=GuestRole.SENIOR,
            senior_text=data.get("senior_text") or None,
        )
        invited, created = invited + result.invited, created + made
    return InviteResult(invited=invited, waitlisted=waitlisted, created_contacts=created)


@require_POST
@role_required()
def gathering_invite(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    form = InviteForm(request.POST, request.FILES)
    if not form.is_valid():
        for text in form_error_texts(form):
            messages.error(request, text)
        return redirect("gatherings:detail", pk=pk)
    try:
        result = _invite_all(request, gathering, form)
    except ImportRejected as rejected:
        for problem in rejected.preview.problems[:20]:
            messages.error(request, f"{problem.location}: {problem.message}")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Invited %(invited)s; %(waitlisted)s on the waitlist; %(created)s new contacts.")
            % {
                "invited": result.invited,
                "waitlisted": result.waitlisted,
                "created": result.created_contacts,
            },
        )
    return redirect("gatherings:detail", pk=pk)


@require_POST
@role_required()
def gathering_reschedule_view(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    form = RescheduleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the new start as a date and a time."))
        gathering_reschedule(gathering=gathering, starts_at=form.cleaned_data["starts_at"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The new time is on its way to every guest with a seat."))
    return redirect("gatherings:detail", pk=pk)


@require_POST
@role_required()
def gathering_cancel_view(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    try:
        gathering_cancel(gathering=gathering)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Cancelled. Every guest is told, and their calendars follow."))
    return redirect("gatherings:detail", pk=pk)


@require_POST
@role_required()
def gathering_breakouts(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    form = BreakoutForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose 1 to 12 rounds and 2 to 10 people per room."))
        plan = breakouts_plan(
            gathering=gathering, rounds=form.cleaned_data["rounds"], size=form.cleaned_data["size"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if plan.repeat_free:
            messages.success(request, _("Planned: nobody meets the same person twice."))
        else:
            messages.warning(request, _("Planned, but with these guests some pairs meet twice."))
    return redirect("gatherings:detail", pk=pk)
