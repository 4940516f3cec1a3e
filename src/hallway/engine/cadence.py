"""Recurrences and rhythms: when something repeats, and how overdue something is.

**Recurrences** are RFC 5545 RRULEs ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"), evaluated by
python-dateutil on the *wall clock* of one IANA zone and only then turned into instants.
So a weekly 09:00 Europe/Berlin event is 09:00 in Berlin in January (08:00 UTC) and in
July (07:00 UTC): the rule never drifts by an hour across a DST switch.

Two wall-clock times need a decision, and it is RFC 5545's (section 3.3.5), the same one
every calendar client applies to an invitation with a TZID:

* a time that does not exist (inside the spring-forward gap, 02:30 on the last Sunday of
  March in Berlin) is read with the offset *before* the gap, so it happens that many
  minutes later on the new clock (03:30 CEST);
* a time that exists twice (inside the autumn fold, 02:30 on the last Sunday of October)
  is the *first* of the two (02:30 CEST, not 02:30 CET).

`local_instant` is that rule in one place; everything here goes through it. Occurrences
are returned as aware datetimes in the recurrence's zone, strictly increasing (two wall
times that land on the same instant, such as 02:00 and 03:00 on a spring-forward day,
are one occurrence).

Rules repeat at most daily (several times a day with BYHOUR is fine); DTSTART is not part
of the rule text but given separately as a wall-clock start; UNTIL may be a local time or
UTC ("…Z"), as RFC 5545 asks when DTSTART has a zone. A rule that is malformed, more
frequent than daily, or never occurs within `SEARCH_YEARS` raises `RuleError` with a
`code` (for translated messages) and an English `detail`.

**Rhythms** answer "how overdue is this?": given the last touch and an interval
(`overdue`), or against the subject's own usual interval (`usual_interval`,
`against_rhythm`).
"""

import datetime
import functools
import heapq
import itertools
import math
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

#: How far ahead any search looks: a rule with no occurrence in this many years is refused
#: (`never_occurs`), and no search ever runs longer than this.
SEARCH_YEARS = 10
#: How far a wall-clock time can move when it becomes an instant (the largest UTC offset
#: change a zone has made, Samoa's skipped day in 2011, with room to spare).
_SHIFT = datetime.timedelta(days=2)
_UTC = datetime.UTC
_TOO_FREQUENT = ("SECONDLY", "MINUTELY", "HOURLY")
_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


class RuleError(ValueError):
    """A recurrence that cannot be used.

    `code` names the problem for a translated message: "empty", "not_one_rule" (several
    lines, or a DTSTART inside the text), "syntax" (dateutil could not read it; `detail`
    says where), "too_frequent" (more often than daily), "bad_interval" (INTERVAL below
    1), "never_occurs" (no occurrence within `SEARCH_YEARS`), "bad_timezone".
    """

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Recurrence:
    """A validated rule: `rule` without DTSTART, its first wall-clock time `start` (naive,
    read in `timezone`). Make one with `recurrence()`, which checks it."""

    rule: str
    start: datetime.datetime
    timezone: str


@functools.lru_cache(maxsize=128)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_instant(day: datetime.date, at: datetime.time, timezone: str) -> datetime.datetime:
    """The instant (aware, in `timezone`) of wall-clock `at` on local `day`, by RFC 5545:
    a time inside a DST gap is read with the offset before the gap (02:30 → 03:30 on the
    new clock); a time inside a fold is the first of its two instants."""
    zone = _zone(timezone)
    naive = datetime.datetime.combine(day, at.replace(tzinfo=None, fold=0))
    # fold=0 is the offset before a transition: RFC 5545's reading of both cases. Going
    # through UTC turns a non-existent wall time into the real instant it names.
    return naive.replace(tzinfo=zone).astimezone(_UTC).astimezone(zone)


def _wall(moment: datetime.datetime, timezone: str) -> datetime.datetime:
    """`moment` as a naive wall-clock time in `timezone` (naive moments are taken as wall
    clock already)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_zone(timezone)).replace(tzinfo=None, fold=0)


def _normalise(rule: str) -> str:
    text = (rule or "").strip()
    if not text:
        raise RuleError("empty", "The rule is empty.")
    if "\n" in text or "\r" in text or "DTSTART" in text.upper():
        raise RuleError(
            "not_one_rule", "Give one RRULE without DTSTART; the start is set separately."
        )
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    return text.upper()


def _until_local(text: str, timezone: str) -> str:
    """UNTIL in UTC ("…Z") as the zone's wall clock, since rules run on the wall clock."""

    def local(match: re.Match[str]) -> str:
        utc = datetime.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=_UTC)
        return "UNTIL=" + _wall(utc, timezone).strftime("%Y%m%dT%H%M%S")

    return _UNTIL_UTC.sub(local, text)


def _build(rule: str, start: datetime.datetime, timezone: str) -> rrule:
    try:
        built = rrulestr(_until_local(rule, timezone), dtstart=start)
    except (ValueError, TypeError, OverflowError) as exc:
        message = str(exc)
        if "missing 1 required positional argument: 'freq'" in message:
            message = "FREQ is missing (for example FREQ=WEEKLY)."
        raise RuleError("syntax", message) from exc
    if not isinstance(built, rrule):  # pragma: no cover - one RRULE line is never a set
        raise RuleError("not_one_rule", "Give exactly one RRULE.")
    return built


def _parts(rule: str) -> dict[str, str]:
    """A normalised rule's parts by name ("FREQ" → "WEEKLY")."""
    return dict(part.split("=", 1) for part in rule.split(";") if "=" in part)


def _until(value: str) -> datetime.datetime:
    text = value.rstrip("Z")
    return datetime.datetime.strptime(text, "%Y%m%dT%H%M%S" if "T" in text else "%Y%m%d")


def _bounded(built: rrule, rule: str, horizon: datetime.datetime) -> rrule:
    """The rule cut off at `horizon`, so a search over it always ends: dateutil looks
    through every period up to the year 9999 for a rule that matches nothing more."""
    parts = _parts(rule)
    if "COUNT" in parts:  # COUNT and UNTIL exclude each other; COUNT ends on its own
        return built
    if "UNTIL" in parts and _until(parts["UNTIL"]) <= horizon:
        return built
    return built.replace(until=horizon)


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _never_matches(parts: dict[str, str], start: datetime.datetime) -> bool:
    """Whether a daily or weekly rule can be seen never to occur without running it.

    dateutil looks through every day up to the year 9999 for a rule whose filters match
    nothing (seconds of work), and UNTIL does not stop it, since UNTIL is only checked on
    matching days. So the two ways such a rule never occurs are checked here first: its
    calendar filters match no day of any year (February 30th; checked with the filters as a
    yearly rule, one step a year), or its INTERVAL steps only over weekdays its BYDAY
    leaves out (every 7th day, Mondays, from a Tuesday). Monthly and yearly rules take one
    step a month or a year, so dateutil searches them quickly.
    """
    if parts.get("FREQ") not in ("DAILY", "WEEKLY"):
        return False
    days = [re.sub(r"^[+-]?\d+", "", day) for day in parts.get("BYDAY", "").split(",") if day]
    if parts.get("FREQ") == "DAILY" and days:
        step = int(parts.get("INTERVAL", "1") or 1)
        reached = {(start.weekday() + n * step) % 7 for n in range(7)}
        if not reached & {_WEEKDAYS.index(day) for day in days if day in _WEEKDAYS}:
            return True
    static = ["FREQ=YEARLY"] + [
        f"{name}={parts[name]}"
        for name in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
        if name in parts
    ]
    if days:
        static.append("BYDAY=" + ",".join(days))
    first = start.replace(month=1, day=1, hour=0, minute=0, second=0)
    cycle = rrulestr(";".join(static) + ";COUNT=1", dtstart=first)
    return cycle.after(first, inc=True) is None


def recurrence(rule: str, *, start: datetime.datetime, timezone: str) -> Recurrence:
    """Check `rule` and return it as a `Recurrence` starting at wall-clock `start` in
    `timezone` (an aware `start` is converted to that zone's wall clock).

    Raises `RuleError` (with a `code` and an English `detail`) for an empty or malformed
    rule, a DTSTART inside the text, a rule more frequent than daily, INTERVAL below 1, an
    unknown zone, or a rule with no occurrence within `SEARCH_YEARS` of `start`.
    """
    text = _normalise(rule)
    try:
        _zone(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuleError("bad_timezone", f"Unknown time zone {timezone!r}.") from exc
    wall = _wall(start, timezone).replace(microsecond=0)
    built = _build(text, wall, timezone)
    parts = _parts(text)
    if parts.get("FREQ") in _TOO_FREQUENT:
        raise RuleError("too_frequent", "Rules may repeat at most daily.")
    if parts.get("INTERVAL", "1").isdigit() and int(parts.get("INTERVAL", "1")) < 1:
        raise RuleError("bad_interval", "INTERVAL must be 1 or more.")
    horizon = wall.replace(year=min(wall.year + SEARCH_YEARS, datetime.MAXYEAR - 1), day=1)
    if _never_matches(parts, wall) or _bounded(built, text, horizon).after(wall, inc=True) is None:
        raise RuleError(
            "never_occurs",
            f"The rule has no occurrence in the {SEARCH_YEARS} years from its start.",
        )
    return Recurrence(rule=text, start=wall, timezone=timezone)


def _rule(recurrence: Recurrence) -> rrule:
    return _build(recurrence.rule, recurrence.start, recurrence.timezone)


def _walls(recurrence: Recurrence, after: datetime.datetime) -> Iterator[datetime.datetime]:
    """Wall-clock occurrences from `after` on, until the rule ends or has none for
    `SEARCH_YEARS` in a row (each window is cut off there, so no search runs forever)."""
    built = _rule(recurrence)
    cursor, inclusive = after, True
    while True:
        year = min(cursor.year + SEARCH_YEARS, datetime.MAXYEAR - 1)
        horizon = cursor.replace(year=year, month=1, day=1)
        found = False
        for wall in _bounded(built, recurrence.rule, horizon).xafter(cursor, inc=inclusive):
            found = True
            cursor = wall
            yield wall
        if not found or year >= datetime.MAXYEAR - 1:
            return
        inclusive = False


def _instants(recurrence: Recurrence, after: datetime.datetime) -> Iterator[datetime.datetime]:
    """Occurrence instants strictly after aware `after`, strictly increasing.

    Wall-clock order and instant order differ only within a DST gap (02:30 becomes 03:30,
    later than 03:15), so an instant is released once the wall clock has moved more than
    any offset change past it.
    """
    zone = recurrence.timezone
    waiting: list[tuple[datetime.datetime, datetime.datetime]] = []  # (instant, wall)
    last: datetime.datetime | None = None
    for wall in _walls(recurrence, _wall(after, zone) - _SHIFT):
        instant = local_instant(wall.date(), wall.time(), zone)
        heapq.heappush(waiting, (instant.astimezone(_UTC), wall))
        while waiting and waiting[0][1] < wall - _SHIFT:
            released, _wall_time = heapq.heappop(waiting)
            if released > after and (last is None or released > last):
                last = released
                yield released.astimezone(_zone(zone))
    while waiting:
        released, _wall_time = heapq.heappop(waiting)
        if released > after and (last is None or released > last):
            last = released
            yield released.astimezone(_zone(zone))


def occurrences_after(
    recurrence: Recurrence, moment: datetime.datetime, count: int
) -> list[datetime.datetime]:
    """The next `count` occurrences strictly after aware `moment`, as aware datetimes in the
    recurrence's zone, strictly increasing (fewer when the rule ends, or has none for
    `SEARCH_YEARS` in a row)."""
    if moment.tzinfo is None:
        raise ValueError("moment must be aware")
    found: list[datetime.datetime] = []
    if count <= 0:
        return found
    for instant in _instants(recurrence, moment):
        found.append(instant)
        if len(found) == count:
            break
    return found


def next_occurrence(recurrence: Recurrence, moment: datetime.datetime) -> datetime.datetime | None:
    """The first occurrence strictly after aware `moment`, or None when there is none."""
    found = occurrences_after(recurrence, moment, 1)
    return found[0] if found else None


def occurrence_dates(
    recurrence: Recurrence, first: datetime.date, last: datetime.date
) -> list[datetime.date]:
    """The local dates from `first` to `last` (inclusive) on which the rule occurs, in order.

    A date is the wall-clock date the rule names; for a rule at 02:30 on a spring-forward
    Sunday that is still that Sunday (at 03:30)."""
    if last < first:
        return []
    start = datetime.datetime.combine(first, datetime.time(0))
    end = datetime.datetime.combine(last, datetime.time(0)) + datetime.timedelta(days=1)
    dates: list[datetime.date] = []
    for wall in _bounded(_rule(recurrence), recurrence.rule, end).xafter(start, inc=True):
        if wall >= end:
            break
        if not dates or dates[-1] != wall.date():
            dates.append(wall.date())
    return dates


def is_occurrence(recurrence: Recurrence, day: datetime.date) -> bool:
    """Whether the rule occurs (at least once) on local date `day`."""
    return bool(occurrence_dates(recurrence, day, day))


# --- Rhythms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    """How a rhythm stands on a day.

    `due_on`: the day the next touch is due. `days`: days past due (0 on the day itself,
    negative while there is time left). `ratio`: time since the last touch over the interval
    (0 just touched, 1 due, 2 twice as long as wanted), comparable across intervals, so a
    queue can sort a weekly contact one week late before a quarterly one a week late.
    """

    due_on: datetime.date
    days: int
    ratio: float

    @property
    def is_due(self) -> bool:
        """Due today or overdue."""
        return self.days >= 0


def overdue(*, last: datetime.date, every_days: float, today: datetime.date) -> Overdue:
    """How overdue something last touched on `last` is on `today`, if it should be touched
    every `every_days` days (more than 0; fractions round the due date up)."""
    if every_days <= 0:
        raise ValueError("every_days must be more than 0")
    elapsed = (today - last).days
    due_on = last + datetime.timedelta(days=math.ceil(every_days))
    return Overdue(due_on=due_on, days=(today - due_on).days, ratio=elapsed / every_days)


def usual_interval(days: Iterable[datetime.date]) -> float | None:
    """The usual number of days between touches: the median gap between distinct days.

    None with fewer than three distinct days, since one gap is no rhythm yet. The median,
    not the mean, so one long summer break does not make a weekly rhythm look monthly."""
    ordered = sorted(set(days))
    if len(ordered) < 3:
        return None
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(ordered)]
    return float(statistics.median(gaps))


def against_rhythm(days: Iterable[datetime.date], *, today: datetime.date) -> Overdue | None:
    """How quiet something is against its own rhythm: `overdue` from its last touch with its
    `usual_interval`. None when it has no rhythm yet (see `usual_interval`)."""
    ordered = sorted(set(days))
    interval = usual_interval(ordered)
    if interval is None:
        return None
    return overdue(last=ordered[-1], every_days=interval, today=today)
