"""Breakout rooms planned before a gathering: everyone meets someone new, hosts stay, the
senior guest roams."""

import datetime as dt
import uuid
from itertools import combinations, pairwise

import pytest
from django.core.exceptions import ValidationError

from hallway.coffee.interface import Outcome
from hallway.gatherings.models import BreakoutRoom, Gathering, Guest, GuestRole, GuestStatus
from hallway.gatherings.services.breakouts import breakouts_plan
from tests.factories import make_pairing, make_person

STARTS = dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)


def make_gathering(organisation) -> Gathering:
    return Gathering.objects.create(
        organisation=organisation,
        title="Cocktail party",
        language="en",
        starts_at=STARTS,
        minutes=90,
        uid=f"{uuid.uuid4()}@hallway.test",
    )


def add_guest(gathering, email, **fields) -> Guest:
    fields.setdefault("status", GuestStatus.YES)
    return Guest.objects.create(
        organisation=gathering.organisation,
        gathering=gathering,
        name=email.split("@")[0].title(),
        email=email,
        language="en",
        timezone="Europe/Berlin",
        **fields,
    )


def party(organisation, guests: int, *, hosts: int = 1, seniors: int = 1):
    gathering = make_gathering(organisation)
    roles = [GuestRole.HOST] * hosts + [GuestRole.SENIOR] * seniors
    roles += [GuestRole.GUEST] * (guests - len(roles))
    people = [add_guest(gathering, f"g{i}@example.test", role=role) for i, role in enumerate(roles)]
    return gathering, people


def room_of(plan, guest) -> list[int]:
    return [next(n for n, room in enumerate(groups) if guest in room) for groups in plan.rounds]


def pair_counts(plan) -> dict[frozenset[int], int]:
    counts: dict[frozenset[int], int] = {}
    for groups in plan.rounds:
        for room in groups:
            for a, b in combinations(room, 2):
                key = frozenset((a.pk, b.pk))
                counts[key] = counts.get(key, 0) + 1
    return counts


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nine_guests_four_rounds_of_trios_meet_nobody_twice(acme, seed):
    gathering, guests = party(acme, 9)
    host, senior = guests[0], guests[1]

    plan = breakouts_plan(gathering=gathering, rounds=4, size=3, seed=seed)

    assert plan.repeat_free is True
    assert max(pair_counts(plan).values()) == 1
    assert len(plan.rounds) == 4
    for groups in plan.rounds:
        assert sorted(len(room) for room in groups) == [3, 3, 3]
        assert sorted(g.pk for room in groups for g in room) == sorted(g.pk for g in guests)
    # The host keeps the first room; the senior guest moves on every round.
    assert room_of(plan, host) == [0, 0, 0, 0]
    senior_rooms = room_of(plan, senior)
    assert all(a != b for a, b in pairwise(senior_rooms))

    rows = BreakoutRoom.objects.filter(gathering=gathering).order_by("round_number", "number")
    assert [(r.round_number, r.number) for r in rows] == [
        (r, n) for r in range(1, 5) for n in range(1, 4)
    ]
    assert len({r.video_url for r in rows}) == 12
    assert all(r.video_url.startswith("http") and r.prompt for r in rows)
    assert [sorted(g.pk for g in row.members.all()) for row in rows] == [
        sorted(g.pk for g in room) for groups in plan.rounds for room in groups
    ]


def test_with_as_many_rooms_as_rounds_the_senior_guest_never_revisits_a_room(acme):
    gathering, guests = party(acme, 12)

    plan = breakouts_plan(gathering=gathering, rounds=4, size=3, seed=3)

    senior_rooms = room_of(plan, guests[1])
    assert sorted(senior_rooms) == [0, 1, 2, 3]
    assert room_of(plan, guests[0]) == [0, 0, 0, 0]
    assert plan.repeat_free is True


def test_each_host_keeps_a_room_of_their_own(acme):
    gathering, guests = party(acme, 10, hosts=2, seniors=0)

    plan = breakouts_plan(gathering=gathering, rounds=3, size=5)

    assert room_of(plan, guests[0]) == [0, 0, 0]
    assert room_of(plan, guests[1]) == [1, 1, 1]


def test_only_those_who_said_yes_take_part(acme):
    gathering, guests = party(acme, 6, seniors=0)
    add_guest(gathering, "maybe@example.test", status=GuestStatus.MAYBE)
    add_guest(gathering, "no@example.test", status=GuestStatus.NO)
    add_guest(gathering, "invited@example.test", status=GuestStatus.INVITED)
    add_guest(gathering, "wait@example.test", status=GuestStatus.WAITLISTED, waitlist_position=1)

    plan = breakouts_plan(gathering=gathering, rounds=2, size=3)

    assert {g.pk for room in plan.rounds[0] for g in room} == {g.pk for g in guests}


def test_a_new_plan_replaces_the_old_one(acme):
    gathering, _ = party(acme, 6, seniors=0)
    breakouts_plan(gathering=gathering, rounds=3, size=2)
    assert BreakoutRoom.objects.filter(gathering=gathering).count() == 9

    breakouts_plan(gathering=gathering, rounds=2, size=3)

    rows = BreakoutRoom.objects.filter(gathering=gathering)
    assert rows.count() == 4
    assert {r.round_number for r in rows} == {1, 2}


def test_colleagues_who_had_coffee_together_are_kept_apart(acme):
    gathering = make_gathering(acme)
    people = [make_person(acme, f"Colleague {i}") for i in range(4)]
    guests = [add_guest(gathering, p.email, person=p) for p in people]
    make_pairing(None, people[:2], outcomes=[Outcome.MET, Outcome.MET], due_on=dt.date(2026, 11, 2))

    # Four people have three rounds of pairs without repeats; two avoid the coffee pair.
    for seed in range(3):
        plan = breakouts_plan(gathering=gathering, rounds=2, size=2, seed=seed)
        assert frozenset((guests[0].pk, guests[1].pk)) not in pair_counts(plan)
        assert plan.repeat_free is True


def test_repeats_are_reported_when_unavoidable(acme):
    gathering, _ = party(acme, 4, hosts=0, seniors=0)

    plan = breakouts_plan(gathering=gathering, rounds=4, size=2)

    assert plan.repeat_free is False


def test_fewer_guests_than_the_size_share_one_room(acme):
    gathering, _ = party(acme, 3, hosts=0, seniors=0)

    plan = breakouts_plan(gathering=gathering, rounds=1, size=6)

    assert [[len(room) for room in groups] for groups in plan.rounds] == [[3]]


@pytest.mark.parametrize(
    ("rounds", "size", "message"),
    [
        (0, 3, "between 1 and 12 breakout rounds"),
        (13, 3, "between 1 and 12 breakout rounds"),
        (2, 1, "between 2 and 10 guests"),
        (2, 11, "between 2 and 10 guests"),
    ],
)
def test_rounds_and_size_are_checked(acme, rounds, size, message):
    gathering, _ = party(acme, 6)
    with pytest.raises(ValidationError, match=message):
        breakouts_plan(gathering=gathering, rounds=rounds, size=size)
    assert not BreakoutRoom.objects.filter(gathering=gathering).exists()


def test_at_least_two_guests_must_have_said_yes(acme):
    gathering = make_gathering(acme)
    add_guest(gathering, "one@example.test")
    add_guest(gathering, "maybe@example.test", status=GuestStatus.MAYBE)

    with pytest.raises(ValidationError, match="at least two guests who said yes"):
        breakouts_plan(gathering=gathering, rounds=2, size=2)


def test_a_senior_guest_with_a_window_is_only_in_the_rounds_it_overlaps(acme):
    gathering, guests = party(acme, 10)
    gathering.round_minutes = 15
    gathering.save()
    senior = next(g for g in guests if g.role == GuestRole.SENIOR)
    senior.joins_after, senior.leaves_after = 20, 45  # rounds 2 (15-30) and 3 (30-45)
    senior.save()
    plan = breakouts_plan(gathering=gathering, rounds=4, size=3)
    present = [any(senior in room for room in groups) for groups in plan.rounds]
    assert present == [False, True, True, False]
    assert max(pair_counts(plan).values()) == 1


def test_nobody_is_left_alone_when_the_senior_guest_is_away(acme):
    gathering, guests = party(acme, 6)
    senior = next(g for g in guests if g.role == GuestRole.SENIOR)
    senior.joins_after = 60  # away for the first rounds
    senior.save()
    plan = breakouts_plan(gathering=gathering, rounds=2, size=2)
    for groups in plan.rounds:
        assert all(len(room) >= 2 for room in groups)
        assert senior not in [guest for room in groups for guest in room]
