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
from hallway.coffee.models import PairingMember, Program
from hallway.coffee.personal_forms import (
    FeedbackForm,
    ParticipationForm,
    ProfileForm,
    WorkingHoursForm,
)
from hallway.coffee.selectors.personal import (
    MATCHES_MAX,
    MATCHES_STEP,
    coffee_profile_of,
    introduced_member,
    past_matches,
    personal_programs,
)
from hallway.coffee.services.feedback import feedback_record
from hallway.coffee.services.participation import (
    coffee_profile_update,
    participation_join,
    participation_leave,
    participation_of,
    participation_update,
)
from hallway.core.timezones import organisation_today
from hallway.messaging.links import link_read
from hallway.people.forms import add_service_errors
from hallway.people.models import Person
from hallway.people.services import person_update


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
        today = organisation_today(person.organisation, now)
        participation_form = ParticipationForm(request.POST, prefix=f"p{program.pk}", today=today)
        if not participation_form.is_valid():
            return "", {f"p{program.pk}": participation_form}
        participation = participation_of(program=program, person=person, now=now)
        try:
            participation_update(
                participation=participation,
                frequency=participation_form.cleaned_data["frequency"],
                paused_until=participation_form.cleaned_data["paused_until"],
                today=today,
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
        form = ProfileForm(request.POST, person=person, blocked_ids=[p.pk for p in blocked])
        if not form.is_valid():
            return "", {"profile": form}
        removed = set(form.cleaned_data["unblock"])
        keep = [p for p in blocked if p.pk not in removed]
        if form.cleaned_data["block_email"] is not None:
            keep.append(form.cleaned_data["block_email"])
        try:
            coffee_profile_update(person=person, ask_me_about=form.topics(), blocked=keep)
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                target = "ask_me_about" if field == "ask_me_about" else "block_email"
                for problem in problems:
                    form.add_error(target, problem)
            return "", {"profile": form}
        return _("Saved your profile."), {}
    if action == "feedback":
        return _feedback(request, person)
    if action == "hours":
        return _working_hours(request, person)
    raise Http404


def _feedback(request: HttpRequest, person: Person) -> tuple[str, dict[str, Any]]:
    """Answer "did you meet?" for one of the person's matches, as the email's links do."""
    pairing_id = request.POST.get("pairing", "")
    try:
        member = introduced_member(
            person=person,
            pairing_id=int(pairing_id) if pairing_id.isdigit() else 0,
            today=_today(person),
        )
    except PairingMember.DoesNotExist:
        raise Http404 from None
    key = f"f{member.pairing_id}"
    form = FeedbackForm(request.POST, auto_id=f"{key}_%s")
    if not form.is_valid():
        return "", {key: form}
    try:
        feedback_record(
            member=member,
            outcome=form.cleaned_data["outcome"],
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            now=timezone.now(),
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return "", {key: form}
    return _("Thank you: your answer is saved."), {}


def _working_hours(request: HttpRequest, person: Person) -> tuple[str, dict[str, Any]]:
    form = WorkingHoursForm(request.POST, person=person, prefix="hours")
    if not form.is_valid():
        return "", {"hours": form}
    try:
        # A copy: a refused change must not linger on the person the page shows.
        person_update(person=Person.objects.get(pk=person.pk), data=form.person_data())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return "", {"hours": form}
    return _("Saved your working hours."), {}


def _matches(request: HttpRequest, person: Person, bound: dict[str, Any]) -> dict[str, Any]:
    """The past matches to show, each with its feedback form; how many there are, how many
    are shown and how many "Show more" shows (0: all are shown)."""
    raw = request.GET.get("matches", "")
    limit = min(max(int(raw), MATCHES_STEP), MATCHES_MAX) if raw.isdigit() else MATCHES_STEP
    matches, total = past_matches(person=person, today=_today(person), limit=limit)
    rows = []
    for match in matches:
        form = bound.get(f"f{match.pairing.pk}")
        if form is None and match.may_answer:
            form = FeedbackForm(
                initial={"pairing": match.pairing.pk}, auto_id=f"f{match.pairing.pk}_%s"
            )
        rating = form.data.get("rating", "") if form is not None and form.is_bound else ""
        rows.append(
            {
                "match": match,
                "form": form,
                "current_rating": int(rating) if str(rating).isdigit() else None,
            }
        )
    return {
        "matches": rows,
        "matches_total": total,
        "matches_limit": limit,
        "matches_more": min(limit + MATCHES_STEP, MATCHES_MAX) if total > limit else 0,
    }


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
    hours_form = bound.get("hours") or WorkingHoursForm(
        initial=WorkingHoursForm.initial_for(person), person=person, prefix="hours"
    )
    profile_form = bound.get("profile") or ProfileForm(
        initial={"ask_me_about": ", ".join(profile.ask_me_about if profile else [])},
        person=person,
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
            **_matches(request, person, bound),
            "hours_form": hours_form,
            "ratings": range(1, 6),
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
