"""The days a project's series leaves out: public holidays of the people invited.

An occurrence is skipped when it falls on a public holiday where any attendee on the
client's or a partner's side works (the contact's, else their company's, holiday
calendar, such as "US-NY"), or on a holiday of our organisation, or of the location of any
of ours on the series. One missing attendee's day off is not a reason (the others still
meet), but a holiday is: half the room would be missing, and nobody should be asked to
dial in on Thanksgiving. The calendar leaves the date out (EXDATE) and the invitation says
why, with the holiday's name in the reader's language where the calendar has it.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from hallway.absences.models import Holiday
from hallway.absences.selectors import AbsenceCalendar
from hallway.absences.services import public_holidays
from hallway.engine.cadence import Recurrence, occurrence_dates
from hallway.projects.models import MeetingSeries, RosterMember

HORIZON = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Reason:
    """One holiday behind a skipped day: its name (the calendar's own, and by UI language)
    and where it is kept ("US-NY", a location, the organisation)."""

    name: str
    where: str
    names: dict[str, str] = field(default_factory=dict)

    def text(self, language: str) -> str:
        code = (language or "en").lower().split("-")[0]
        return f"{self.names.get(code) or self.name} ({self.where})"


@dataclass(frozen=True)
class SkippedDay:
    on: datetime.date
    reasons: tuple[Reason, ...]

    def why(self, language: str) -> str:
        return "; ".join(reason.text(language) for reason in self.reasons)


@functools.lru_cache(maxsize=256)
def _public(region: str, year: int) -> dict[datetime.date, tuple[str, dict[str, str]]]:
    country, _sep, subdivision = region.upper().partition("-")
    try:
        return public_holidays(country=country, subdivision=subdivision, year=year)
    except NotImplementedError:  # the package's answer for a calendar it does not know
        return {}


def _contact_regions(members: Sequence[RosterMember]) -> list[str]:
    regions = {
        str(m.contact.effective("holiday_region") or "").upper()
        for m in members
        if m.contact is not None
    }
    return sorted(r for r in regions if r)


def _our_holidays(
    series: MeetingSeries,
    members: Sequence[RosterMember],
    first: datetime.date,
    last: datetime.date,
) -> dict[datetime.date, list[Holiday]]:
    calendar = AbsenceCalendar(
        organisation=series.organisation, first=first, last=last, person_ids=[]
    )
    found: dict[datetime.date, list[Holiday]] = defaultdict(list)
    for day, holiday in calendar.everywhere.items():
        found[day].append(holiday)
    locations = {m.person.location_id for m in members if m.person is not None}
    for location_id in sorted(loc for loc in locations if loc is not None):
        for day, holiday in calendar.at.get(location_id, {}).items():
            found[day].append(holiday)
    return found


def _holiday_where(holiday: Holiday, series: MeetingSeries) -> str:
    if holiday.location_id is not None and holiday.location is not None:
        return holiday.location.name
    return holiday.region or series.organisation.name


def skipped_days(
    *,
    series: MeetingSeries,
    recurrence: Recurrence,
    members: Sequence[RosterMember],
    first: datetime.date,
    last: datetime.date,
) -> list[SkippedDay]:
    """The occurrence dates from `first` to `last` left out for a holiday, in order."""
    dates = occurrence_dates(recurrence, first, last)
    if not dates:
        return []
    reasons: dict[datetime.date, list[Reason]] = defaultdict(list)
    wanted = set(dates)
    for region in _contact_regions(members):
        for year in range(first.year, last.year + 1):
            for day, (name, names) in _public(region, year).items():
                if day in wanted:
                    reasons[day].append(Reason(name=name, where=region, names=names))
    ours = [m for m in members if m.person is not None]
    for day, holidays in _our_holidays(series, ours, dates[0], dates[-1]).items():
        if day in wanted:
            for holiday in holidays:
                names = holiday.names if isinstance(holiday.names, dict) else {}
                reasons[day].append(
                    Reason(name=holiday.name, where=_holiday_where(holiday, series), names=names)
                )
    return [SkippedDay(on=day, reasons=tuple(reasons[day])) for day in dates if reasons[day]]
