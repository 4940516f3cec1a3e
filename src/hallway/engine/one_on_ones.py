"""Planning the 1:1s that are still missing between two sides of a project.

Each missing pair (one of ours, one of theirs) should meet once within the next `weeks`
weeks (seven days each, from now), at a time inside both people's working hours, on a day
neither is away, with nobody in more than `per_week` 1:1s in any calendar week (meetings
already booked count).

Which pair meets in which week is a bipartite b-matching over (pair, week): a 0/1
variable per pair and week in which the pair has a time, at most one week per pair, at
most the remaining capacity per person and week. Its constraint matrix is totally
unimodular, so HiGHS (SciPy's `milp`) solves it exactly and fast: the largest number of
1:1s is planned, the more urgent pairs (earlier due) first when capacity is short, each as
early as it can be. The times inside a week are then given out pair by pair, the pair with
the fewest choices first, never overlapping another meeting of either person and at most
one 1:1 a day for each while a choice without it exists. A pair that finds no free time
in its week moves to a later week that still has room.

Weeks are ISO weeks (Monday to Sunday) in UTC: for working hours anywhere from the
Americas to Asia they are the local weeks too.

Every pair that stays unplanned gets a reason code:

- `no_common_hours`: their working hours never meet;
- `away`: they would, but every such time in the window falls on a day one of them is away;
- `capacity`: times exist, but one of them already has `per_week` 1:1s in each such week.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from hallway.engine.model import Participant
from hallway.engine.slots import next_slots, weekly_overlap_minutes

NO_COMMON_HOURS = "no_common_hours"
AWAY = "away"
CAPACITY = "capacity"
# Times looked at per pair and week: enough for a choice on every working day.
CANDIDATES_PER_WEEK = 20


@dataclass(frozen=True)
class Need:
    """A 1:1 that has not happened yet; `due` orders pairs when capacity is short."""

    ours: str
    theirs: str
    due: datetime.date | None = None


@dataclass(frozen=True)
class Booked:
    """A meeting someone already has: it takes time and, when `counts` (another 1:1), counts
    against their week; a team meeting only blocks its time."""

    person: str
    start: datetime.datetime
    end: datetime.datetime
    counts: bool = True


@dataclass(frozen=True)
class Meeting:
    ours: str
    theirs: str
    start: datetime.datetime  # aware, UTC
    end: datetime.datetime


@dataclass(frozen=True)
class Unplannable:
    ours: str
    theirs: str
    reason: str


@dataclass(frozen=True)
class OneOnOnePlan:
    meetings: tuple[Meeting, ...]
    unplannable: tuple[Unplannable, ...]


def week_monday(moment: datetime.datetime) -> datetime.date:
    """The Monday (UTC) of the ISO week an instant falls in."""
    day = moment.astimezone(datetime.UTC).date()
    return day - datetime.timedelta(days=day.weekday())


def _week_bounds(monday: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(monday, datetime.time(0), tzinfo=datetime.UTC)
    return start, start + datetime.timedelta(days=7)


def _local_day(person: Participant, at: datetime.datetime) -> datetime.date:
    return at.astimezone(ZoneInfo(person.timezone)).date()


def _overlaps(start: datetime.datetime, end: datetime.datetime, busy: Iterable[Booked]) -> bool:
    return any(start < b.end and b.start < end for b in busy)


def plan_one_on_ones(
    participants: Mapping[str, Participant],
    needs: Sequence[Need],
    *,
    now: datetime.datetime,
    weeks: int,
    per_week: int,
    minutes: int = 30,
    away: Mapping[str, frozenset[datetime.date]] | None = None,
    booked: Sequence[Booked] = (),
    until: datetime.datetime | None = None,
) -> OneOnOnePlan:
    """Plan as many of `needs` as fit (see the module docstring).

    `now` is an aware datetime: no meeting starts before it. `away` holds each person's
    local dates off (holidays, out of office); `booked` their meetings already planned in
    the window; `until` (aware) is the latest a meeting may end, such as a project's last
    day. Deterministic for the same input.
    """
    away = away or {}
    if weeks <= 0 or per_week <= 0 or minutes <= 0:
        return OneOnOnePlan((), tuple(Unplannable(n.ours, n.theirs, CAPACITY) for n in needs))
    # The window is `weeks` times seven days from now, whatever the weekday: planning on a
    # Friday must not lose a week to the one that is ending. Capacity is per calendar
    # week, so the window touches one more of them unless it starts on a Monday at 00:00.
    end = now + datetime.timedelta(weeks=weeks)
    until = end if until is None else min(until, end)
    first_monday = week_monday(now)
    last_monday = week_monday(end - datetime.timedelta(microseconds=1))
    mondays = [
        first_monday + datetime.timedelta(weeks=w)
        for w in range((last_monday - first_monday).days // 7 + 1)
    ]
    ordered = sorted(needs, key=lambda n: (n.due or datetime.date.max, n.ours, n.theirs))

    # Free times per pair and week, and why a pair has none.
    options: dict[tuple[int, int], list[datetime.datetime]] = {}
    reasons: dict[int, str] = {}
    for i, need in enumerate(ordered):
        members = (participants[need.ours], participants[need.theirs])
        any_time = False
        for w, monday in enumerate(mondays):
            lo, hi = _week_bounds(monday)
            lo = max(lo, now)
            hi = min(hi, until)
            if hi <= lo:
                continue
            days = max(1, -(-int((hi - lo).total_seconds()) // 86400))
            found = [
                s
                for s in next_slots(
                    members, now=lo, days=days, minutes=minutes, count=CANDIDATES_PER_WEEK
                )
                if s.end <= hi
            ]
            any_time = any_time or bool(found)
            free = [
                s.start
                for s in found
                if all(_local_day(p, s.start) not in away.get(p.id, ()) for p in members)
            ]
            if free:
                options[i, w] = free
        if not any(key[0] == i for key in options):
            overlap = weekly_overlap_minutes(*members, week_of=first_monday)
            reasons[i] = AWAY if any_time or overlap >= minutes else NO_COMMON_HOURS

    booked_by: dict[str, list[Booked]] = defaultdict(list)
    load: dict[tuple[str, int], int] = defaultdict(int)
    week_of = {monday: w for w, monday in enumerate(mondays)}
    for b in booked:
        booked_by[b.person].append(b)
        week = week_of.get(week_monday(b.start))
        if week is not None and b.counts:
            load[b.person, week] += 1

    chosen = _choose_weeks(ordered, options, load, per_week, len(mondays))
    meetings = _give_times(
        participants, ordered, options, chosen, booked_by, load, per_week, minutes
    )

    planned = {(m.ours, m.theirs) for m in meetings}
    unplannable = [
        Unplannable(n.ours, n.theirs, reasons.get(i, CAPACITY))
        for i, n in enumerate(ordered)
        if (n.ours, n.theirs) not in planned
    ]
    meetings.sort(key=lambda m: (m.start, m.ours, m.theirs))
    return OneOnOnePlan(tuple(meetings), tuple(unplannable))


def _choose_weeks(
    ordered: Sequence[Need],
    options: Mapping[tuple[int, int], list[datetime.datetime]],
    load: Mapping[tuple[str, int], int],
    per_week: int,
    weeks: int,
) -> dict[int, int]:
    """The week of each pair that is planned: the exact b-matching of the module docstring."""
    keys = sorted(options)
    if not keys:
        return {}
    n = len(keys)
    # Count first (a weight no urgency or earliness can outweigh), then urgency, then early.
    big = float(len(ordered) * (weeks + 1) + 1) * (weeks + 1)
    weight = np.array(
        [big + (len(ordered) - i) * (weeks + 1) + (weeks - w) for i, w in keys], dtype=float
    )
    rows: list[int] = []
    cols: list[int] = []
    upper: list[float] = []
    row_of: dict[tuple[str, object], int] = {}

    def row(key: tuple[str, object], cap: float) -> int:
        if key not in row_of:
            row_of[key] = len(upper)
            upper.append(cap)
        return row_of[key]

    for col, (i, w) in enumerate(keys):
        need = ordered[i]
        for r in (
            row(("pair", i), 1),
            row(("person", (need.ours, w)), max(0, per_week - load.get((need.ours, w), 0))),
            row(("person", (need.theirs, w)), max(0, per_week - load.get((need.theirs, w), 0))),
        ):
            rows.append(r)
            cols.append(col)
    matrix = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(upper), n))
    result = milp(
        c=-weight,
        constraints=LinearConstraint(matrix, -np.inf, np.array(upper)),
        integrality=np.ones(n, dtype=np.int64),
        bounds=Bounds(0, 1),
    )
    if result.x is None:  # cannot happen (all zeros is feasible), but never plan garbage
        return {}
    return {i: w for (i, w), x in zip(keys, result.x, strict=True) if x > 0.5}


def _give_times(
    participants: Mapping[str, Participant],
    ordered: Sequence[Need],
    options: Mapping[tuple[int, int], list[datetime.datetime]],
    chosen: Mapping[int, int],
    booked_by: dict[str, list[Booked]],
    load: dict[tuple[str, int], int],
    per_week: int,
    minutes: int,
) -> list[Meeting]:
    length = datetime.timedelta(minutes=minutes)
    meetings: list[Meeting] = []
    days_taken: dict[str, set[datetime.date]] = defaultdict(set)

    def day(who: str, start: datetime.datetime) -> datetime.date:
        return _local_day(participants[who], start) if who in participants else start.date()

    for b in (b for bs in booked_by.values() for b in bs if b.counts):
        days_taken[b.person].add(day(b.person, b.start))
    leftovers: list[int] = []

    def fits(i: int, w: int, *, one_a_day: bool) -> datetime.datetime | None:
        need = ordered[i]
        for start in options.get((i, w), ()):
            end = start + length
            if _overlaps(start, end, booked_by[need.ours]) or _overlaps(
                start, end, booked_by[need.theirs]
            ):
                continue
            if one_a_day and (
                day(need.ours, start) in days_taken[need.ours]
                or day(need.theirs, start) in days_taken[need.theirs]
            ):
                continue
            return start
        return None

    def book(i: int, w: int, start: datetime.datetime) -> None:
        need = ordered[i]
        end = start + length
        meetings.append(Meeting(need.ours, need.theirs, start, end))
        for who in (need.ours, need.theirs):
            booked_by[who].append(Booked(who, start, end))
            days_taken[who].add(day(who, start))
            load[who, w] += 1

    by_week: dict[int, list[int]] = defaultdict(list)
    for i, w in chosen.items():
        by_week[w].append(i)
    for w in sorted(by_week):
        for i in sorted(by_week[w], key=lambda i: (len(options[i, w]), i)):
            start = fits(i, w, one_a_day=True) or fits(i, w, one_a_day=False)
            if start is None:
                leftovers.append(i)
            else:
                book(i, w, start)
    # A pair whose week had no free time left: the first later week with room and time.
    for i in leftovers:
        need = ordered[i]
        for w in sorted(w for j, w in options if j == i):
            if load[need.ours, w] >= per_week or load[need.theirs, w] >= per_week:
                continue
            start = fits(i, w, one_a_day=True) or fits(i, w, one_a_day=False)
            if start is not None:
                book(i, w, start)
                break
    return meetings
