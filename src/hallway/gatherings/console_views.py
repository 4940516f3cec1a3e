"""The host console during a gathering: the round in progress with its countdown, every
room's link and members, the next round, starting a round, a latecomer, a guest leaving
early. For the gathering's hosts and the organisers only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hallway.accounts.http import MemberRequest
from hallway.accounts.tenancy import role_required
from hallway.gatherings.models import SEATED, Gathering, Guest
from hallway.gatherings.selectors.gatherings import breakout_rounds
from hallway.gatherings.services.console import (
    Placement,
    guest_arrived_late,
    guest_left_early,
    latecomer_add,
    round_countdown,
    round_start,
)
from hallway.gatherings.views import gathering_for

# How often the countdown asks the server again (it shows whole minutes).
POLL_SECONDS = 15


@role_required()
def gathering_console(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    now = timezone.now()
    countdown = round_countdown(gathering=gathering, now=now)
    context: dict[str, object] = {
        "gathering": gathering,
        "countdown": countdown,
        "poll_seconds": POLL_SECONDS,
    }
    if request.htmx and request.GET.get("part") == "timer":
        return render(request, "gatherings/_console_timer.html", context)
    rounds = breakout_rounds(gathering=gathering)
    current = gathering.current_round
    now_round = next((r for r in rounds if r.number == current), None)
    next_round = next((r for r in rounds if r.number == current + 1), None)
    remaining = [r for r in rounds if r.number >= max(current, 1)]
    placed = {m.pk for r in remaining for room in r.rooms for m in room.members.all()}
    coming_later = {
        m.pk for r in rounds if r.number > current for room in r.rooms for m in room.members.all()
    }
    guests = list(gathering.guests.order_by("name"))
    context |= {
        "rounds": rounds,
        "now_round": now_round,
        "next_round": next_round,
        "next_number": current + 1 if current < len(rounds) else None,
        # Who may still arrive: answered yes or maybe, or never answered, and not in a room.
        "latecomers": [g for g in guests if g.status in SEATED and g.pk not in placed],
        "leavers": [g for g in guests if g.pk in coming_later],
    }
    return render(request, "gatherings/console.html", context)


def _console(pk: int) -> HttpResponse:
    return redirect("gatherings:console", pk=pk)


def _errors(request: MemberRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _guest(gathering: Gathering, value: str | None) -> Guest:
    if not (value or "").isdigit():
        raise ValidationError(_("Choose a guest."))
    return get_object_or_404(Guest, gathering=gathering, pk=int(value or 0))


@require_POST
@role_required()
def console_round_start(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    number, minutes = request.POST.get("number", ""), request.POST.get("minutes", "")
    try:
        if not number.isdigit() or (minutes and not minutes.isdigit()):
            raise ValidationError(_("Give the round and its minutes as whole numbers."))
        round_start(
            gathering=gathering,
            number=int(number),
            now=timezone.now(),
            minutes=int(minutes) if minutes else None,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Round %(number)s has started.") % {"number": number})
    return _console(pk)


def _placed(request: MemberRequest, placement: Placement) -> None:
    rooms = ", ".join(
        _("round %(round)s room %(room)s") % {"round": r, "room": n} for r, n in placement.rooms
    )
    text = _("%(name)s joins %(rooms)s.") % {"name": placement.guest.name, "rooms": rooms}
    if placement.repeat_free:
        messages.success(request, text)
    else:
        messages.warning(
            request, text + " " + _("Some of them meet again: no room was new to them.")
        )


@require_POST
@role_required()
def console_latecomer(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    email = request.POST.get("email", "").strip()
    try:
        if email:
            placement = latecomer_add(
                gathering=gathering, email=email, by=request.user, now=timezone.now()
            )
        else:
            guest = _guest(gathering, request.POST.get("guest"))
            placement = guest_arrived_late(gathering=gathering, guest=guest, now=timezone.now())
    except ValidationError as exc:
        _errors(request, exc)
    else:
        _placed(request, placement)
    return _console(pk)


@require_POST
@role_required()
def console_left_early(request: MemberRequest, pk: int) -> HttpResponse:
    gathering = gathering_for(request, pk, manage=True)
    try:
        guest = _guest(gathering, request.POST.get("guest"))
        replan = guest_left_early(gathering=gathering, guest=guest, now=timezone.now())
    except ValidationError as exc:
        _errors(request, exc)
    else:
        text = _("%(name)s has left; the rounds still to come are planned again.") % {
            "name": guest.name
        }
        if replan.total_repeats:
            messages.warning(request, text + " " + _("Some pairs meet twice."))
        else:
            messages.success(request, text)
    return _console(pk)
