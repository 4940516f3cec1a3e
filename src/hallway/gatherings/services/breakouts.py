"""Breakout rooms of a gathering, planned before the event so everyone meets someone new.

The guests who said yes are split into rooms for each round by the engine
(`engine.grouping.plan_groups`): as few pairs meeting twice as possible, counting the coffee
dates colleagues already had and the rooms of earlier times of a repeated gathering or
series; each host keeps a room of their own, and a senior guest (a speaker) roams, a
different room every round. The plan is stored as `BreakoutRoom` rows, each with a video
room of its own.
"""

import dataclasses
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from scipy.optimize import linear_sum_assignment

from hallway.coffee.interface import engine_participant, organisation_history
from hallway.engine.grouping import GroupingError, GroupingRules, plan_groups, room_sizes
from hallway.engine.model import Participant, PastMeeting
from hallway.gatherings.models import BreakoutRoom, Gathering, Guest, GuestRole, GuestStatus
from hallway.gatherings.prompts import prompt_key
from hallway.messaging.services import messaging_settings_of
from hallway.messaging.video import video_room_url

MAX_ROUNDS = 12
MIN_SIZE = 2
MAX_SIZE = 10
# Renumbering rooms: a roaming guest staying put costs more than any number of revisits.
STAY_COST = 1_000_000


@dataclass(frozen=True)
class BreakoutPlan:
    """The rooms of each round (guests of each room), and whether no pair meets twice."""

    rounds: list[list[list[Guest]]]
    repeat_free: bool


def guest_engine_id(guest: Guest) -> str:
    return f"guest-{guest.pk}"


def guest_participant(guest: Guest) -> Participant:
    # Colleagues bring their team, department and location, so the mix spreads them out.
    if guest.person is not None:
        return dataclasses.replace(engine_participant(guest.person), id=guest_engine_id(guest))
    return Participant(id=guest_engine_id(guest))


def colleagues_history(gathering: Gathering, guests: list[Guest]) -> list[PastMeeting]:
    """The coffee dates guests who are colleagues had with each other, in guest ids."""
    guest_of = {str(g.person_id): guest_engine_id(g) for g in guests if g.person_id is not None}
    if len(guest_of) < 2:
        return []
    meetings = organisation_history(
        organisation=gathering.organisation,
        before=gathering.starts_at.date(),
        person_ids=[int(pid) for pid in guest_of],
    )
    history = []
    for meeting in meetings:
        among = frozenset(guest_of[pid] for pid in meeting.people if pid in guest_of)
        if len(among) >= 2:
            history.append(dataclasses.replace(meeting, people=among))
    return history


def _earlier_rooms(gathering: Gathering, guests: list[Guest]) -> list[PastMeeting]:
    """The breakout rooms of earlier gatherings this one follows (the gatherings it repeats,
    and earlier occurrences of their series) as past meetings of these guests, matched by
    address, so each time's rooms mix people differently from the last."""
    chain, seen = [gathering], {gathering.pk}
    while chain[-1].repeat_of_id is not None and chain[-1].repeat_of_id not in seen:
        earlier = Gathering.objects.filter(pk=chain[-1].repeat_of_id).first()
        if earlier is None:
            break
        chain.append(earlier)
        seen.add(earlier.pk)
    series = {g.series_id for g in chain if g.series_id is not None}
    related = Gathering.objects.filter(
        Q(pk__in=seen - {gathering.pk})
        | Q(series_id__in=series, starts_at__lt=gathering.starts_at),
        organisation_id=gathering.organisation_id,
    ).exclude(pk=gathering.pk)
    guest_of = {g.email.lower(): guest_engine_id(g) for g in guests}
    history = []
    rooms = BreakoutRoom.objects.filter(gathering__in=related).select_related("gathering")
    for room in rooms.prefetch_related("members"):
        among = frozenset(
            guest_of[m.email.lower()] for m in room.members.all() if m.email.lower() in guest_of
        )
        if len(among) >= 2:
            history.append(PastMeeting(people=among, date=room.gathering.starts_at.date()))
    return history


def _within_windows(
    layout: list[list[list[str]]], guests: list[Guest], round_minutes: int
) -> list[list[list[str]]]:
    """A senior guest who joins for part of the time (`joins_after`, `leaves_after`: minutes
    from the start) is only in the rounds that overlap their window, the rounds planned back
    to back from the start, `round_minutes` each. Leaving a room never makes anyone meet
    twice, so the plan stays as repeat-free as it was."""
    away: dict[str, set[int]] = {}
    for guest in guests:
        if guest.role != GuestRole.SENIOR:
            continue
        joins = guest.joins_after or 0
        leaves = guest.leaves_after
        rounds = {
            number
            for number in range(len(layout))
            if number * round_minutes + round_minutes <= joins
            or (leaves is not None and number * round_minutes >= leaves)
        }
        if rounds:
            away[guest_engine_id(guest)] = rounds
    if not away:
        return layout
    result = []
    for number, groups in enumerate(layout):
        rooms = [[pid for pid in room if number not in away.get(pid, ())] for room in groups]
        # Nobody talks alone: someone left on their own joins the smallest other room.
        for room in [room for room in rooms if len(room) == 1 and len(rooms) > 1]:
            rooms.remove(room)
            min(rooms, key=len).extend(room)
        result.append([room for room in rooms if room])
    return result


def _rotate_roaming(
    layout: list[list[list[str]]], roaming: tuple[str, ...], fixed: int
) -> list[list[list[str]]]:
    """Renumber the rooms without a host so each roaming guest changes room every round and
    visits rooms not visited yet first.

    Needed when there are more rounds than rooms: the engine then cannot keep a roaming
    guest out of every room visited before and refuses to pin them. Renumbering never
    changes who meets whom, so the plan stays as repeat-free as the engine made it. Rooms
    with a host keep their number (the host stays put); a roaming guest who meets a host
    twice is a repeat the engine already avoids.
    """
    rooms = len(layout[0])
    free = list(range(fixed, rooms))
    if len(free) < 2:
        return layout
    visits: dict[str, Counter[int]] = {pid: Counter() for pid in roaming}
    last: dict[str, int] = {}
    out: list[list[list[str]]] = []
    for groups in layout:
        cost = np.zeros((len(free), len(free)))
        for i, k in enumerate(free):
            for pid in set(groups[k]) & set(roaming):
                for j, label in enumerate(free):
                    stays = last.get(pid) == label
                    cost[i, j] += (STAY_COST if stays else 0) + visits[pid][label]
        rows, cols = linear_sum_assignment(cost)
        renumbered = list(groups)
        for row, col in zip(rows, cols, strict=True):
            renumbered[free[int(col)]] = groups[free[int(row)]]
        for k, group in enumerate(renumbered):
            for pid in set(group) & set(roaming):
                visits[pid][k] += 1
                last[pid] = k
        out.append(renumbered)
    return out


def _repeat_free(layout: list[list[list[str]]]) -> bool:
    seen: set[frozenset[str]] = set()
    for groups in layout:
        for group in groups:
            for a, b in combinations(group, 2):
                pair = frozenset((a, b))
                if pair in seen:
                    return False
                seen.add(pair)
    return True


def breakouts_plan(*, gathering: Gathering, rounds: int, size: int, seed: int = 0) -> BreakoutPlan:
    """Plan `rounds` rounds of breakout rooms of `size` guests for the guests who said yes
    (hosts and the senior guest included when they did), replacing any earlier plan.

    Rooms differ in size by at most one; with fewer guests than `size`, everyone shares one
    room. Each host keeps one room every round (as many hosts as there are rooms; any
    others mingle like guests). Each senior guest roams: a different room every round,
    never one visited before while there are at least as many rooms as rounds, else never
    the same room two rounds running. Pairs who already met for a coffee date count as
    having met. A senior guest with a window (`joins_after`, `leaves_after`) is only in the
    rounds it overlaps (`_within_windows`).

    Raises ValidationError for fewer than 2 guests who said yes, `rounds` outside 1..12 or
    `size` outside 2..10.
    """
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValidationError(
            _("Plan between 1 and %(max)d breakout rounds.") % {"max": MAX_ROUNDS},
            code="rounds",
        )
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValidationError(
            _("A breakout room holds between %(min)d and %(max)d guests.")
            % {"min": MIN_SIZE, "max": MAX_SIZE},
            code="size",
        )
    guests = list(
        gathering.guests.filter(status=GuestStatus.YES)
        .select_related("person__team", "person__location")
        .order_by("id")
    )
    if len(guests) < 2:
        raise ValidationError(
            _("Breakout rooms need at least two guests who said yes."), code="too_few"
        )
    size = min(size, len(guests))
    room_count = len(room_sizes(len(guests), GroupingRules(rounds=rounds, size=size)))
    hosts = tuple(guest_engine_id(g) for g in guests if g.role == GuestRole.HOST)[:room_count]
    roaming = tuple(guest_engine_id(g) for g in guests if g.role == GuestRole.SENIOR)[:room_count]
    # The engine keeps a roaming guest out of every room visited before, which needs at
    # least as many rooms as rounds; with fewer, the rooms are renumbered afterwards.
    pin_roaming = rounds <= room_count
    try:
        plan = plan_groups(
            [guest_participant(g) for g in guests],
            rules=GroupingRules(
                rounds=rounds, size=size, hosts=hosts, roaming=roaming if pin_roaming else ()
            ),
            history=colleagues_history(gathering, guests) + _earlier_rooms(gathering, guests),
            seed=seed,
        )
    except GroupingError as exc:
        raise ValidationError(
            _("The breakout rooms cannot be planned: %(reason)s") % {"reason": exc},
            code="grouping",
        ) from exc
    layout = [[list(room.members) for room in groups] for groups in plan.rounds]
    if roaming and not pin_roaming:
        layout = _rotate_roaming(layout, roaming, fixed=len(hosts))
    layout = _within_windows(layout, guests, gathering.round_minutes)

    by_id = {guest_engine_id(g): g for g in guests}
    organisation = gathering.organisation
    preferences = messaging_settings_of(organisation)
    membership = BreakoutRoom.members.through
    with transaction.atomic():
        # Two planners at once would each delete, then clash on the room numbers.
        Gathering.objects.select_for_update().filter(pk=gathering.pk).first()
        BreakoutRoom.objects.filter(gathering=gathering).delete()
        links: list[tuple[int, int]] = []
        for r, groups in enumerate(layout, start=1):
            for n, group in enumerate(groups, start=1):
                # No `host`: in personal-link mode every room would get the host's one link.
                room = BreakoutRoom.objects.create(
                    organisation=organisation,
                    gathering=gathering,
                    round_number=r,
                    number=n,
                    video_url=video_room_url(
                        organisation=organisation,
                        meeting_key=f"gathering-{gathering.pk}-round-{r}-room-{n}",
                        preferences=preferences,
                    ),
                    prompt=prompt_key(gathering=gathering, round_number=r, room_number=n),
                )
                links.extend((room.pk, by_id[pid].pk) for pid in group)
        membership.objects.bulk_create(
            membership(breakoutroom_id=room_id, guest_id=guest_id) for room_id, guest_id in links
        )
    return BreakoutPlan(
        rounds=[[[by_id[pid] for pid in group] for group in groups] for groups in layout],
        repeat_free=_repeat_free(layout),
    )
