"""When a program's rounds are: cadence dates, holidays that move them, the round's start,
end and "meet by" day, all in the organisation's zone."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hallway.accounts.tenancy import scoped
from hallway.coffee.models import Cadence, Holiday, Program, Round
from hallway.coffee.selectors.participants import SENT

_UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)


def _anchor(program: Program) -> datetime.date:
    """The first day on or after `first_round_on` that falls on the program's weekday."""
    first = program.first_round_on
    return first + datetime.timedelta(days=(program.weekday - first.isoweekday()) % 7)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def cadence_dates(program: Program) -> Iterator[datetime.date]:
    """The program's round dates before holidays move them: weekly or fortnightly from the
    first one; monthly on the same n-th weekday of each month (the 2nd Tuesday, ...; a 5th
    counts as the 4th so that every month has one)."""
    anchor = _anchor(program)
    if program.cadence == Cadence.MONTHLY:
        nth = min((anchor.day - 1) // 7 + 1, 4)
        year, month = anchor.year, anchor.month
        while True:
            day = _nth_weekday(year, month, program.weekday, nth)
            if day >= anchor:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = datetime.timedelta(days=7 if program.cadence == Cadence.WEEKLY else 14)
    day = anchor
    while True:
        yield day
        day += step


def _organisation_holidays(program: Program, since: datetime.date) -> set[datetime.date]:
    return set(
        scoped(Holiday, program.organisation)
        .filter(location__isnull=True, date__gte=since)
        .values_list("date", flat=True)
    )


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
    holidays = _organisation_holidays(program, min(today, program.first_round_on) - 366 * _DAY)
    dates = cadence_dates(program)
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
    when an organisation-wide holiday falls on it."""
    return next_round(program, today).date


def round_start(program: Program, day: datetime.date) -> datetime.datetime:
    zone = ZoneInfo(program.organisation.timezone)
    local = datetime.datetime.combine(day, datetime.time(program.hour), tzinfo=zone)
    return local.astimezone(_UTC)


def meet_by(program: Program, ends_at: datetime.datetime) -> datetime.date:
    """The last day (in the organisation's zone) before the next round starts."""
    return ends_at.astimezone(ZoneInfo(program.organisation.timezone)).date() - _DAY
