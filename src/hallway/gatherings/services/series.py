"""Gatherings that come back: "run it again" with the same guests, and recurring happy
hours (`GatheringSeries`) whose occurrences the daily job creates a few days ahead.

A series' cadence is one of a few RFC 5545 rules (`SeriesCadence`), evaluated by
`hallway.engine.cadence` on the organisation's wall clock, so 17:00 stays 17:00 across DST.
A date that is a holiday for the audience is skipped, not moved: a happy hour a day later
is a different happy hour, and the next one is only a week or a month away.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.absences.models import Holiday
from hallway.absences.selectors import AbsenceCalendar
from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import Recurrence, local_instant, occurrences_after, recurrence
from hallway.gatherings.models import (
    MAX_CAPACITY,
    Gathering,
    GatheringKind,
    GatheringSeries,
    GuestRole,
    GuestStatus,
    SeriesCadence,
)
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import Invitee, guests_invite
from hallway.people.models import Location, Person, PersonStatus, Team

logger = logging.getLogger(__name__)

# How far ahead the daily job creates an occurrence: invitations land about a week and a
# half before, early enough for calendars, late enough that the audience is current.
LEAD_DAYS = 10
# More than any cadence on offer can have inside LEAD_DAYS (a weekly one has two).
_LOOKAHEAD = 4


@transaction.atomic
def gathering_repeat(
    *,
    gathering: Gathering,
    starts_at: datetime.datetime,
    by: User | None,
    now: datetime.datetime | None = None,
) -> Gathering:
    """A new gathering like `gathering` (title, kind, topic, text, hosts, capacity, length,
    language) at `starts_at`, linked to it (`repeat_of`), with its guests and senior guest
    who said yes or maybe invited again (not those who said no, were only invited or are on
    the waitlist; not colleagues who left nor erased contacts). The host may invite more
    people afterwards as usual. Raises ValidationError, changing nothing, on bad input."""
    now = now or timezone.now()
    repeat = gathering_create(
        organisation=gathering.organisation,
        title=gathering.title,
        hosts=list(gathering.hosts.order_by("id")),
        starts_at=starts_at,
        minutes=gathering.minutes,
        capacity=gathering.capacity,
        kind=gathering.kind,
        topic=gathering.topic,
        invitation_text=gathering.invitation_text,
        language=gathering.language,
        by=by,
        now=now,
    )
    repeat.repeat_of = gathering
    repeat.save(update_fields=["repeat_of"])
    again = (
        gathering.guests.filter(status__in=(GuestStatus.YES, GuestStatus.MAYBE))
        .exclude(role=GuestRole.HOST)
        .select_related("person", "contact")
        .order_by("id")
    )
    by_role: dict[str, list[Invitee]] = {GuestRole.GUEST: [], GuestRole.SENIOR: []}
    for guest in again:
        if guest.person is not None and guest.person.status != PersonStatus.LEFT:
            by_role[guest.role].append(Invitee(person=guest.person))
        elif guest.person is None and guest.contact is not None and guest.contact.email:
            by_role[guest.role].append(Invitee(contact=guest.contact))
    for role, invitees in by_role.items():
        if invitees:
            guests_invite(gathering=repeat, invitees=invitees, by=by, role=role, now=now)
    return repeat


def _check_series(
    *,
    title: str,
    hosts: list[User],
    organisation: Organisation,
    audience: int,
    cadence: str,
    hour: int,
    minutes: int,
    capacity: int,
    kind: str,
) -> None:
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = _("Give the series a title.")
    if not hosts:
        problems["hosts"] = _("A series needs at least one host.")
    elif any(not host.memberships.filter(organisation=organisation).exists() for host in hosts):
        problems["hosts"] = _("Only members of the organisation can host.")
    if audience != 1:
        problems["team"] = _("Choose one team, one department or one location.")
    if cadence not in SeriesCadence.values:
        problems["cadence"] = _("Choose one of the cadences on offer.")
    if not 0 <= hour <= 23:
        problems["hour"] = _("The hour is between 0 and 23.")
    if not 15 <= minutes <= 480:
        problems["minutes"] = _("A gathering lasts between 15 minutes and 8 hours.")
    if not 2 <= capacity <= MAX_CAPACITY:
        problems["capacity"] = _("The capacity is between 2 and %(most)d guests.") % {
            "most": MAX_CAPACITY
        }
    if kind not in GatheringKind.values:
        problems["kind"] = _("Choose a cocktail party, a happy hour, a roundtable or other.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def series_create(
    *,
    organisation: Organisation,
    title: str,
    hosts: list[User],
    cadence: str,
    first_on: datetime.date,
    team: Team | None = None,
    department: str = "",
    location: Location | None = None,
    hour: int = 17,
    minutes: int = 60,
    capacity: int = MAX_CAPACITY,
    kind: str = GatheringKind.HAPPY_HOUR,
    topic: str = "",
    invitation_text: str = "",
    language: str = "",
    by: User | None,
) -> GatheringSeries:
    """A recurring gathering for one team, department or location of the directory.
    Raises ValidationError, changing nothing, on bad input."""
    department = department.strip()
    audience = sum((team is not None, bool(department), location is not None))
    _check_series(
        title=title,
        hosts=hosts,
        organisation=organisation,
        audience=audience,
        cadence=cadence,
        hour=hour,
        minutes=minutes,
        capacity=capacity,
        kind=kind,
    )
    for item in (team, location):
        if item is not None and item.organisation_id != organisation.pk:
            raise ValidationError({"team": _("Choose one team, one department or one location.")})
    series = GatheringSeries.objects.create(
        organisation=organisation,
        title=title.strip(),
        kind=kind,
        topic=topic.strip()[:300],
        invitation_text=invitation_text.strip(),
        team=team,
        department=department[:120],
        location=location,
        cadence=cadence,
        first_on=first_on,
        hour=hour,
        minutes=minutes,
        capacity=capacity,
        language=language or organisation.language,
        created_by=by,
    )
    series.hosts.set(hosts)
    return series


def series_recurrence(series: GatheringSeries) -> Recurrence:
    """The series' occurrences as a recurrence in the organisation's zone."""
    start = datetime.datetime.combine(series.first_on, datetime.time(series.hour))
    return recurrence(series.cadence, start=start, timezone=series.organisation.timezone)


def series_set_active(*, series: GatheringSeries, active: bool) -> GatheringSeries:
    """Pause (`active=False`) or resume the series; gatherings planned already stay."""
    if series.active != active:
        series.active = active
        series.save(update_fields=["active"])
    return series


def series_audience(series: GatheringSeries) -> QuerySet[Person]:
    """Who the series invites: the active people of its team, department or location."""
    people = scoped(Person, series.organisation).filter(status=PersonStatus.ACTIVE)
    if series.team_id is not None:
        return people.filter(team_id=series.team_id)
    if series.location_id is not None:
        return people.filter(location_id=series.location_id)
    return people.filter(Q(department=series.department) | Q(team__department=series.department))


def _holidays(
    series: GatheringSeries, first: datetime.date, last: datetime.date
) -> set[datetime.date]:
    """Days off for the audience: the organisation's holidays, and the days that are a
    public holiday at every location the audience works from (a Köln team skips Köln's)."""
    locations = set(
        series_audience(series).exclude(location=None).values_list("location_id", flat=True)
    )
    if series.location_id is not None:
        locations = {series.location_id}
    rows = scoped(Holiday, series.organisation).filter(date__range=(first, last))
    rows = rows.filter(Q(location__isnull=True) | Q(location__in=locations))
    days: set[datetime.date] = set()
    at: dict[int, set[datetime.date]] = {pk: set() for pk in locations}
    for location_id, day in rows.values_list("location_id", "date"):
        if location_id is None:
            days.add(day)
        else:
            at[location_id].add(day)
    if at:
        days |= set.intersection(*at.values())
    return days


def series_due_dates(series: GatheringSeries, *, now: datetime.datetime) -> list[datetime.date]:
    """The local dates of the series' occurrences that start after `now` and within
    `LEAD_DAYS`, holidays of the audience left out."""
    rule = series_recurrence(series)
    horizon = now + datetime.timedelta(days=LEAD_DAYS)
    dates = [
        moment.date()
        for moment in occurrences_after(rule, now, _LOOKAHEAD)
        if moment <= horizon and moment.date() >= series.first_on
    ]
    if not dates:
        return []
    holidays = _holidays(series, dates[0], dates[-1])
    return [day for day in dates if day not in holidays]


def _there(
    series: GatheringSeries, day: datetime.date, starts_at: datetime.datetime
) -> list[Person]:
    """The audience less whoever is away that day in their own zone (out of office, a
    holiday where they are): an invitation they can only decline is noise."""
    people = list(series_audience(series).order_by("name", "id"))
    calendar = AbsenceCalendar(
        organisation=series.organisation,
        first=day - datetime.timedelta(days=1),
        last=day + datetime.timedelta(days=1),
        person_ids=[person.pk for person in people],
    )
    return [person for person in people if calendar.free_at(person, starts_at)]


def series_occurrence_create(
    *, series: GatheringSeries, day: datetime.date, now: datetime.datetime
) -> Gathering | None:
    """The occurrence of `series` on local date `day`, with the audience invited (but those
    away that day); None when it exists already (the job ran before)."""
    if Gathering.objects.filter(series=series, series_date=day).exists():
        return None
    starts_at = local_instant(
        day, datetime.time(series.hour), series.organisation.timezone
    ).astimezone(datetime.UTC)
    try:
        with transaction.atomic():
            gathering = gathering_create(
                organisation=series.organisation,
                title=series.title,
                hosts=list(series.hosts.order_by("id")),
                starts_at=starts_at,
                minutes=series.minutes,
                capacity=series.capacity,
                kind=series.kind,
                topic=series.topic,
                invitation_text=series.invitation_text,
                language=series.language,
                by=series.created_by,
                now=now,
            )
            gathering.series = series
            gathering.series_date = day
            gathering.save(update_fields=["series", "series_date"])
            audience = [Invitee(person=person) for person in _there(series, day, starts_at)]
            if audience:
                guests_invite(gathering=gathering, invitees=audience, by=series.created_by, now=now)
    except IntegrityError:
        # Another worker created the same occurrence a moment ago.
        return None
    return gathering


def series_schedule_due(*, now: datetime.datetime) -> int:
    """For every active series, create the occurrences due within `LEAD_DAYS` that do not
    exist yet, and invite their audience. Idempotent (one occurrence per series and date);
    a series that cannot be scheduled (no host left, say) is logged and skipped so the
    others still are. Returns how many occurrences were created."""
    created = 0
    for series in GatheringSeries.objects.filter(active=True).select_related("organisation"):
        try:
            for day in series_due_dates(series, now=now):
                if series_occurrence_create(series=series, day=day, now=now) is not None:
                    created += 1
        except ValidationError as exc:
            logger.warning("Series %s not scheduled: %s", series.pk, "; ".join(exc.messages))
    return created
