"""Reads of a project's meeting rhythm: how well it is kept, and what blocks the work."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import occurrences_after
from hallway.projects.models import MeetingHeld, MeetingSeries, Project, RosterMember
from hallway.projects.selectors.roster import roster_of
from hallway.projects.services.series import (
    cadence_words,
    series_dates,
    series_members,
    series_recurrence,
    series_zone,
)
from hallway.projects.services.series_holidays import HORIZON, SkippedDay, skipped_days
from hallway.rituals.interface import open_blockers_count


@dataclass(frozen=True)
class CadenceKept:
    """Meetings of the project's series that took place, of those planned so far."""

    held: int
    planned: int


def planned_dates(
    series: MeetingSeries, today: datetime.date, roster: list[RosterMember] | None = None
) -> list[datetime.date]:
    """The series' meetings from its first day to `today` (not after its end), without
    those left out for a holiday."""
    last = today if series.ended_on is None else min(today, series.ended_on)
    dates = series_dates(series, series.starts_on, last)
    if not dates:
        return []
    skipped = skipped_days(
        series=series,
        recurrence=series_recurrence(series),
        members=series_members(series, roster),
        first=dates[0],
        last=dates[-1],
    )
    left_out = {day.on for day in skipped}
    return [day for day in dates if day not in left_out]


def cadence_kept(*, project: Project, today: datetime.date) -> CadenceKept:
    """Occurrences up to `today` (not those on holidays left out of the series) and how many
    of them took place."""
    all_series = list(scoped(MeetingSeries, project.organisation).filter(project=project))
    if not all_series:
        return CadenceKept(held=0, planned=0)
    roster = roster_of(project)
    held_on: dict[int, set[datetime.date]] = {}
    for row in scoped(MeetingHeld, project.organisation).filter(
        series__project=project, held=True, on__lte=today
    ):
        held_on.setdefault(row.series_id, set()).add(row.on)
    held = planned = 0
    for series in all_series:
        dates = planned_dates(series, today, roster)
        planned += len(dates)
        held += len(held_on.get(series.pk, set()) & set(dates))
    return CadenceKept(held=held, planned=planned)


def open_blockers(*, project: Project) -> int:
    """Blockers named in the project's async check-ins and not yet resolved."""
    ids = [
        s.standup_id
        for s in scoped(MeetingSeries, project.organisation).filter(
            project=project, standup_id__isnull=False
        )
        if s.standup_id is not None
    ]
    return open_blockers_count(organisation=project.organisation, standup_ids=ids)


@dataclass(frozen=True)
class SeriesRow:
    """A series as its project's page shows it."""

    series: MeetingSeries
    cadence: str
    members: list[RosterMember]
    next_start: datetime.datetime | None
    # The holidays left out from today on, for a year.
    skipped: list[SkippedDay]


def _next_start(
    series: MeetingSeries, now: datetime.datetime, left_out: set[datetime.date]
) -> datetime.datetime | None:
    for start in occurrences_after(series_recurrence(series), now, len(left_out) + 1):
        if series.ended_on is not None and start.date() > series.ended_on:
            return None
        if start.date() not in left_out:
            return start
    return None


def series_row(
    series: MeetingSeries, now: datetime.datetime, roster: list[RosterMember] | None = None
) -> SeriesRow:
    members = series_members(series, roster)
    today = now.astimezone(ZoneInfo(series_zone(series))).date()
    first = max(today, series.starts_on)
    last = first + HORIZON if series.ended_on is None else min(first + HORIZON, series.ended_on)
    skipped = skipped_days(
        series=series,
        recurrence=series_recurrence(series),
        members=members,
        first=first,
        last=last,
    )
    return SeriesRow(
        series=series,
        cadence=cadence_words(series.rule),
        members=members,
        next_start=_next_start(series, now, {day.on for day in skipped}),
        skipped=skipped,
    )


def series_rows(*, project: Project, now: datetime.datetime) -> list[SeriesRow]:
    """The project's series, running ones first."""
    roster = roster_of(project)
    found = scoped(MeetingSeries, project.organisation).filter(project=project)
    rows = [series_row(s, now, roster) for s in found]
    rows.sort(key=lambda row: (row.series.ended_on is not None, row.series.name.casefold()))
    return rows


@dataclass(frozen=True)
class PastMeeting:
    on: datetime.date
    # None: nobody said yet.
    held: bool | None


def past_meetings(
    *, series: MeetingSeries, today: datetime.date, count: int = 12
) -> list[PastMeeting]:
    """The latest planned meetings up to `today`, newest first, with what was recorded."""
    dates = planned_dates(series, today)[-count:]
    recorded = dict(
        scoped(MeetingHeld, series.organisation)
        .filter(series=series, on__in=dates)
        .values_list("on", "held")
    )
    return [PastMeeting(on=day, held=recorded.get(day)) for day in reversed(dates)]
