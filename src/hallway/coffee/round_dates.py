"""When a program's rounds are: cadence dates, holidays that move them, the round's start,
end and "meet by" day, all in the organisation's zone.

A program's cadence is an RFC 5545 recurrence (`program_recurrence`), derived here from its
cadence, weekday, hour and first round rather than stored: those fields are what organisers,
the API and the demo edit, so one source of truth stays one, and `hallway.engine.cadence`
evaluates the rule on the organisation's wall clock (09:00 stays 09:00 across DST).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q

from hallway.absences.models import Holiday
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import Cadence, Program, Round
from hallway.coffee.selectors.participants import SENT
from hallway.engine.cadence import Recurrence, local_instant, occurrences_after, recurrence

_UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)


def _anchor(program: Program) -> datetime.date:
    """The first day on or after `first_round_on` that falls on the program's weekday."""
    first = program.first_round_on
    return first + datetime.timedelta(days=(program.weekday - first.isoweekday()) % 7)


_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def program_rule(program: Program) -> str:
    """The program's cadence as an RRULE: weekly or every two weeks on its weekday; monthly
    on the same n-th weekday as its first round (the 2nd Tuesday, ...; a 5th counts as the
    4th so that every month has one)."""
    day = _BYDAY[program.weekday - 1]
    if program.cadence == Cadence.MONTHLY:
        nth = min((_anchor(program).day - 1) // 7 + 1, 4)
        return f"FREQ=MONTHLY;BYDAY=+{nth}{day}"
    if program.cadence == Cadence.EVERY_2_WEEKS:
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    return f"FREQ=WEEKLY;BYDAY={day}"


def program_recurrence(program: Program) -> Recurrence:
    """The program's rounds as a recurrence in the organisation's zone, from its first round
    (the first day on or after `first_round_on` on its weekday) at its hour."""
    start = datetime.datetime.combine(_anchor(program), datetime.time(program.hour))
    return recurrence(program_rule(program), start=start, timezone=program.organisation.timezone)


def cadence_dates(program: Program, since: datetime.date | None = None) -> Iterator[datetime.date]:
    """The program's round dates (in the organisation's zone) before holidays move them,
    from `since` on (default: from the first)."""
    rule = program_recurrence(program)
    zone = ZoneInfo(rule.timezone)
    moment = datetime.datetime.combine(since or rule.start.date(), datetime.time(0), tzinfo=zone)
    moment -= datetime.timedelta(microseconds=1)
    while batch := occurrences_after(rule, moment, 16):
        yield from (occurrence.date() for occurrence in batch)
        moment = batch[-1]


def _program_holidays(program: Program, since: datetime.date) -> set[datetime.date]:
    """Days the program's rounds do not start on: the organisation's holidays, and, for a
    program whose audience is chosen by location only, the days that are a holiday at every
    one of its locations (a Köln-only program skips Köln's public holidays)."""
    # `.all()` and `.exists()`: no query where the caller prefetched the audience.
    locations = {location.pk for location in program.audience_locations.all()}
    by_location = bool(locations) and not (
        program.audience_teams.exists() or program.audience_tags.exists()
    )
    rows = scoped(Holiday, program.organisation).filter(date__gte=since)
    rows = rows.filter(Q(location__isnull=True) | Q(location__in=locations if by_location else []))
    holidays: set[datetime.date] = set()
    at: dict[int, set[datetime.date]] = {pk: set() for pk in locations}
    for location_id, day in rows.values_list("location_id", "date"):
        if location_id is None:
            holidays.add(day)
        else:
            at[location_id].add(day)
    if by_location:
        holidays |= set.intersection(*at.values())
    return holidays


def _moved(day: datetime.date, holidays: set[datetime.date]) -> datetime.date:
    """`day`, or the next working day (Monday to Friday) when it is a holiday."""
    if day not in holidays:
        return day
    day += _DAY
    while day in holidays or day.isoweekday() > 5:
        day += _DAY
    return day


@dataclass(frozen=True)
class NextRound:
    date: datetime.date
    moved_from: datetime.date | None
    next_date: datetime.date


def next_round(program: Program, today: datetime.date) -> NextRound:
    last_sent = (
        Round.objects.filter(program=program, status__in=SENT)
        .order_by("-scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    # A holiday moves a date by a few days at most, so the dates from two months back are
    # enough to find one moved onto or past today.
    since = min(today, last_sent or today) - 60 * _DAY
    holidays = _program_holidays(program, since)
    dates = cadence_dates(program, since)
    for cadence in dates:
        day = _moved(cadence, holidays)
        if day < today or (last_sent is not None and day <= last_sent):
            continue
        following = next(dates)
        return NextRound(
            date=day,
            moved_from=cadence if day != cadence else None,
            next_date=max(_moved(following, holidays), day + _DAY),
        )
    raise AssertionError("cadence dates never end")  # pragma: no cover


def next_round_date(*, program: Program, today: datetime.date) -> datetime.date:
    """The date of the program's next round: the first cadence date on or after `today` (and
    `first_round_on`) after the last round that went out, moved to the next working day
    when a holiday of the organisation (or of all its audience's locations) falls on it."""
    return next_round(program, today).date


def round_start(program: Program, day: datetime.date) -> datetime.datetime:
    """The instant (UTC) the round of `day` starts: the program's hour in the organisation's
    zone, read as `hallway.engine.cadence.local_instant` reads a DST gap or fold."""
    hour = datetime.time(program.hour)
    return local_instant(day, hour, program.organisation.timezone).astimezone(_UTC)


def meet_by(program: Program, ends_at: datetime.datetime) -> datetime.date:
    """The last day (in the organisation's zone) before the next round starts."""
    return ends_at.astimezone(ZoneInfo(program.organisation.timezone)).date() - _DAY
