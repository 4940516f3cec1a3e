"""Working-hours overlap and suggested meeting slots, in real (UTC) time.

Everything is computed on UTC instants, so daylight saving time is handled wherever it
changes: Berlin moves between CET and CEST, São Paulo has had no DST since 2019, and the
overlap of the two changes across the year. A person's working day is their *local* date:
"Monday 09:00-17:00" means Monday in their own time zone.

Times are integer minutes since the Unix epoch (UTC) internally; `working_intervals`
returns them relative to the start (Monday 00:00 UTC) of the reference week.

Working hours whose end is not after their start (`22:00-06:00`) run past local midnight
into the next local date; equal start and end mean a full 24 hours.

A wall-clock time that does not exist on a day (inside a DST gap) or exists twice (inside a
DST fold) is read conservatively: a start as the later instant, an end as the earlier, so a
suggested slot is inside the working hours under either reading.
"""

import datetime
import functools
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

from hallway.engine.model import Participant, RankedSlot, Slot

Interval = tuple[int, int]
Intervals = tuple[Interval, ...]
#: (timezone, work start, work end, ISO working days): everything a working week depends on.
ScheduleKey = tuple[str, datetime.time, datetime.time, frozenset[int]]

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_UTC = datetime.UTC


def schedule_key(p: Participant) -> ScheduleKey:
    """What a participant's working week depends on; people sharing it share their intervals."""
    return (p.timezone, p.work_start, p.work_end, p.working_days)


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _day_minute(day: datetime.date) -> int:
    """Minutes since the epoch at 00:00 UTC of `day`."""
    return (day.toordinal() - _EPOCH_ORDINAL) * MINUTES_PER_DAY


def _to_minute(day: datetime.date, at: datetime.time, zone: ZoneInfo, *, late: bool) -> int:
    """The UTC minute of local wall-clock `at` on local `day`.

    Inside a DST gap or fold the two readings (fold=0/1) differ: `late` picks the later
    instant (for starts), otherwise the earlier one (for ends), so the interval never covers
    a moment that is outside working hours under either reading.
    """
    local = datetime.datetime.combine(day, at, tzinfo=zone)
    offsets = (local.utcoffset(), local.replace(fold=1).utcoffset())
    # A zone without an offset cannot happen with ZoneInfo; treat it as UTC for mypy.
    seconds = [int(o.total_seconds()) if o is not None else 0 for o in offsets]
    wall = _day_minute(day) + at.hour * 60 + at.minute
    candidates = [wall - s // 60 for s in seconds]
    return max(candidates) if late else min(candidates)


def _merge(intervals: Iterable[Interval]) -> Intervals:
    """Sorted, disjoint, non-empty intervals (touching ones joined)."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


@functools.lru_cache(maxsize=4096)
def _local_days_intervals(key: ScheduleKey, first: datetime.date, days: int) -> Intervals:
    """Working intervals (absolute UTC minutes) of the local dates first .. first+days-1."""
    tz_name, start, end, working_days = key
    zone = _zone(tz_name)
    overnight = end <= start
    out: list[Interval] = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        if day.isoweekday() not in working_days:
            continue
        end_day = day + datetime.timedelta(days=1) if overnight else day
        out.append(
            (_to_minute(day, start, zone, late=True), _to_minute(end_day, end, zone, late=False))
        )
    return _merge(out)


def _clip(intervals: Intervals, lo: int, hi: int, *, shift: int = 0) -> Intervals:
    return tuple(
        (max(s, lo) - shift, min(e, hi) - shift) for s, e in intervals if e > lo and s < hi
    )


def week_start(week_of: datetime.date) -> datetime.date:
    """The Monday of `week_of`'s ISO week; the reference week runs from its 00:00 UTC."""
    return week_of - datetime.timedelta(days=week_of.weekday())


@functools.lru_cache(maxsize=4096)
def schedule_week_intervals(key: ScheduleKey, monday: datetime.date) -> Intervals:
    """`working_intervals` for a schedule key and the Monday of the reference week."""
    origin = _day_minute(monday)
    # Local dates run from UTC-12 to UTC+14 and a shift can end the next day, so the local
    # dates from two days before to one day after the UTC week cover all of it.
    absolute = _local_days_intervals(key, monday - datetime.timedelta(days=2), 10)
    return _clip(absolute, origin, origin + MINUTES_PER_WEEK, shift=origin)


def working_intervals(p: Participant, *, week_of: datetime.date) -> Intervals:
    """The participant's working time in the week of `week_of`, as sorted UTC intervals.

    Each interval is `(start, end)` in minutes since Monday 00:00 UTC of that ISO week,
    clipped to the week `[0, 10080)`. Cached by schedule (zone, hours, days) and week, so
    calling it for thousands of people who share a few schedules is cheap.
    """
    return schedule_week_intervals(schedule_key(p), week_start(week_of))


def within_working_hours(p: Participant, start: datetime.datetime, minutes: int) -> bool:
    """Whether `minutes` from `start` (aware) lie wholly inside `p`'s working hours on one of
    their working days, in their local time (the test `ranked_starts` applies to a slot)."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    begin = start.astimezone(_UTC)
    lo = _day_minute(begin.date()) + begin.hour * 60 + begin.minute
    hi = lo + minutes
    key = schedule_key(p)
    own = _clip(_local_days_intervals(key, begin.date() - datetime.timedelta(days=2), 5), lo, hi)
    return any(a <= lo and hi <= b for a, b in own)


def minutes_outside(p: Participant, start: datetime.datetime, minutes: int) -> tuple[int, bool]:
    """How far `minutes` from `start` (aware) reach outside `p`'s working hours on that local
    day, and whether that is early (before their start) rather than late (after their end).
    `(0, False)` when inside. Only the clock is compared: whether the day is one of their
    working days is the caller's question."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    local = start.astimezone(_zone(p.timezone))
    begin = local.hour * 60 + local.minute
    work_start = p.work_start.hour * 60 + p.work_start.minute
    work_end = p.work_end.hour * 60 + p.work_end.minute
    if work_end <= work_start:  # hours past midnight: the shift that began the day before
        work_end += MINUTES_PER_DAY
        if begin + MINUTES_PER_DAY < work_end:
            begin += MINUTES_PER_DAY
    if begin < work_start:
        return work_start - begin, True
    return max(begin + minutes - work_end, 0), False


def intersect(a: Intervals, b: Intervals) -> Intervals:
    """The intersection of two sorted lists of disjoint intervals."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        # Advance whichever ends first: it cannot meet anything later in the other list.
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def total_minutes(intervals: Intervals) -> int:
    """The summed length of disjoint intervals."""
    return sum(e - s for s, e in intervals)


def weekly_overlap_minutes(a: Participant, b: Participant, *, week_of: datetime.date) -> int:
    """Minutes in the week of `week_of` in which both are inside their working hours.

    Computed on UTC instants of that very week, so it reflects DST as it is then (Berlin and
    São Paulo overlap an hour a day more in the northern winter than in the summer).
    """
    return total_minutes(
        intersect(working_intervals(a, week_of=week_of), working_intervals(b, week_of=week_of))
    )


def _minute_to_datetime(minute: int) -> datetime.datetime:
    return datetime.datetime(1970, 1, 1, tzinfo=_UTC) + datetime.timedelta(minutes=minute)


def _first_minute(now: datetime.datetime) -> int:
    """The first UTC minute (since the epoch) at which a slot may start: `now` or later."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now_utc = now.astimezone(_UTC)
    lo = _day_minute(now_utc.date()) + now_utc.hour * 60 + now_utc.minute
    if now_utc.second or now_utc.microsecond:
        lo += 1  # a slot starts at or after `now`, never a few seconds before it
    return lo


def _window_days(lo: int, days: int) -> tuple[datetime.date, int]:
    """The local dates whose working hours can touch the UTC window of `days` from `lo`.

    From the day before to the day after (zones span 26 h and a shift may end the next
    day), a whole number of days so the interval cache is shared.
    """
    return datetime.date.fromordinal(_EPOCH_ORDINAL + lo // MINUTES_PER_DAY - 2), days + 4


def _candidate_starts(common: Intervals, lo: int, minutes: int, step: int) -> list[int]:
    starts: list[int] = []
    for s, e in common:
        first = max(s, lo)
        # Round up to a step boundary counted from the epoch (i.e. :00/:30 UTC for 30).
        t = -(-first // step) * step
        while t + minutes <= e:
            starts.append(t)
            t += step
    return starts


def next_slots(
    members: Sequence[Participant],
    *,
    now: datetime.datetime,
    days: int = 14,
    minutes: int = 30,
    count: int = 3,
    step_minutes: int = 30,
) -> tuple[Slot, ...]:
    """The next `count` meeting slots inside every member's working hours, soonest first.

    A slot lasts `minutes`, starts on a `step_minutes` boundary of UTC (":00/:30") at or
    after `now` (an aware datetime) and starts within `now + days`. It lies inside every
    member's working hours on one of their working days, in their local time, across DST
    changes. Slots are spread out: first at most one per local day of each member; when
    too few days qualify, further slots on the same days at least two hours apart; then any
    slot that does not overlap one already chosen. Empty when no slot exists.
    """
    if not members or count <= 0 or minutes <= 0 or step_minutes <= 0 or days <= 0:
        return ()
    lo = _first_minute(now)
    keys = tuple(schedule_key(m) for m in members)
    chosen = _slot_starts(keys, lo, days, minutes, count, step_minutes)
    zones = [_zone(m.timezone) for m in members]
    return tuple(_slot(t, minutes, members, zones) for t in chosen)


@functools.lru_cache(maxsize=4096)
def _slot_starts(
    keys: tuple[ScheduleKey, ...], lo: int, days: int, minutes: int, count: int, step_minutes: int
) -> tuple[int, ...]:
    """The UTC minutes at which `next_slots` starts its slots, for members of these schedules
    (cached: in a large round many groups share their schedules)."""
    hi = lo + days * MINUTES_PER_DAY
    first_day, span = _window_days(lo, days)
    common: Intervals | None = None
    for key in keys:
        own = _clip(_local_days_intervals(key, first_day, span), lo, hi + minutes)
        common = own if common is None else intersect(common, own)
    assert common is not None
    starts = [t for t in _candidate_starts(common, lo, minutes, step_minutes) if t < hi]
    if not starts:
        return ()

    zones = [_zone(key[0]) for key in keys]

    def local_days(t: int) -> list[datetime.date]:
        at = _minute_to_datetime(t)
        return [at.astimezone(zone).date() for zone in zones]

    chosen: list[int] = []
    used_days: list[set[datetime.date]] = [set() for _ in keys]
    for t in starts:
        if len(chosen) == count:
            break
        ds = local_days(t)
        if all(d not in used for d, used in zip(ds, used_days, strict=True)):
            chosen.append(t)
            for d, used in zip(ds, used_days, strict=True):
                used.add(d)
    for gap in (120, 0):
        for t in starts:
            if len(chosen) == count:
                break
            if all(t + minutes + gap <= c or c + minutes + gap <= t for c in chosen):
                chosen.append(t)
    return tuple(sorted(chosen))


def _slot(t: int, minutes: int, members: Sequence[Participant], zones: list[ZoneInfo]) -> Slot:
    start = _minute_to_datetime(t)
    end = _minute_to_datetime(t + minutes)
    return Slot(
        start=start,
        end=end,
        local=tuple(
            (m.id, start.astimezone(zone), end.astimezone(zone))
            for m, zone in zip(members, zones, strict=True)
        ),
    )


def ranked_starts(
    members: Sequence[Participant],
    *,
    now: datetime.datetime,
    days: int = 14,
    minutes: int,
    count: int = 5,
    step_minutes: int = 30,
) -> tuple[RankedSlot, ...]:
    """Up to `count` meeting times ranked by how many members they suit, best first.

    For members whose working hours barely meet (or not at all), where `next_slots` finds
    nothing. A candidate lasts `minutes`, starts on a `step_minutes` boundary of UTC at or
    after `now` (an aware datetime) and before `now + days`; it suits a member when the
    whole of it lies inside their working hours on one of their working days, in their
    local time, across DST changes. Only times that suit at least one member are
    candidates.

    The order is most members suited first, then the soonest. Suiting more members always
    comes before spreading out: among equally good times, first at most one per UTC day,
    then times at least two hours apart on the same days, then any; no two suggestions
    ever overlap. So when a time suits every member, the first suggestion does. Empty when
    nothing suits anyone.
    """
    if not members or count <= 0 or minutes <= 0 or step_minutes <= 0 or days <= 0:
        return ()
    lo = _first_minute(now)
    hi = lo + days * MINUTES_PER_DAY
    first_day, span = _window_days(lo, days)
    keys = [schedule_key(m) for m in members]
    # People sharing a schedule share their fitting starts: computed once per schedule.
    fits: dict[ScheduleKey, frozenset[int]] = {}
    for key in keys:
        if key not in fits:
            own = _clip(_local_days_intervals(key, first_day, span), lo, hi + minutes)
            fits[key] = frozenset(
                t for t in _candidate_starts(own, lo, minutes, step_minutes) if t < hi
            )
    score: dict[int, int] = {}
    for key in keys:
        for t in fits[key]:
            score[t] = score.get(t, 0) + 1

    chosen: list[int] = []

    def apart(t: int, gap: int) -> bool:
        return all(t + minutes + gap <= c or c + minutes + gap <= t for c in chosen)

    for best in sorted(set(score.values()), reverse=True):
        if len(chosen) == count:
            break
        tier = sorted(t for t, s in score.items() if s == best)
        used_days = {c // MINUTES_PER_DAY for c in chosen}
        for t in tier:
            if len(chosen) == count:
                break
            if t // MINUTES_PER_DAY not in used_days and apart(t, 0):
                chosen.append(t)
                used_days.add(t // MINUTES_PER_DAY)
        for gap in (120, 0):
            for t in tier:
                if len(chosen) == count:
                    break
                if apart(t, gap):
                    chosen.append(t)

    chosen.sort(key=lambda t: (-score[t], t))
    return tuple(
        RankedSlot(
            start=_minute_to_datetime(t),
            end=_minute_to_datetime(t + minutes),
            inside=tuple(m.id for m, key in zip(members, keys, strict=True) if t in fits[key]),
            outside=tuple(m.id for m, key in zip(members, keys, strict=True) if t not in fits[key]),
        )
        for t in chosen
    )
