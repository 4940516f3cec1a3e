"""Working-hours overlap and meeting slots, DST-correct (no database)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hallway.engine.model import Participant
from hallway.engine.slots import (
    intersect,
    next_slots,
    weekly_overlap_minutes,
    working_intervals,
)

UTC = dt.UTC
T = dt.time


NINE, FIVE = T(9), T(17)


def person(pid: str, tz: str, start: T = NINE, end: T = FIVE, days=(1, 2, 3, 4, 5)):
    return Participant(
        id=pid, timezone=tz, work_start=start, work_end=end, working_days=frozenset(days)
    )


BERLIN = person("berlin", "Europe/Berlin")
SAO_PAULO = person("sao", "America/Sao_Paulo")


def test_berlin_sao_paulo_overlap_changes_with_berlin_dst():
    # January: Berlin CET (UTC+1) works 08-16 UTC, São Paulo (UTC-3, no DST since 2019)
    # 12-20 UTC: 4 h a day. July: Berlin CEST (UTC+2) 07-15 UTC: 3 h a day.
    assert weekly_overlap_minutes(BERLIN, SAO_PAULO, week_of=dt.date(2025, 1, 15)) == 5 * 240
    assert weekly_overlap_minutes(BERLIN, SAO_PAULO, week_of=dt.date(2025, 7, 16)) == 5 * 180


def test_overlap_in_the_week_berlin_changes_to_summer_time():
    # Sunday 30 March 2025 Berlin moves to CEST; the week of Monday 24 March is all CET.
    # The week of 31 March is all CEST.
    assert weekly_overlap_minutes(BERLIN, SAO_PAULO, week_of=dt.date(2025, 3, 27)) == 1200
    assert weekly_overlap_minutes(BERLIN, SAO_PAULO, week_of=dt.date(2025, 3, 31)) == 900


def test_new_york_bangalore_overlap():
    new_york = person("ny", "America/New_York")
    bangalore = person("blr", "Asia/Kolkata", T(12), T(21))
    # Bangalore (UTC+5:30) 12-21 is 06:30-15:30 UTC. New York EST 09-17 is 14-22 UTC:
    # 1.5 h a day; in July (EDT) 13-21 UTC: 2.5 h a day.
    assert weekly_overlap_minutes(new_york, bangalore, week_of=dt.date(2025, 1, 15)) == 5 * 90
    assert weekly_overlap_minutes(new_york, bangalore, week_of=dt.date(2025, 7, 16)) == 5 * 150
    assert (
        weekly_overlap_minutes(new_york, person("b2", "Asia/Kolkata"), week_of=dt.date(2025, 1, 15))
        == 0
    )


def test_working_day_crossing_midnight_in_utc():
    # Los Angeles PST 09-17 is 17:00-01:00 UTC of the next day. Tokyo 09-18 is 00-09 UTC.
    # They share 00-01 UTC on Tue-Fri (LA's Mon-Thu); LA's Friday ends on Tokyo's Saturday.
    la = person("la", "America/Los_Angeles")
    tokyo = person("tokyo", "Asia/Tokyo", T(9), T(18))
    assert weekly_overlap_minutes(la, tokyo, week_of=dt.date(2025, 1, 15)) == 4 * 60
    la_week = working_intervals(la, week_of=dt.date(2025, 1, 15))
    assert la_week[0] == (17 * 60, 25 * 60)  # Monday 17:00 to Tuesday 01:00 UTC
    # In July LA is on PDT (UTC-7): 16:00-24:00 UTC, no overlap with Tokyo at all.
    assert weekly_overlap_minutes(la, tokyo, week_of=dt.date(2025, 7, 16)) == 0


def test_overnight_shift_runs_into_the_next_local_day():
    night = person("night", "UTC", T(22), T(6), days=(1,))
    assert working_intervals(night, week_of=dt.date(2025, 1, 15)) == ((22 * 60, 30 * 60),)


def test_intersect_sorted_intervals():
    assert intersect(((0, 10), (20, 30)), ((5, 25),)) == ((5, 10), (20, 25))
    assert intersect((), ((0, 1),)) == ()


def test_next_slots_spread_over_days_in_both_local_times():
    slots = next_slots([BERLIN, SAO_PAULO], now=dt.datetime(2025, 3, 27, 10, 7, tzinfo=UTC))
    assert [s.start for s in slots] == [
        dt.datetime(2025, 3, 27, 12, 0, tzinfo=UTC),
        dt.datetime(2025, 3, 28, 12, 0, tzinfo=UTC),
        # Monday after Berlin's change to CEST: 14:00 Berlin, 09:00 São Paulo.
        dt.datetime(2025, 3, 31, 12, 0, tzinfo=UTC),
    ]
    last = slots[-1]
    assert [(pid, s.hour, s.minute, e.hour, e.minute) for pid, s, e in last.local] == [
        ("berlin", 14, 0, 14, 30),
        ("sao", 9, 0, 9, 30),
    ]
    assert all(s.end - s.start == dt.timedelta(minutes=30) for s in slots)


def test_next_slots_fall_back_to_the_same_day_when_few_days_qualify():
    slots = next_slots(
        [person("a", "UTC"), person("b", "UTC")],
        now=dt.datetime(2025, 1, 17, 9, 0, tzinfo=UTC),  # a Friday
        days=1,
    )
    starts = [s.start.hour * 60 + s.start.minute for s in slots]
    assert starts[0] == 9 * 60
    assert len(starts) == 3
    assert all(b - a >= 150 for a, b in itertools.pairwise(starts))


def test_next_slots_empty_without_common_hours():
    new_york = person("ny", "America/New_York")
    assert (
        next_slots([new_york, person("b", "Asia/Kolkata")], now=dt.datetime(2025, 1, 1, tzinfo=UTC))
        == ()
    )
    assert next_slots([], now=dt.datetime(2025, 1, 1, tzinfo=UTC)) == ()


def test_next_slots_start_at_or_after_now():
    a = person("a", "UTC")
    slots = next_slots([a], now=dt.datetime(2025, 1, 15, 9, 0, 1, tzinfo=UTC))
    assert slots[0].start == dt.datetime(2025, 1, 15, 9, 30, tzinfo=UTC)


# --- properties -----------------------------------------------------------------------

ZONES = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]

# Around the 2025 DST changes of both hemispheres.
NOWS = st.sampled_from(
    [
        dt.datetime(2025, 3, 25, tzinfo=UTC),
        dt.datetime(2025, 3, 29, tzinfo=UTC),
        dt.datetime(2025, 4, 2, tzinfo=UTC),
        dt.datetime(2025, 9, 24, tzinfo=UTC),
        dt.datetime(2025, 10, 22, tzinfo=UTC),
        dt.datetime(2025, 10, 30, tzinfo=UTC),
    ]
).flatmap(lambda base: st.integers(0, 7 * 24 * 60).map(lambda m: base + dt.timedelta(minutes=m)))


@st.composite
def participants(draw, pid: str) -> Participant:
    start = draw(st.integers(0, 47)) * 30
    length = draw(st.integers(2, 24)) * 30
    end = (start + length) % (24 * 60)
    days = draw(st.frozensets(st.integers(1, 7), min_size=1))
    return Participant(
        id=pid,
        timezone=draw(st.sampled_from(ZONES)),
        work_start=T(start // 60, start % 60),
        work_end=T(end // 60, end % 60),
        working_days=days,
    )


def inside_working_hours(p: Participant, start: dt.datetime, end: dt.datetime) -> bool:
    """Wall-clock check, independent of the engine: both ends within one shift."""
    zone = ZoneInfo(p.timezone)
    ls = start.astimezone(zone).replace(tzinfo=None)
    le = end.astimezone(zone).replace(tzinfo=None)
    overnight = p.work_end <= p.work_start
    for shift_day in (ls.date(), ls.date() - dt.timedelta(days=1)):
        if shift_day.isoweekday() not in p.working_days:
            continue
        shift_start = dt.datetime.combine(shift_day, p.work_start)
        end_day = shift_day + dt.timedelta(days=1) if overnight else shift_day
        shift_end = dt.datetime.combine(end_day, p.work_end)
        if shift_start <= ls and le <= shift_end:
            return True
    return False


def near_a_dst_change(p: Participant) -> bool:
    """Hours starting or ending where clocks jump (00:00-04:00 local) may read either way."""
    return any(0 <= t.hour < 4 for t in (p.work_start, p.work_end))


@settings(max_examples=150, deadline=None)
@given(a=participants("a"), b=participants("b"), now=NOWS, minutes=st.sampled_from([30, 60]))
def test_next_slots_always_inside_everyones_working_hours(a, b, now, minutes):
    slots = next_slots([a, b], now=now, minutes=minutes)
    assert list(slots) == sorted(slots, key=lambda s: s.start)
    for slot in slots:
        assert now <= slot.start < now + dt.timedelta(days=14)
        assert slot.end - slot.start == dt.timedelta(minutes=minutes)
        assert slot.start.minute in (0, 30)
        assert slot.start.second == 0
        for p, (pid, local_start, local_end) in zip((a, b), slot.local, strict=True):
            assert pid == p.id
            # Compared as instants: aware datetimes inside a repeated (DST fold) hour
            # never compare equal across zones (PEP 495), even for the same instant.
            assert local_start.timestamp() == slot.start.timestamp()
            assert local_end.timestamp() == slot.end.timestamp()
            assert (
                local_start.utcoffset() == slot.start.astimezone(ZoneInfo(p.timezone)).utcoffset()
            )
            assert inside_working_hours(p, slot.start, slot.end)
    # Against a brute-force scan of every :00/:30 start in the window: the first slot is
    # the first valid start, and three are found whenever three disjoint ones exist.
    if near_a_dst_change(a) or near_a_dst_change(b):
        return
    first = now.replace(second=0, microsecond=0)
    first += dt.timedelta(minutes=-first.minute % 30)
    if first < now:
        first += dt.timedelta(minutes=30)
    valid = []
    t = first
    while t < now + dt.timedelta(days=14):
        e = t + dt.timedelta(minutes=minutes)
        if inside_working_hours(a, t, e) and inside_working_hours(b, t, e):
            valid.append(t)
        t += dt.timedelta(minutes=30)
    if not valid:
        assert slots == ()
        return
    assert slots[0].start == valid[0]
    disjoint = [valid[0]]
    for t in valid:
        if t >= disjoint[-1] + dt.timedelta(minutes=minutes):
            disjoint.append(t)
    assert len(slots) == min(3, len(disjoint))
