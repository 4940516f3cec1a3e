"""The kickoff page (for organisers) and "tell us about yourself" (behind a signed link)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.links import InvalidLink
from hallway.accounts.models import Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.core.validators import known_timezones
from hallway.people.forms import add_service_errors
from hallway.projects.card_links import about_member
from hallway.projects.kickoff_forms import OTHER, AboutYouForm, KickoffForm
from hallway.projects.models import Project, RosterMember
from hallway.projects.selectors.kickoff import kickoff_state
from hallway.projects.selectors.roster import member_participant, member_zone
from hallway.projects.services.kickoff import (
    MINUTES_MAX,
    MINUTES_MIN,
    kickoff_default_agenda,
    kickoff_proposal,
    kickoff_schedule,
)
from hallway.projects.services.welcome import member_about_update


@role_required(Role.ORGANISER)
def kickoff(request: MemberRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(
        Project.objects.select_related("company"), request.organisation, pk=pk
    )
    now = timezone.now()
    minutes = project.kickoff_minutes
    if request.method == "POST" and str(request.POST.get("minutes", "")).isdigit():
        # Only to rank the times; the form refuses a length outside the bounds.
        minutes = min(max(int(request.POST["minutes"]), MINUTES_MIN), MINUTES_MAX)
    proposal = kickoff_proposal(project=project, now=now, minutes=minutes)
    zone = timezone.get_current_timezone_name()
    initial = {
        "start": proposal.best.start.isoformat() if proposal.best else OTHER,
        "minutes": project.kickoff_minutes,
        "agenda": project.kickoff_agenda,
    }
    form = KickoffForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        options=proposal.options,
        zone=zone,
    )
    if request.method == "POST" and form.is_valid():
        start = form.chosen_start()
        try:
            if start is None:
                raise ValidationError({"start": [_("Choose a time for the kickoff.")]})
            kickoff_schedule(
                project=project,
                start=start,
                minutes=form.cleaned_data["minutes"],
                agenda=form.cleaned_data["agenda"] or "",
                now=now,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The kickoff invitations are on their way."))
            return redirect("projects:kickoff", pk=project.pk)
    state = kickoff_state(project=project)
    chosen = form["start"].value() if form.is_bound else initial["start"]
    return render(
        request,
        "projects/kickoff.html",
        {
            "project": project,
            "proposal": proposal,
            "form": form,
            "chosen": chosen,
            "other": OTHER,
            "members": state.members,
            "answered": state.answered,
            "waiting": state.waiting,
            "scheduled_pays": state.scheduled_pays,
            "default_agenda": kickoff_default_agenda(translation.get_language() or "en"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def about_you(request: HttpRequest, language: str, token: str) -> HttpResponse:
    """The member's own answers, open to change through the same link."""
    with translation.override(_language(language)):
        if request.method not in ("GET", "POST"):
            return HttpResponse(status=405)
        try:
            link = about_member(token)
        except InvalidLink as exc:
            problem = exc.problem.value
            return render(
                request,
                "messaging/link_invalid.html",
                {"problem": problem},
                status=410 if problem == "expired" else 404,
            )
        member = link.member
        here = reverse("projects:about_you", kwargs={"language": language, "token": token})
        form = _about_form(request, member)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data.get("photo")
            try:
                member_about_update(
                    # A copy: a refused change must not linger on the member the page shows.
                    member=RosterMember.objects.get(pk=member.pk),
                    values=form.values(),
                    now=timezone.now(),
                    photo=upload or None,
                    photo_size=upload.size if upload else None,
                    remove_photo=bool(form.cleaned_data.get("remove_photo")),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you: your answers are saved."))
                return redirect(here)
        hours = member_participant(member, member.organisation)
        start, end = hours.work_start, hours.work_end
        return render(
            request,
            "projects/about_you.html",
            {
                "member": member,
                "project": link.project,
                "form": form,
                "timezones": sorted(known_timezones()),
                "current_zone": member_zone(member, member.organisation),
                "current_start": start,
                "current_end": end,
            },
            status=400 if form.is_bound and form.errors else 200,
        )


def _about_form(request: HttpRequest, member: RosterMember) -> AboutYouForm:
    has_photo = bool(member.photo)
    if request.method == "POST":
        return AboutYouForm(request.POST, request.FILES, has_photo=has_photo)
    return AboutYouForm(
        initial={
            "ask_me_about": member.ask_me_about,
            "timezone": member.timezone,
            "work_start": member.work_start,
            "work_end": member.work_end,
        },
        has_photo=has_photo,
    )
