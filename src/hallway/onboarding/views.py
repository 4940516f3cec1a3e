"""Onboarding pages: new hires' progress (organisers: all; managers: their own new hires),
one track, the template editor and the buddy volunteers."""

import datetime
from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.charts import csv_response
from hallway.core.forms import form_error_texts
from hallway.core.timezones import organisation_today
from hallway.onboarding.charts import progress_chart
from hallway.onboarding.forms import (
    BuddyChoiceForm,
    BuddyEditForm,
    BuddyForm,
    StepForm,
    StepFormSet,
    TemplateForm,
)
from hallway.onboarding.models import BuddyVolunteer, OnboardingTrack, StepKind
from hallway.onboarding.selectors import (
    STATUS_LABELS,
    STATUSES,
    UNFILLED,
    buddy_room,
    buddy_volunteers,
    onboarding_progress,
    tracks_for_progress,
    tracks_visible_to,
)
from hallway.onboarding.services import planning as services
from hallway.onboarding.services import setup as setup
from hallway.people.forms import add_service_errors
from hallway.people.models import Person


def _is_organiser(request: MemberRequest) -> bool:
    membership = request.membership
    return membership is not None and membership.has_role(Role.ORGANISER)


def _visible(request: MemberRequest) -> QuerySet[OnboardingTrack]:
    return tracks_visible_to(
        organisation=request.organisation,
        membership=request.membership,
        user=request.user,
    )


def _today(request: MemberRequest) -> datetime.date:
    return organisation_today(request.organisation, timezone.now())


@role_required()
def onboarding_overview(request: MemberRequest) -> HttpResponse:
    """Organisers see every track; anyone else the tracks of the people who report to them
    and their own."""
    organisation = request.organisation
    organiser = _is_organiser(request)
    tracks = _visible(request)
    today = _today(request)
    progress = onboarding_progress(tracks=tracks, organisation=organisation, today=today)
    context = {
        "progress": progress,
        # The new hires the viewer is buddy for, with what comes next, above everyone's table.
        "buddy_of": [
            entry
            for entry in progress
            if entry.track.buddy is not None
            and entry.track.buddy.user_id == request.user.pk
            and entry.track.completed_at is None
        ],
        "organiser": organiser,
        "template": setup.onboarding_template_of(organisation),
        "volunteer_count": buddy_volunteers(organisation=organisation).filter(active=True).count()
        if organiser
        else 0,
        "statuses": [(status, STATUS_LABELS[status]) for status in STATUSES],
        "chart": replace(
            progress_chart(organisation=organisation, today=today),
            csv_url=reverse("onboarding:progress_csv"),
        )
        if organiser
        else None,
    }
    return render(request, "onboarding/overview.html", context)


@role_required(Role.ORGANISER)
def onboarding_progress_csv(request: MemberRequest) -> HttpResponse:
    """The numbers behind the progress chart, as CSV."""
    chart = progress_chart(organisation=request.organisation, today=_today(request))
    return csv_response(chart.table, "onboarding")


@role_required()
def onboarding_track(request: MemberRequest, pk: int) -> HttpResponse:
    track = get_scoped_or_404(_visible(request), request.organisation, pk=pk)
    return _track_page(request, track)


def _track_page(
    request: MemberRequest, track: OnboardingTrack, choice: BuddyChoiceForm | None = None
) -> HttpResponse:
    """A track; for organisers, when its buddy step found nobody, the way to choose one by
    hand, with how the buddies stand."""
    organisation = request.organisation
    today = _today(request)
    [progress] = onboarding_progress(tracks=[track], organisation=organisation, today=today)
    organiser = _is_organiser(request)
    context: dict[str, object] = {"entry": progress, "organiser": organiser}
    gap = next(
        (s for s in progress.steps if s.status == UNFILLED and s.kind == StepKind.BUDDY), None
    )
    if organiser and gap is not None:
        room = buddy_room(
            organisation=organisation,
            load=services.buddy_load(organisation=organisation, today=today),
        )
        context.update(
            buddy_gap=gap,
            buddy_room=room,
            choice_form=choice or BuddyChoiceForm(room=room),
        )
    return render(request, "onboarding/track.html", context, status=400 if choice else 200)


@require_POST
@role_required(Role.ORGANISER)
def onboarding_buddy_choose(request: MemberRequest, pk: int) -> HttpResponse:
    """An organiser chooses the buddy the engine could not find."""
    organisation = request.organisation
    track = get_scoped_or_404(tracks_for_progress(organisation=organisation), organisation, pk=pk)
    room = buddy_room(
        organisation=organisation,
        load=services.buddy_load(organisation=organisation, today=_today(request)),
    )
    form = BuddyChoiceForm(request.POST, room=room)
    if not form.is_valid():
        return _track_page(request, track, form)
    buddy = get_scoped_or_404(Person, organisation, pk=form.cleaned_data["buddy"])
    try:
        services.onboarding_buddy_choose(track=track, buddy=buddy, now=timezone.now())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _track_page(request, track, form)
    messages.success(
        request,
        _("%(buddy)s is the buddy of %(name)s now.")
        % {"buddy": buddy.name, "name": track.person.name},
    )
    return redirect("onboarding:track", pk=track.pk)


@require_POST
@role_required(Role.ORGANISER)
def onboarding_track_fill(request: MemberRequest, pk: int) -> HttpResponse:
    """Look again for the meetings nobody was found for."""
    organisation = request.organisation
    track = get_scoped_or_404(OnboardingTrack, organisation, pk=pk)
    before = len(track.unfilled)
    track = services.onboarding_track_fill(track=track, now=timezone.now())
    found = before - len(track.unfilled)
    if found:
        messages.success(
            request,
            ngettext(
                "Found someone for %(count)d more meeting.",
                "Found someone for %(count)d more meetings.",
                found,
            )
            % {"count": found},
        )
    else:
        messages.warning(request, _("Still nobody found: the reasons are next to each meeting."))
    return redirect("onboarding:track", pk=track.pk)


@require_POST
@role_required(Role.ORGANISER)
def onboarding_plan(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    tracks = services.onboarding_plan_due(organisation=organisation, now=timezone.now())
    if tracks:
        messages.success(
            request,
            ngettext(
                "Planned the first weeks of %(count)d new hire.",
                "Planned the first weeks of %(count)d new hires.",
                len(tracks),
            )
            % {"count": len(tracks)},
        )
    else:
        messages.info(request, _("Every new hire who starts soon has a track already."))
    return redirect("onboarding:overview")


@role_required(Role.ORGANISER)
def onboarding_template(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    template = setup.onboarding_template_of(organisation)
    if template is None:
        if request.method == "POST":
            setup.onboarding_template_default(organisation=organisation)
            messages.success(request, _("Onboarding is set up with the usual five weeks."))
            return redirect("onboarding:template")
        return render(request, "onboarding/template.html", {"template": None})
    steps = {
        step.pk: step
        for step in template.steps.prefetch_related("qualifying_teams", "qualifying_tags")
    }
    post = request.POST if request.method == "POST" else None
    form = TemplateForm(post, initial=TemplateForm.initial_for(template))
    formset = StepFormSet(
        post,
        initial=[StepForm.initial_for(step) for step in steps.values()],
        form_kwargs={"organisation": organisation},
        prefix="steps",
    )
    if post is not None and form.is_valid() and formset.is_valid():
        setup.onboarding_template_save(
            template=template,
            name=form.cleaned_data["name"],
            active=form.cleaned_data["active"],
            plan_days_ahead=form.cleaned_data["plan_days_ahead"],
            steps=formset.changes(steps),
        )
        messages.success(request, _("Saved the onboarding template."))
        return redirect("onboarding:template")
    return render(
        request,
        "onboarding/template.html",
        {"template": template, "form": form, "formset": formset},
    )


@role_required(Role.ORGANISER)
def buddy_list(request: MemberRequest) -> HttpResponse:
    organisation = request.organisation
    form = BuddyForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        volunteer = setup.buddy_volunteer_save(
            organisation=organisation,
            person=form.cleaned_data["person"],
            capacity=form.cleaned_data["capacity"],
        )
        messages.success(request, _("%(name)s is a buddy now.") % {"name": volunteer.person.name})
        return redirect("onboarding:buddies")
    load = services.buddy_load(organisation=organisation, today=_today(request))
    volunteers = [
        (volunteer, load.get(volunteer.person_id, 0))
        for volunteer in buddy_volunteers(organisation=organisation)
    ]
    return render(request, "onboarding/buddies.html", {"form": form, "volunteers": volunteers})


@require_POST
@role_required(Role.ORGANISER)
def buddy_edit(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    volunteer = get_scoped_or_404(
        BuddyVolunteer.objects.select_related("person"), organisation, pk=pk
    )
    form = BuddyEditForm(request.POST)
    if form.is_valid():
        setup.buddy_volunteer_save(
            organisation=organisation,
            person=volunteer.person,
            capacity=form.cleaned_data["capacity"],
            active=form.cleaned_data["active"],
        )
        messages.success(request, _("Saved %(name)s.") % {"name": volunteer.person.name})
    else:
        for message in form_error_texts(form):
            messages.error(request, message)
    return redirect("onboarding:buddies")


@require_POST
@role_required(Role.ORGANISER)
def buddy_remove(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    volunteer = get_scoped_or_404(
        BuddyVolunteer.objects.select_related("person"), organisation, pk=pk
    )
    name = volunteer.person.name
    setup.buddy_volunteer_remove(volunteer=volunteer)
    messages.success(request, _("%(name)s is no longer a buddy.") % {"name": name})
    return redirect("onboarding:buddies")
