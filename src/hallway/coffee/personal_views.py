"""A person's coffee page: the same page behind a signed link (no login) and for logged-in
users ("My coffee"). Opening it changes nothing; each form POSTs one change."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hallway.accounts.http import MemberRequest
from hallway.accounts.links import InvalidLink
from hallway.accounts.tenancy import role_required
from hallway.coffee.links import PERSONAL
from hallway.coffee.models import Program
from hallway.coffee.personal_forms import ParticipationForm, ProfileForm
from hallway.coffee.selectors.personal import coffee_profile_of, personal_programs
from hallway.coffee.services.participation import (
    coffee_profile_update,
    participation_join,
    participation_leave,
    participation_of,
    participation_update,
)
from hallway.core.timezones import organisation_today
from hallway.messaging.links import link_read
from hallway.people.models import Person


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _today(person: Person) -> Any:
    return timezone.localdate(timezone=_zone(person))


def _zone(person: Person) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(person.timezone)


def _program(person: Person, pk: str) -> Program:
    program = Program.objects.filter(
        pk=int(pk) if str(pk).isdigit() else 0,
        organisation_id=person.organisation_id,
        archived_at__isnull=True,
    ).first()
    if program is None:
        raise Http404
    return program


def _act(request: HttpRequest, person: Person) -> tuple[str, dict[str, Any]]:
    """Perform the POSTed change; returns a success message, or raises ValidationError.
    The second value holds bound forms to show again with their errors."""
    action = request.POST.get("action", "")
    now = timezone.now()
    if action in ("join", "leave", "participation", "resume"):
        program = _program(person, request.POST.get("program", ""))
        if action == "join":
            participation_join(program=program, person=person, now=now)
            return _("You take part in %(program)s.") % {"program": program.name}, {}
        if action == "leave":
            participation_leave(program=program, person=person, now=now)
            return _("You left %(program)s.") % {"program": program.name}, {}
        if action == "resume":
            participation_update(
                participation=participation_of(program=program, person=person, now=now),
                paused_until=None,
            )
            return _("Welcome back to %(program)s.") % {"program": program.name}, {}
        participation_form = ParticipationForm(request.POST, prefix=f"p{program.pk}")
        if not participation_form.is_valid():
            return "", {f"p{program.pk}": participation_form}
        participation = participation_of(program=program, person=person, now=now)
        try:
            participation_update(
                participation=participation,
                frequency=participation_form.cleaned_data["frequency"],
                paused_until=participation_form.cleaned_data["paused_until"],
                today=organisation_today(person.organisation, now),
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                participation_form.add_error(
                    field if field in participation_form.fields else None, problems
                )
            return "", {f"p{program.pk}": participation_form}
        return _("Saved your choices for %(program)s.") % {"program": program.name}, {}
    if action == "profile":
        profile = coffee_profile_of(person)
        blocked = list(profile.blocked.all()) if profile else []
        form = ProfileForm(request.POST, blocked_ids=[p.pk for p in blocked])
        if not form.is_valid():
            return "", {"profile": form}
        removed = set(form.cleaned_data["unblock"])
        keep = [p for p in blocked if p.pk not in removed]
        email = form.cleaned_data["block_email"]
        if email:
            other = Person.objects.filter(
                organisation_id=person.organisation_id, email__iexact=email
            ).first()
            if other is None:
                form.add_error("block_email", _("Nobody with this address is in the directory."))
                return "", {"profile": form}
            keep.append(other)
        try:
            coffee_profile_update(person=person, ask_me_about=form.topics(), blocked=keep)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                target = "ask_me_about" if field == "ask_me_about" else "block_email"
                for problem in problems:
                    form.add_error(target, problem)
            return "", {"profile": form}
        return _("Saved your profile."), {}
    raise Http404


def _page(request: HttpRequest, person: Person, *, layout: str, here: str) -> HttpResponse:
    bound: dict[str, Any] = {}
    if request.method == "POST":
        try:
            done, bound = _act(request, person)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(here)
        if done:
            messages.success(request, done)
            return redirect(here)
    today = _today(person)
    entries = personal_programs(person=person, today=today)
    profile = coffee_profile_of(person)
    blocked = list(profile.blocked.all()) if profile else []
    programs = []
    for entry in entries:
        key = f"p{entry.program.pk}"
        initial = {
            "frequency": entry.participation.frequency if entry.participation else "every_round",
            "paused_until": entry.participation.paused_until if entry.participation else None,
        }
        programs.append(
            {
                "entry": entry,
                "form": bound.get(key) or ParticipationForm(initial=initial, prefix=key),
            }
        )
    profile_form = bound.get("profile") or ProfileForm(
        initial={"ask_me_about": ", ".join(profile.ask_me_about if profile else [])},
        blocked_ids=[p.pk for p in blocked],
    )
    return render(
        request,
        "coffee/personal.html",
        {
            "layout": layout,
            "person": person,
            "programs": programs,
            "profile_form": profile_form,
            "blocked": blocked,
            "here": here,
            "public": layout != "base.html",
        },
        status=400 if bound else 200,
    )


def personal_link(request: HttpRequest, language: str, token: str) -> HttpResponse:
    """The page behind the signed link in every coffee message."""
    with translation.override(_language(language)):
        if request.method not in ("GET", "POST"):
            return HttpResponse(status=405)
        try:
            link = link_read(purpose=PERSONAL.name, token=token)
        except InvalidLink as exc:
            return render(
                request,
                "messaging/link_invalid.html",
                {"problem": exc.problem.value},
                status=410 if exc.problem.value == "expired" else 400,
            )
        person = (
            None
            if link.person_id is None
            else Person.objects.filter(
                pk=link.person_id, organisation_id=link.organisation_id
            ).first()
        )
        if person is None:
            return render(
                request,
                "messaging/link_invalid.html",
                {"problem": "gone", "detail": _("This person is no longer in the directory.")},
                status=410,
            )
        here = reverse("coffee:personal_link", kwargs={"language": language, "token": token})
        return _page(request, person, layout="coffee/_public.html", here=here)


@role_required()
def my_coffee(request: MemberRequest) -> HttpResponse:
    """ "My coffee" for a user whose person is in the current organisation's directory."""
    person = Person.objects.filter(
        organisation=request.organisation,
        user=request.user,
    ).first()
    if person is None:
        return render(request, "coffee/personal_missing.html")
    return _page(request, person, layout="base.html", here=reverse("coffee:my_coffee"))
