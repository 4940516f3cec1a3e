"""Meeting times ranked by how many members they suit, when not everyone's hours meet
(no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine.model import Participant
from hallway.engine.slots import next_slots, ranked_starts, within_working_hours

UTC = dt.UTC
T = dt.time
WEEKDAYS = (1, 2, 3, 4, 5)
NINE, FIVE = T(9), T(17)


def person(pid: str, tz: str, start: T = NINE, end: T = FIVE, days=WEEKDAYS) -> Participant:
    return Participant(
        id=pid, timezone=tz, work_start=start, work_end=end, working_days=frozenset(days)
    )


BERLIN = person("berlin", "Europe/Berlin")
SAO_PAULO = person("sao", "America/Sao_Paulo")
BANGALORE = person("blr", "Asia/Kolkata")
# A Monday before work anywhere in these zones.
MONDAY = dt.datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


def suits(p: Participant, start: dt.datetime, minutes: int) -> bool:
    """The brute-force reading of "inside their working hours" for same-day hours."""
    zone = ZoneInfo(p.timezone)
    begin = start.astimezone(zone)
    end = (start + dt.timedelta(minutes=minutes)).astimezone(zone)
    return (
        begin.isoweekday() in p.working_days
        and begin.date() == end.date()
        and p.work_start <= begin.time()
        and end.time() <= p.work_end
    )


def all_starts(now: dt.datetime, days: int, step: int):
    first = now.replace(second=0, microsecond=0)
    if first < now:
        first += dt.timedelta(minutes=1)
    minute = int(first.timestamp() // 60)
    t = -(-minute // step) * step
    end = minute + days * 24 * 60
    while t < end:
        yield dt.datetime.fromtimestamp(t * 60, tz=UTC)
        t += step


def overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def test_berlin_sao_paulo_bangalore_best_is_two_of_three():
    # December: Bangalore (UTC+5:30) works 03:30-11:30 UTC, São Paulo (UTC-3) 12:00-20:00
    # UTC: no moment suits all three; Berlin (CET, 08:00-16:00 UTC) meets each of them.
    members = [BERLIN, SAO_PAULO, BANGALORE]
    assert next_slots(members, now=MONDAY, minutes=60) == ()
    best_possible = max(
        sum(suits(m, start, 60) for m in members) for start in all_starts(MONDAY, 14, 30)
    )
    assert best_possible == 2

    ranked = ranked_starts(members, now=MONDAY, minutes=60)

    assert len(ranked) == 5
    assert all(len(s.inside) == 2 for s in ranked)
    first = ranked[0]
    # The soonest time that suits two: Monday 08:00 UTC, Berlin 09:00 and Bangalore 13:30.
    assert first.start == dt.datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert first.end == dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert first.inside == ("berlin", "blr")
    assert first.outside == ("sao",)
    # Spread out: one suggestion per day while days are left.
    assert len({s.start.date() for s in ranked}) == 5


def test_when_a_time_suits_everyone_it_comes_first():
    # Berlin and São Paulo meet 12:00-16:00 UTC in December; Bangalore is not asked.
    ranked = ranked_starts([BERLIN, SAO_PAULO], now=MONDAY, minutes=60, count=3)

    assert [s.start for s in ranked] == [
        dt.datetime(2026, 12, day, 12, 0, tzinfo=UTC) for day in (7, 8, 9)
    ]
    assert all(s.inside == ("berlin", "sao") and s.outside == () for s in ranked)
    assert [(s.start, s.end) for s in ranked] == [
        (s.start, s.end) for s in next_slots([BERLIN, SAO_PAULO], now=MONDAY, minutes=60)
    ]


def test_suiting_more_people_beats_spreading_out():
    # Only one Monday suits the three (the others work Mondays only, and the window is
    # one week), so the rest are times on the same day before one-per-day lower ranks.
    mondays = (1,)
    members = [person(f"p{i}", "Europe/Berlin", days=mondays) for i in range(3)]
    members.append(person("weekdays", "Europe/Lisbon"))
    ranked = ranked_starts(members, now=MONDAY, days=7, minutes=60, count=4)

    assert [len(s.inside) for s in ranked] == [4, 4, 4, 4]
    assert {s.start.date() for s in ranked} == {dt.date(2026, 12, 7)}
    assert all(ranked[i].end <= ranked[i + 1].start for i in range(3))


def test_nothing_suits_anyone_on_a_weekend_window():
    saturday = dt.datetime(2026, 12, 12, 0, 0, tzinfo=UTC)
    assert ranked_starts([BERLIN, SAO_PAULO], now=saturday, days=2, minutes=30) == ()


def test_empty_and_invalid_inputs():
    assert ranked_starts([], now=MONDAY, minutes=30) == ()
    assert ranked_starts([BERLIN], now=MONDAY, minutes=30, count=0) == ()
    try:
        ranked_starts([BERLIN], now=dt.datetime(2026, 12, 7), minutes=30)
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a naive now must be refused")


def test_a_slot_longer_than_the_working_day_suits_nobody():
    assert ranked_starts([BERLIN], now=MONDAY, minutes=9 * 60) == ()


ZONES = (
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
)

members_strategy = st.lists(
    st.builds(
        lambda i, tz, start, length, days: person(
            f"m{i}", tz, T(start), T(min(start + length, 23)), days
        ),
        st.integers(0, 10_000),
        st.sampled_from(ZONES),
        st.integers(6, 12),
        st.integers(2, 10),
        st.sets(st.integers(1, 7), min_size=1).map(tuple),
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda p: p.id,
)


@settings(max_examples=60, deadline=None)
@given(
    members=members_strategy,
    now=st.datetimes(
        min_value=dt.datetime(2025, 1, 1),
        max_value=dt.datetime(2027, 12, 31),
        timezones=st.just(UTC),
    ),
    minutes=st.sampled_from([30, 45, 60, 90, 120]),
    count=st.integers(1, 8),
)
def test_ranked_starts_match_a_brute_force_reading(members, now, minutes, count):
    days = 4
    ranked = ranked_starts(members, now=now, days=days, minutes=minutes, count=count)

    assert len(ranked) <= count
    order = [(-len(s.inside), s.start) for s in ranked]
    assert order == sorted(order)  # best first, soonest among equals
    for i, a in enumerate(ranked):
        assert a.start >= now
        assert a.end - a.start == dt.timedelta(minutes=minutes)
        assert a.inside, "a time that suits nobody is never suggested"
        assert sorted(a.inside + a.outside) == sorted(m.id for m in members)
        for m in members:
            assert (m.id in a.inside) == suits(m, a.start, minutes)
        for b in ranked[i + 1 :]:
            assert not overlap(a, b)
    best_possible = max(
        (sum(suits(m, s, minutes) for m in members) for s in all_starts(now, days, 30)),
        default=0,
    )
    if best_possible:
        assert ranked
        assert len(ranked[0].inside) == best_possible
    else:
        assert ranked == ()


def test_within_working_hours_is_the_whole_slot_on_a_working_day():
    berlin = Participant(id="b", timezone="Europe/Berlin")  # 09:00-17:00, Monday to Friday
    monday = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)  # 09:00 in Berlin
    assert within_working_hours(berlin, monday, 60)
    assert within_working_hours(berlin, monday + dt.timedelta(hours=7), 60)  # 16-17
    assert not within_working_hours(berlin, monday + dt.timedelta(hours=7), 61)
    assert not within_working_hours(berlin, monday - dt.timedelta(minutes=1), 30)
    saturday = monday + dt.timedelta(days=5)
    assert not within_working_hours(berlin, saturday, 60)
