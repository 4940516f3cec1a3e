"""Planning the missing 1:1s of a project: capacity per week, working hours, absences."""

import datetime
import itertools
from collections import Counter
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine.model import Participant
from hallway.engine.one_on_ones import (
    AWAY,
    CAPACITY,
    NO_COMMON_HOURS,
    Booked,
    Need,
    plan_one_on_ones,
    week_monday,
)
from hallway.engine.slots import within_working_hours

NOW = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.UTC)  # a Monday
ZONES = ["Europe/Berlin", "Europe/Amsterdam", "America/New_York"]


def person(pid: str, zone: str, start: int = 9, end: int = 17) -> Participant:
    return Participant(
        id=pid, timezone=zone, work_start=datetime.time(start), work_end=datetime.time(end)
    )


def roster(ours: int, theirs: int) -> dict[str, Participant]:
    people = {f"o{i}": person(f"o{i}", ZONES[i % 2]) for i in range(ours)}
    people.update({f"t{j}": person(f"t{j}", ZONES[j % 3]) for j in range(theirs)})
    return people


def check(plan, people, per_week, away=None):
    weekly = Counter()
    for m in plan.meetings:
        for who in (m.ours, m.theirs):
            assert within_working_hours(people[who], m.start, 30)
            day = m.start.astimezone(ZoneInfo(people[who].timezone)).date()
            assert day not in (away or {}).get(who, ())
            weekly[who, week_monday(m.start)] += 1
    assert all(count <= per_week for count in weekly.values()), weekly
    for who in people:
        mine = sorted((m.start, m.end) for m in plan.meetings if who in (m.ours, m.theirs))
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(mine))


def test_plans_every_pair_that_fits_within_the_capacity():
    people = roster(6, 8)
    # Each of ours meets the three key counterparts, each of theirs our two leads: 6*3 + 8*2
    # minus the overlaps, at most 2 a week each over 3 weeks.
    needs = sorted(
        {(f"o{i}", f"t{j}") for i in range(6) for j in range(3)}
        | {(f"o{i}", f"t{j}") for i in range(2) for j in range(8)}
    )
    plan = plan_one_on_ones(
        people, [Need(o, t) for o, t in needs], now=NOW, weeks=3, per_week=2, minutes=30
    )
    check(plan, people, 2)
    planned = {(m.ours, m.theirs) for m in plan.meetings}
    # o0 and o1 need 8 each: 6 fit in 3 weeks at 2 a week; the rest is said to be capacity.
    assert len(planned) + len(plan.unplannable) == len(needs)
    assert {u.reason for u in plan.unplannable} == {CAPACITY}
    assert all(u.ours in {"o0", "o1"} for u in plan.unplannable)
    assert len(plan.unplannable) == 4


def test_no_common_hours_and_away_are_told_apart():
    people = {
        "o": person("o", "Europe/Berlin", 9, 12),
        "t": person("t", "America/New_York", 9, 12),  # 15:00-18:00 in Berlin: never meet
        "u": person("u", "Europe/Amsterdam"),
    }
    every_day = frozenset(NOW.date() + datetime.timedelta(days=d) for d in range(30))
    plan = plan_one_on_ones(
        people,
        [Need("o", "t"), Need("o", "u")],
        now=NOW,
        weeks=2,
        per_week=2,
        away={"u": every_day},
    )
    assert plan.meetings == ()
    assert {(u.theirs, u.reason) for u in plan.unplannable} == {("t", NO_COMMON_HOURS), ("u", AWAY)}


def test_booked_meetings_count_against_the_week_and_block_their_time():
    people = roster(1, 3)
    monday = week_monday(NOW)
    booked = [
        Booked("o0", NOW + datetime.timedelta(hours=1), NOW + datetime.timedelta(hours=2)),
        Booked("o0", NOW + datetime.timedelta(days=1), NOW + datetime.timedelta(days=1, hours=1)),
    ]
    plan = plan_one_on_ones(
        people,
        [Need("o0", f"t{j}") for j in range(3)],
        now=NOW,
        weeks=2,
        per_week=2,
        booked=booked,
    )
    assert len(plan.meetings) == 2
    assert all(week_monday(m.start) > monday for m in plan.meetings)
    assert plan.unplannable[0].reason == CAPACITY


def test_urgent_pairs_go_first_when_capacity_is_short():
    people = roster(1, 3)
    needs = [
        Need("o0", "t0", due=datetime.date(2027, 3, 1)),
        Need("o0", "t1", due=datetime.date(2026, 12, 20)),
        Need("o0", "t2", due=datetime.date(2026, 12, 21)),
    ]
    plan = plan_one_on_ones(people, needs, now=NOW, weeks=1, per_week=2)
    assert {m.theirs for m in plan.meetings} == {"t1", "t2"}


def test_nothing_after_the_end():
    people = roster(1, 1)
    plan = plan_one_on_ones(
        people,
        [Need("o0", "t0")],
        now=NOW,
        weeks=3,
        per_week=2,
        until=NOW + datetime.timedelta(minutes=20),
    )
    assert plan.meetings == ()


@settings(max_examples=25, deadline=None)
@given(
    ours=st.integers(1, 5),
    theirs=st.integers(1, 6),
    per_week=st.integers(1, 3),
    weeks=st.integers(1, 4),
    seed=st.integers(0, 10_000),
)
def test_never_over_capacity_or_outside_hours(ours, theirs, per_week, weeks, seed):
    people = roster(ours, theirs)
    needs = [
        Need(f"o{i}", f"t{j}") for i in range(ours) for j in range(theirs) if (i + j + seed) % 3
    ]
    start = NOW + datetime.timedelta(hours=seed % 100)
    plan = plan_one_on_ones(people, needs, now=start, weeks=weeks, per_week=per_week)
    check(plan, people, per_week)
    assert all(m.start >= start for m in plan.meetings)
    assert len(plan.meetings) + len(plan.unplannable) == len(needs)
