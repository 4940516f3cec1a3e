"""Who is on a project, and each member as the engine and the calendar see them.

Ours come from the directory (their zone, hours, days and language); the client's and
partners' are contacts, whose zone, hours, days, language and public holidays are their
own, else their company's, else the organisation's defaults. A member's own answers to
"tell us about yourself" (a zone, working hours) come first on either side.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext as _

from hallway.absences.selectors import AbsenceCalendar
from hallway.absences.services import public_holiday_dates
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.engine.model import Participant
from hallway.people.hours import person_schedule, schedule
from hallway.projects.models import Project, RosterMember, Side
from hallway.relationships.interface import contact_schedule


def projects_of(organisation: Organisation) -> QuerySet[Project]:
    return scoped(Project, organisation).select_related("company", "lead")


def roster_ordered(project: Project) -> QuerySet[RosterMember]:
    """Everyone on the project: ours first, then the client's, then partners', each by name
    (in the database, so the API can page it)."""
    return (
        scoped(RosterMember, project.organisation)
        .filter(project=project)
        .select_related("person__location", "person__team", "contact__company")
        .annotate(
            side_order=Case(
                When(side=Side.OURS, then=Value(0)),
                When(side=Side.CLIENT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            sort_name=Lower(Coalesce("person__name", "contact__name")),
        )
        .order_by("side_order", "sort_name", "id")
    )


def roster_of(project: Project) -> list[RosterMember]:
    """Everyone on the project, in `roster_ordered`'s order."""
    return list(roster_ordered(project))


def member_zone(member: RosterMember, organisation: Organisation) -> str:
    if member.timezone:
        return member.timezone
    if member.person is not None:
        return member.person.timezone or organisation.timezone
    if member.contact is not None:
        return str(member.contact.effective("timezone") or organisation.timezone)
    return organisation.timezone


def member_language(member: RosterMember, organisation: Organisation) -> str:
    if member.person is not None:
        return member.person.preferred_language or organisation.language
    if member.contact is not None:
        return str(member.contact.effective("language") or organisation.language)
    return organisation.language


def member_participant(member: RosterMember, organisation: Organisation) -> Participant:
    """A member as the engine sees them: their directory entry (ours) or their contact's and
    company's working week (theirs), with their own answers about zone and hours first."""
    pid = str(member.pk)
    zone = member_zone(member, organisation)
    if member.person is not None:
        found = person_schedule(member.person, pid=pid, fallback_zone=zone)
    elif member.contact is not None:
        found = contact_schedule(member.contact, pid=pid, fallback_zone=zone)
    else:
        found = schedule(pid, zone=zone, start=None, end=None, days=None)
    if member.work_start is not None and member.work_end is not None:
        found = replace(found, work_start=member.work_start, work_end=member.work_end)
    return replace(found, timezone=zone)


def away_days(
    organisation: Organisation,
    members: Sequence[RosterMember],
    first: datetime.date,
    last: datetime.date,
) -> dict[str, frozenset[datetime.date]]:
    """Each member's local dates away from `first` to `last`: holidays of the organisation
    and their location, out of office and pauses for ours; their calendar's public holidays
    for contacts. Days off (weekends) are not listed: working days say those."""
    people = [m.person for m in members if m.person is not None]
    calendar = AbsenceCalendar(
        organisation=organisation, first=first, last=last, person_ids=[p.pk for p in people]
    )
    span = [first + datetime.timedelta(days=d) for d in range((last - first).days + 1)]
    years = {day.year for day in span}
    away: dict[str, frozenset[datetime.date]] = {}
    for member in members:
        if member.person is not None:
            person = member.person
            away[str(member.pk)] = frozenset(
                d for d in span if calendar.away_on(person, d, days_off=False) is not None
            )
        elif member.contact is not None:
            region = str(member.contact.effective("holiday_region") or "")
            days: set[datetime.date] = set()
            for year in years if region else ():
                days.update(public_holiday_dates(region, year))
            away[str(member.pk)] = frozenset(d for d in days if first <= d <= last)
    return away


def sides(members: Iterable[RosterMember]) -> tuple[list[RosterMember], list[RosterMember]]:
    """Ours, and theirs (the client's and partners')."""
    ours: list[RosterMember] = []
    theirs: list[RosterMember] = []
    for member in members:
        (ours if member.side == Side.OURS else theirs).append(member)
    return ours, theirs


def roster_by_side(project: Project, *, now: datetime.datetime) -> list[dict[str, Any]]:
    """The roster by side (ours, the client's, partners'), each member with their zone and
    the wall-clock time there at `now`."""
    groups: dict[str, list[dict[str, Any]]] = {side: [] for side in Side.values}
    for member in roster_of(project):
        zone = member_zone(member, project.organisation)
        local = now.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        groups[member.side].append({"member": member, "zone": zone, "local": local})
    titles = {
        Side.OURS: _("Our side"),
        Side.CLIENT: _("The client’s side"),
        Side.PARTNER: _("Partners"),
    }
    return [
        {"side": side, "title": titles[Side(side)], "members": groups[side]} for side in Side.values
    ]
