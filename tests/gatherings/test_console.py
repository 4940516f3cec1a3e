"""The host console's services: starting rounds and the countdown, a latecomer joining the
smallest rooms without meeting anyone twice, a guest leaving early (the remaining rounds
planned again in well under a second)."""

import datetime as dt
import time
from itertools import combinations

import pytest
from django.core.exceptions import ValidationError

from hallway.gatherings.models import BreakoutRoom, Guest, GuestStatus
from hallway.gatherings.services.breakouts import breakouts_plan
from hallway.gatherings.services.console import (
    guest_arrived_late,
    guest_left_early,
    latecomer_add,
    round_countdown,
    round_start,
)
from tests.gatherings.test_breakouts import STARTS, add_guest, party

NOW = STARTS + dt.timedelta(minutes=10)


def layout(gathering) -> dict[int, list[set[int]]]:
    rounds: dict[int, list[set[int]]] = {}
    for room in BreakoutRoom.objects.filter(gathering=gathering).order_by("round_number", "number"):
        rounds.setdefault(room.round_number, []).append(
            set(room.members.values_list("pk", flat=True))
        )
    return rounds


def repeats(rounds) -> int:
    seen: set[frozenset[int]] = set()
    again = 0
    for groups in rounds.values():
        for group in groups:
            for pair in combinations(sorted(group), 2):
                again += frozenset(pair) in seen
                seen.add(frozenset(pair))
    return again


@pytest.fixture
def planned(acme):
    gathering, guests = party(acme, 8, hosts=0, seniors=0)
    breakouts_plan(gathering=gathering, rounds=3, size=3)
    return gathering, guests


def test_rounds_start_one_after_the_other_with_a_countdown(planned):
    gathering, _ = planned
    assert round_countdown(gathering=gathering, now=NOW) is None

    gathering = round_start(gathering=gathering, number=1, now=NOW, minutes=10)
    countdown = round_countdown(gathering=gathering, now=NOW + dt.timedelta(seconds=61))
    assert countdown is not None
    assert (countdown.number, countdown.seconds_left, countdown.minutes_left) == (1, 539, 9)
    assert countdown.ends_at == NOW + dt.timedelta(minutes=10)
    late = round_countdown(gathering=gathering, now=NOW + dt.timedelta(hours=1))
    assert late is not None
    assert late.seconds_left == 0

    # Pressing the same button again restarts the clock; skipping or going back is refused.
    later = NOW + dt.timedelta(minutes=1)
    assert round_start(gathering=gathering, number=1, now=later).round_started_at == later
    for number, code in ((3, "skipped"), (4, "number"), (0, "number")):
        with pytest.raises(ValidationError) as caught:
            round_start(gathering=gathering, number=number, now=later)
        assert caught.value.code == code
    round_start(gathering=gathering, number=2, now=later)
    with pytest.raises(ValidationError) as caught:
        round_start(gathering=gathering, number=1, now=later)
    assert caught.value.code == "held"
    gathering.refresh_from_db()
    assert (gathering.current_round, gathering.round_minutes) == (2, 10)


def test_a_round_cannot_start_without_a_plan_or_with_odd_minutes(acme, planned):
    empty, _ = party(acme, 3, hosts=0, seniors=0)
    with pytest.raises(ValidationError, match="Plan the breakout rounds first"):
        round_start(gathering=empty, number=1, now=NOW)
    gathering, _ = planned
    with pytest.raises(ValidationError, match="between 2 and 120 minutes"):
        round_start(gathering=gathering, number=1, now=NOW, minutes=1)
    gathering.refresh_from_db()
    assert gathering.current_round == 0


def test_a_latecomer_joins_the_smallest_rooms_and_meets_nobody_twice(planned):
    gathering, _ = planned
    round_start(gathering=gathering, number=1, now=NOW)
    before = layout(gathering)
    late = add_guest(gathering, "late@example.test", status=GuestStatus.MAYBE)

    placement = guest_arrived_late(gathering=gathering, guest=late, now=NOW)

    after = layout(gathering)
    assert placement.repeat_free is True
    assert repeats(after) == repeats(before) == 0
    for number, groups in after.items():
        # 8 guests in rooms of 3, 3, 2: the latecomer makes the pair a trio.
        joined = next(k for k, group in enumerate(groups) if late.pk in group)
        assert len(before[number][joined]) == min(len(g) for g in before[number])
        assert sorted(len(g) for g in groups) == [3, 3, 3]
    late.refresh_from_db()
    assert late.status == GuestStatus.YES
    with pytest.raises(ValidationError, match="already"):
        guest_arrived_late(gathering=gathering, guest=late, now=NOW)


def test_a_latecomer_skips_the_held_rounds(planned):
    gathering, _ = planned
    round_start(gathering=gathering, number=1, now=NOW)
    round_start(gathering=gathering, number=2, now=NOW)
    late = add_guest(gathering, "late@example.test", status=GuestStatus.INVITED)

    placement = guest_arrived_late(gathering=gathering, guest=late, now=NOW)

    assert [number for number, _ in placement.rooms] == [2, 3]
    assert all(late.pk not in group for group in layout(gathering)[1])


def test_a_latecomer_not_on_the_list_is_added_by_address(planned):
    gathering, _ = planned
    placement = latecomer_add(gathering=gathering, email=" Door@Example.test ", by=None, now=NOW)

    guest = Guest.objects.get(gathering=gathering, email="door@example.test")
    assert guest.status == GuestStatus.YES
    assert guest.contact is not None
    assert placement.guest == guest
    assert [number for number, _ in placement.rooms] == [1, 2, 3]
    with pytest.raises(ValidationError, match="Not email addresses"):
        latecomer_add(gathering=gathering, email="nobody", by=None, now=NOW)


def test_leaving_early_replans_the_remaining_rounds_only(acme):
    gathering, guests = party(acme, 12, hosts=1, seniors=0)
    breakouts_plan(gathering=gathering, rounds=4, size=3)
    round_start(gathering=gathering, number=1, now=NOW)
    round_start(gathering=gathering, number=2, now=NOW)
    before = layout(gathering)
    leaver = next(g for g in guests[1:] if g.pk in before[3][1] | before[3][2])

    started = time.perf_counter()
    replan = guest_left_early(gathering=gathering, guest=leaver, now=NOW)
    seconds = time.perf_counter() - started

    after = layout(gathering)
    assert seconds < 1.0
    assert replan.rounds == 2
    assert after[1] == before[1]
    assert after[2] == before[2]
    for number in (3, 4):
        members = set().union(*after[number])
        assert leaver.pk not in members
        assert members == {g.pk for g in guests} - {leaver.pk}
        assert any(guests[0].pk in group for group in after[number][:1])  # the host's room
    assert repeats(after) == replan.total_repeats == 0
    with pytest.raises(ValidationError, match="none of the rounds still to come"):
        guest_left_early(gathering=gathering, guest=leaver, now=NOW)


def test_a_latecomer_meets_someone_twice_only_when_every_room_means_it(acme):
    # Four guests in two pairs for three rounds: whichever pair the latecomer joins in
    # round 1, both pairs of a later round hold someone they met.
    gathering, _ = party(acme, 4, hosts=0, seniors=0)
    breakouts_plan(gathering=gathering, rounds=3, size=2)
    late = add_guest(gathering, "late@example.test", status=GuestStatus.YES)

    placement = guest_arrived_late(gathering=gathering, guest=late, now=NOW)

    assert placement.repeat_free is False
    for groups in layout(gathering).values():
        assert sorted(len(g) for g in groups) == [2, 3]


def test_leaving_early_keeps_the_host_in_place_and_the_senior_guest_roaming(acme):
    gathering, guests = party(acme, 12, hosts=1, seniors=1)
    host, senior = guests[0], guests[1]
    breakouts_plan(gathering=gathering, rounds=4, size=3)
    round_start(gathering=gathering, number=1, now=NOW)

    guest_left_early(gathering=gathering, guest=guests[5], now=NOW)

    after = layout(gathering)
    senior_rooms = [next(k for k, g in enumerate(after[n]) if senior.pk in g) for n in after]
    assert len(set(senior_rooms)) == 4  # a new room every round, the held one included
    for number in (2, 3, 4):
        assert host.pk in after[number][0]
        assert guests[5].pk not in set().union(*after[number])
