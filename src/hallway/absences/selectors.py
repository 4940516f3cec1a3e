"""Who is away when: one answer for every capability.

`AbsenceCalendar` loads, for one organisation and a span of days, everything that makes
someone away, in two queries whatever the number of people, and answers per person and
day. Someone is away on a day when (in this order, the first one found is the reason):

1. an out-of-office range of theirs covers it (`OUT_OF_OFFICE`, owned here);
2. they are paused in the directory (`PAUSED`: `status=paused` before `paused_until`,
   owned by people; the pause ends on its `paused_until` day);
3. it is a holiday of the whole organisation (`HOLIDAY`) or of their location
   (`LOCAL_HOLIDAY`), owned here;
4. it is not one of their working days (`DAY_OFF`: `Person.working_days`, owned by people),
   unless the question is only about real absences (`days_off=False`).

A coffee program's own pause ("no coffee for now") is not an absence: coffee owns it and
checks it itself. Days are the person's local dates; `free_at` turns an instant into one.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from hallway.absences.models import Holiday, OutOfOffice
from hallway.accounts.models import Membership, Organisation, Role
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person, PersonStatus

OUT_OF_OFFICE = "out_of_office"
PAUSED = "paused"
HOLIDAY = "holiday"
LOCAL_HOLIDAY = "local_holiday"
DAY_OFF = "day_off"
_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Away:
    """Why someone is away on a day: a reason code, and the holiday or range behind it."""

    reason: str
    holiday: Holiday | None = None
    out_of_office: OutOfOffice | None = None


def paused_on(person: Person, day: datetime.date) -> bool:
    """Paused in the directory on `day` (the pause ends on its `paused_until` day)."""
    return person.status == PersonStatus.PAUSED and (
        person.paused_until is None or person.paused_until > day
    )


class AbsenceCalendar:
    """Everything that makes people of `organisation` away from `first` to `last`.

    Loads the holidays of the organisation and of every location in that span, and the
    out-of-office ranges that touch it (of `person_ids` only, when given). Asking about a
    day outside the span is a programming error (ValueError), never a silent "not away".
    """

    def __init__(
        self,
        *,
        organisation: Organisation,
        first: datetime.date,
        last: datetime.date,
        person_ids: Iterable[int] | None = None,
    ) -> None:
        self.first, self.last = first, last
        self.everywhere: dict[datetime.date, Holiday] = {}
        self.at: dict[int, dict[datetime.date, Holiday]] = defaultdict(dict)
        for holiday in scoped(Holiday, organisation).filter(date__range=(first, last)):
            if holiday.location_id is None:
                self.everywhere[holiday.date] = holiday
            else:
                self.at[holiday.location_id][holiday.date] = holiday
        ranges = scoped(OutOfOffice, organisation).filter(first_day__lte=last, last_day__gte=first)
        if person_ids is not None:
            wanted = set(person_ids)
            # Filtered here, not with an IN list: SQLite caps the number of parameters.
            rows = [row for row in ranges.order_by("first_day") if row.person_id in wanted]
        else:
            rows = list(ranges.order_by("first_day"))
        self.ranges: dict[int, list[OutOfOffice]] = defaultdict(list)
        for row in rows:
            self.ranges[row.person_id].append(row)

    def _check(self, day: datetime.date) -> None:
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} is outside the calendar's {self.first} – {self.last}")

    def away_on(self, person: Person, day: datetime.date, *, days_off: bool = True) -> Away | None:
        """Why `person` is away on their local date `day`, or None when they are there.
        With `days_off=False` a day that is not one of their working days does not count."""
        self._check(day)
        for row in self.ranges.get(person.pk, ()):
            if row.first_day <= day <= row.last_day:
                return Away(OUT_OF_OFFICE, out_of_office=row)
        if paused_on(person, day):
            return Away(PAUSED)
        if day in self.everywhere:
            return Away(HOLIDAY, holiday=self.everywhere[day])
        local = self.at.get(person.location_id or 0, {})
        if day in local:
            return Away(LOCAL_HOLIDAY, holiday=local[day])
        if days_off and day.isoweekday() not in {int(d) for d in person.working_days or ()}:
            return Away(DAY_OFF)
        return None

    def away_throughout(
        self, person: Person, first: datetime.date, last: datetime.date
    ) -> Away | None:
        """Why `person` is away on every day from `first` to `last` (so has no day to meet),
        or None when they are there on at least one working day. The reason given is the
        weightiest one of those days: out of office, paused, a holiday, then days off."""
        found: list[Away] = []
        day = first
        while day <= last:
            away = self.away_on(person, day)
            if away is None:
                return None
            found.append(away)
            day += _DAY
        order = (OUT_OF_OFFICE, PAUSED, HOLIDAY, LOCAL_HOLIDAY, DAY_OFF)
        return min(found, key=lambda away: order.index(away.reason)) if found else None

    def free_at(self, person: Person, moment: datetime.datetime) -> bool:
        """Whether `person` is not away (days off aside: working hours are the slot
        engine's business) on their local date at `moment`."""
        local = moment.astimezone(ZoneInfo(person.timezone or "UTC")).date()
        return self.away_on(person, local, days_off=False) is None


def person_away_on(*, person: Person, day: datetime.date, days_off: bool = True) -> Away | None:
    """Why one person is away on `day`, or None (see `AbsenceCalendar.away_on`)."""
    calendar = AbsenceCalendar(
        organisation=person.organisation, first=day, last=day, person_ids=[person.pk]
    )
    return calendar.away_on(person, day, days_off=days_off)


def person_away_during(*, person: Person, first: datetime.date, last: datetime.date) -> Away | None:
    """Why one person is away on every day from `first` to `last`, or None (see
    `AbsenceCalendar.away_throughout`)."""
    calendar = AbsenceCalendar(
        organisation=person.organisation, first=first, last=last, person_ids=[person.pk]
    )
    return calendar.away_throughout(person, first, last)


# --- Pages --------------------------------------------------------------------------------


def out_of_office_may_edit(*, membership: Membership | None, user: object, person: Person) -> bool:
    """Who may add or remove a person's out-of-office ranges: the person themselves, their
    manager, and organisers (and above) of the organisation."""
    if membership is None or membership.organisation_id != person.organisation_id:
        return False
    if membership.has_role(Role.ORGANISER):
        return True
    if person.user_id is not None and person.user_id == getattr(user, "pk", None):
        return True
    manager = person.manager
    return (
        manager is not None
        and manager.user_id is not None
        and manager.user_id == getattr(user, "pk", None)
    )


def out_of_office_of(*, person: Person, since: datetime.date) -> QuerySet[OutOfOffice]:
    """A person's ranges that end on or after `since`, soonest first."""
    return scoped(OutOfOffice, person.organisation).filter(person=person, last_day__gte=since)


def out_of_office_upcoming(
    *, organisation: Organisation, first: datetime.date, last: datetime.date
) -> QuerySet[OutOfOffice]:
    """Everyone's ranges that touch `first` – `last`, soonest first."""
    return (
        scoped(OutOfOffice, organisation)
        .filter(first_day__lte=last, last_day__gte=first)
        .select_related("person", "person__team", "person__location")
        .order_by("first_day", "person__name", "id")
    )


def holidays_upcoming(
    *,
    organisation: Organisation,
    first: datetime.date,
    last: datetime.date,
    location_ids: Iterable[int] | None = None,
) -> QuerySet[Holiday]:
    """Holidays from `first` to `last`: the organisation's, and those of every location (or
    of `location_ids` only)."""
    days = scoped(Holiday, organisation).filter(date__range=(first, last))
    if location_ids is not None:
        days = days.filter(Q(location__isnull=True) | Q(location_id__in=list(location_ids)))
    return days.select_related("location").order_by("date", "location__name", "id")
