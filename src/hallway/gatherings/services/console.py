"""The host console during a gathering: starting each breakout round, a latecomer joining
the rooms, a guest leaving early.

The host starts every round by hand (a talk overruns, the first round waits for the late
ones), so the round in progress and when it started are stored on the gathering and the
countdown is computed from them. Rounds up to the current one are "held": nothing here
changes who was in them. A latecomer is added to the current and every remaining round;
someone leaving early is taken out of the remaining rounds, which are planned again
around the held ones (`engine.grouping.plan_groups(held=...)`).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import User
from hallway.engine.grouping import GroupingError, GroupingRules, plan_groups, room_sizes
from hallway.gatherings.models import BreakoutRoom, Gathering, Guest, GuestRole, GuestStatus
from hallway.gatherings.prompts import prompt_key
from hallway.gatherings.services.breakouts import (
    colleagues_history,
    guest_engine_id,
    guest_participant,
)
from hallway.gatherings.services.guests import attendee_source, invitees_by_email
from hallway.messaging.services import messaging_settings_of
from hallway.messaging.video import video_room_url

# A re-plan runs while everybody waits for the next round. The engine's usual budget is
# quick enough (bench/gathering_console.py: about 20 ms for 12 guests, 4 rounds); lower
# it here if larger gatherings ever come near a second.
REPLAN_ITERATIONS = 20_000


@dataclass(frozen=True)
class Countdown:
    """The round in progress and how long it has left (0 once its time is up)."""

    number: int
    ends_at: datetime.datetime
    seconds_left: int

    @property
    def minutes_left(self) -> int:
        """Whole minutes, rounded up: "1 minute left" until the very end."""
        return -(-self.seconds_left // 60)


def round_countdown(*, gathering: Gathering, now: datetime.datetime) -> Countdown | None:
    """The current round's countdown, or None before the host started the first round."""
    if not gathering.current_round or gathering.round_started_at is None:
        return None
    ends_at = gathering.round_started_at + datetime.timedelta(minutes=gathering.round_minutes)
    left = max(int((ends_at - now).total_seconds()), 0)
    return Countdown(number=gathering.current_round, ends_at=ends_at, seconds_left=left)


def _rounds_planned(gathering: Gathering) -> int:
    last = (
        BreakoutRoom.objects.filter(gathering=gathering)
        .order_by("-round_number")
        .values_list("round_number", flat=True)
        .first()
    )
    return last or 0


def _locked(gathering: Gathering) -> Gathering:
    """The gathering, locked: two hosts pressing at once take turns."""
    locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if locked.status != "scheduled":
        raise ValidationError(_("This gathering is cancelled."), code="cancelled")
    return locked


@transaction.atomic
def round_start(
    *,
    gathering: Gathering,
    number: int,
    now: datetime.datetime,
    minutes: int | None = None,
) -> Gathering:
    """Start breakout round `number` now (optionally changing the minutes per round).

    `number` is the next round, or the current one again to restart its clock (a second
    press of the same button changes nothing else). Raises ValidationError when no rounds
    are planned, for a round that was held already or one that skips a round, and for
    minutes outside 2..120; nothing is changed then.
    """
    gathering = _locked(gathering)
    planned = _rounds_planned(gathering)
    if not planned:
        raise ValidationError(_("Plan the breakout rounds first."), code="no_rounds")
    if not 1 <= number <= planned:
        raise ValidationError(
            _("There are %(count)d breakout rounds; round %(number)d is not one of them.")
            % {"count": planned, "number": number},
            code="number",
        )
    if number < gathering.current_round:
        raise ValidationError(
            _("Round %(number)d has been held already.") % {"number": number}, code="held"
        )
    if number > gathering.current_round + 1:
        raise ValidationError(
            _("Start round %(next)d first.") % {"next": gathering.current_round + 1},
            code="skipped",
        )
    if minutes is not None:
        if not 2 <= minutes <= 120:
            raise ValidationError(
                _("A breakout round lasts between 2 and 120 minutes."), code="minutes"
            )
        gathering.round_minutes = minutes
    gathering.current_round = number
    gathering.round_started_at = now
    gathering.save(update_fields=["current_round", "round_started_at", "round_minutes"])
    return gathering


def _rooms_by_round(gathering: Gathering) -> dict[int, list[BreakoutRoom]]:
    rounds: dict[int, list[BreakoutRoom]] = {}
    for room in (
        BreakoutRoom.objects.filter(gathering=gathering)
        .prefetch_related("members")
        .order_by("round_number", "number")
    ):
        rounds.setdefault(room.round_number, []).append(room)
    return rounds


def _met(rounds: dict[int, list[BreakoutRoom]], guest_id: int, skip: int) -> set[int]:
    """Everyone `guest_id` shares a room with in any round but `skip`."""
    met: set[int] = set()
    for number, rooms in rounds.items():
        if number == skip:
            continue
        for room in rooms:
            ids = {member.pk for member in room.members.all()}
            if guest_id in ids:
                met |= ids - {guest_id}
    return met


@dataclass(frozen=True)
class Placement:
    """Where a latecomer went: (round, room number) each round, and whether they meet
    anyone twice."""

    guest: Guest
    rooms: list[tuple[int, int]]
    repeat_free: bool


@transaction.atomic
def guest_arrived_late(*, gathering: Gathering, guest: Guest, now: datetime.datetime) -> Placement:
    """Put a guest who arrives late into the current round (round 1 before the first
    started) and every round after it, and mark them as coming.

    Each round they join a room in which they meet nobody they meet in another round;
    among those, the smallest (so the rooms stay even). Where every room means meeting
    someone twice, the room with the fewest such people. Only rooms at most one larger
    than the smallest are considered, so the rooms never drift apart in size.

    Raises ValidationError when no rounds are planned, all rounds have been held, or the
    guest is already in a room of the current round.
    """
    gathering = _locked(gathering)
    guest = Guest.objects.get(pk=guest.pk, gathering=gathering)
    rounds = _rooms_by_round(gathering)
    if not rounds:
        raise ValidationError(_("Plan the breakout rounds first."), code="no_rounds")
    first = max(gathering.current_round, 1)
    remaining = [number for number in sorted(rounds) if number >= first]
    if not remaining:
        raise ValidationError(_("Every breakout round has been held."), code="over")
    in_first = any(guest.pk in {m.pk for m in room.members.all()} for room in rounds[first])
    if in_first:
        raise ValidationError(
            _("%(name)s is in a room of this round already.") % {"name": guest.name},
            code="placed",
        )
    placed: list[tuple[int, int]] = []
    repeat_free = True
    membership = BreakoutRoom.members.through
    for number in remaining:
        rooms = rounds[number]
        # A left-over plan may hold them in a later round: start that round afresh.
        for room in rooms:
            if guest.pk in {m.pk for m in room.members.all()}:
                room.members.remove(guest)
        rounds = _rooms_by_round(gathering)
        rooms = rounds[number]
        met = _met(rounds, guest.pk, skip=number)
        sizes = {room.pk: room.members.count() for room in rooms}
        smallest = min(sizes.values())
        candidates = [room for room in rooms if sizes[room.pk] <= smallest + 1]

        def cost(room: BreakoutRoom) -> tuple[int, int, int]:
            again = len({m.pk for m in room.members.all()} & met)  # noqa: B023
            return (again, sizes[room.pk], room.number)  # noqa: B023

        chosen = min(candidates, key=cost)
        if cost(chosen)[0]:
            repeat_free = False
        membership.objects.create(breakoutroom_id=chosen.pk, guest_id=guest.pk)
        rounds = _rooms_by_round(gathering)
        placed.append((number, chosen.number))
    if guest.status != GuestStatus.YES:
        guest.status = GuestStatus.YES
        guest.waitlist_position = None
        guest.answered_at = now
        guest.save(update_fields=["status", "waitlist_position", "answered_at"])
    return Placement(guest=guest, rooms=placed, repeat_free=repeat_free)


@transaction.atomic
def latecomer_add(
    *, gathering: Gathering, email: str, by: User | None, now: datetime.datetime
) -> Placement:
    """Someone at the door who is not on the guest list (or is, under this address): make
    them a guest who is coming, then place them as `guest_arrived_late` does.

    No invitation is sent and the capacity is not applied: the host let them in. A
    colleague's directory entry or a contact is reused, else a new attendee contact is
    made, as for invitations. Raises ValidationError for an address that is not one.
    """
    gathering = _locked(gathering)
    address = email.strip().lower()
    if not address:
        raise ValidationError(_("Give the latecomer's email address."), code="email")
    existing = gathering.guests.filter(email__iexact=address).first()
    if existing is None:
        invitees, _made = invitees_by_email(
            gathering=gathering, emails=[address], source=attendee_source(gathering)
        )
        invitee = invitees[0]
        if invitee.person is not None:
            person = invitee.person
            name, language, zone = person.name, person.preferred_language, person.timezone
        else:
            assert invitee.contact is not None
            contact = invitee.contact
            name = contact.name
            language = contact.effective("language") or gathering.language
            zone = contact.effective("timezone") or gathering.organisation.timezone
        existing = Guest.objects.create(
            organisation=gathering.organisation,
            gathering=gathering,
            person=invitee.person,
            contact=invitee.contact,
            name=name,
            email=address,
            language=language,
            timezone=zone,
            role=GuestRole.GUEST,
            status=GuestStatus.YES,
            invited_by=by,
            invited_at=now,
            answered_at=now,
        )
    return guest_arrived_late(gathering=gathering, guest=existing, now=now)


@dataclass(frozen=True)
class Replan:
    """The remaining rounds planned again: how many, and how many pairs meet twice in the
    whole event (0: nobody meets anyone twice)."""

    rounds: int
    total_repeats: int


@transaction.atomic
def guest_left_early(*, gathering: Gathering, guest: Guest, now: datetime.datetime) -> Replan:
    """Take a guest who left out of every round after the current one and plan those
    rounds again for the others, keeping the held rounds (up to the current one) as they
    were, so nobody who already met meets again where that can be avoided.

    Hosts keep a room of their own; a senior guest keeps roaming when there are enough
    rooms. Raises ValidationError when the guest is in no remaining round.
    """
    gathering = _locked(gathering)
    guest = Guest.objects.get(pk=guest.pk, gathering=gathering)
    rounds = _rooms_by_round(gathering)
    held_numbers = [n for n in sorted(rounds) if n <= gathering.current_round]
    later = [n for n in sorted(rounds) if n > gathering.current_round]
    present: dict[int, Guest] = {}
    for number in later:
        for room in rounds[number]:
            for member in room.members.all():
                present[member.pk] = member
    if guest.pk not in present:
        raise ValidationError(
            _("%(name)s is in none of the rounds still to come.") % {"name": guest.name},
            code="absent",
        )
    del present[guest.pk]
    stayed = sorted(present.values(), key=lambda g: g.pk)
    if len(stayed) < 2:
        # Nobody left to meet: the remaining rounds simply lose the guest.
        for number in later:
            for room in rounds[number]:
                room.members.remove(guest)
        return Replan(rounds=len(later), total_repeats=0)

    size = min(max(room.members.count() for room in rounds[later[0]]), len(stayed))
    total = len(rounds)
    held = [
        [[guest_engine_id(m) for m in room.members.all()] for room in rounds[n]]
        for n in held_numbers
    ]
    room_count = len(room_sizes(len(stayed), GroupingRules(rounds=total, size=size)))
    hosts = tuple(guest_engine_id(g) for g in stayed if g.role == GuestRole.HOST)[:room_count]
    roaming = tuple(guest_engine_id(g) for g in stayed if g.role == GuestRole.SENIOR)[:room_count]
    participants = [
        guest_participant(g)
        for g in Guest.objects.filter(pk__in=[g.pk for g in stayed]).select_related(
            "person__team", "person__location"
        )
    ]
    history = colleagues_history(gathering, stayed)
    plan = None
    error = GroupingError("")
    # Roaming needs a new room every round; when the held rounds make that impossible,
    # the senior guest mingles like everyone else rather than the re-plan failing.
    for roam in (roaming, ()) if roaming and total <= room_count else ((),):
        try:
            plan = plan_groups(
                participants,
                rules=GroupingRules(rounds=total, size=size, hosts=hosts, roaming=roam),
                history=history,
                held=held,
                max_iterations=REPLAN_ITERATIONS,
            )
            break
        except GroupingError as exc:
            error = exc
    if plan is None:
        raise ValidationError(
            _("The breakout rooms cannot be planned: %(reason)s") % {"reason": error},
            code="grouping",
        )

    by_id = {guest_engine_id(g): g for g in stayed}
    organisation = gathering.organisation
    preferences = messaging_settings_of(organisation)
    membership = BreakoutRoom.members.through
    BreakoutRoom.objects.filter(gathering=gathering, round_number__in=later).delete()
    links: list[tuple[int, int]] = []
    for number, groups in zip(later, plan.rounds[len(held) :], strict=True):
        for n, group in enumerate(groups, start=1):
            room = BreakoutRoom.objects.create(
                organisation=organisation,
                gathering=gathering,
                round_number=number,
                number=n,
                # The same key gives the same room link as before: guests keep their links.
                video_url=video_room_url(
                    organisation=organisation,
                    meeting_key=f"gathering-{gathering.pk}-round-{number}-room-{n}",
                    preferences=preferences,
                ),
                prompt=prompt_key(gathering=gathering, round_number=number, room_number=n),
            )
            links.extend((room.pk, by_id[pid].pk) for pid in group.members)
    membership.objects.bulk_create(
        membership(breakoutroom_id=room_id, guest_id=guest_id) for room_id, guest_id in links
    )
    return Replan(rounds=len(later), total_repeats=plan.total_repeats)
