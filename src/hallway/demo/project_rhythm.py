"""The demo projects' start and rhythm: a kickoff held in their first week, what a few
people told about themselves, a weekly for everyone, a daily for our side of the US
rollout and a monthly check-in with each sponsor (with the lead's private note after the
last one), and which of the past meetings took place, so "cadence kept" has something to
say.

Everything goes through the projects' services with the moment it would have happened as
`now`; the invitations those services queue are removed at the end (`demo_projects_seed`
removes every "projects:" key), so seeding sends nothing. Idempotent: a project whose
kickoff was sent is left alone.
"""

import datetime
from zoneinfo import ZoneInfo

from hallway.accounts.models import User
from hallway.projects.models import MeetingSeries, Project, SeriesCircle, SeriesKind
from hallway.projects.selectors.roster import roster_of
from hallway.projects.selectors.series import planned_dates
from hallway.projects.services.kickoff import kickoff_schedule
from hallway.projects.services.series import SeriesFields, series_create, series_zone
from hallway.projects.services.series_meetings import checkin_note_add, meeting_held_record
from hallway.projects.services.welcome import AboutYou, member_about_update

# What some of the client's people answered on "tell us about yourself".
ABOUT = {
    "Megan Brooks": "Running the Brooklyn half marathon, and our dog Pretzel",
    "Tyler Reed": "Vintage synthesizers, and why checkout buttons should be green",
    "Marloes van Dijk": "Zeilen op het IJsselmeer en de beste stroopwafels van Gouda",
    "Joost de Graaf": "Fietsen door de duinen, en Rust",
}
CHECK_IN_NOTE = (
    "Budget for the second phase looks fine; worried about the store managers' time in "
    "January. Ask about the Brooklyn half marathon next time."
)


def _series(project: Project, lead: User | None, now: datetime.datetime) -> list[MeetingSeries]:
    zone = project.timezone or project.organisation.timezone
    us = zone == "America/New_York"
    specs = [
        SeriesFields(
            name="Weekly with Oakridge" if us else "Weekly met Windmolen",
            kind=SeriesKind.WEEKLY,
            rule="FREQ=WEEKLY;BYDAY=TH",
            starts_on=project.starts_on + datetime.timedelta(days=7),
            # 10:00 in New York is 16:00 in Berlin; 10:00 in Amsterdam for the Dutch.
            at=datetime.time(10, 0),
            minutes=45,
            circle=SeriesCircle.ROSTER,
            timezone=zone,
        ),
        SeriesFields(
            name="Sponsor check-in",
            kind=SeriesKind.CHECK_IN,
            rule="FREQ=MONTHLY;BYDAY=1TU",
            starts_on=project.starts_on,
            at=datetime.time(11, 0),
            minutes=30,
            circle=SeriesCircle.CHOSEN,
            timezone=zone,
        ),
    ]
    if us:
        specs.append(
            SeriesFields(
                name="Daily, our side",
                kind=SeriesKind.DAILY,
                rule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                starts_on=project.starts_on + datetime.timedelta(days=3),
                at=datetime.time(9, 15),
                minutes=15,
                circle=SeriesCircle.OURS,
                timezone="Europe/Berlin",
            )
        )
    return [series_create(project=project, values=v, by=lead, now=now) for v in specs]


def _past_meetings(
    series: MeetingSeries, lead: User | None, now: datetime.datetime
) -> list[datetime.date]:
    """Every meeting of the series up to yesterday took place, except one weekly and two
    dailies that did not."""
    today = now.astimezone(ZoneInfo(series_zone(series))).date()
    past = planned_dates(series, today - datetime.timedelta(days=1))
    missed = {SeriesKind.WEEKLY: past[-2:-1], SeriesKind.DAILY: past[1:2] + past[-3:-2]}
    for day in past:
        held = day not in missed.get(SeriesKind(series.kind), [])
        meeting_held_record(series=series, on=day, held=held, by=lead, now=now)
    return past


def demo_project_rhythm_seed(
    *, projects: list[Project], lead: User | None, now: datetime.datetime
) -> None:
    for project in projects:
        if project.kickoff_sequence:
            continue
        members = roster_of(project)
        start = datetime.datetime.combine(
            project.starts_on + datetime.timedelta(days=2), datetime.time(15, 0), datetime.UTC
        )
        kickoff_schedule(
            project=project,
            start=start,
            minutes=60,
            agenda="",
            now=start - datetime.timedelta(days=3),
        )
        for member in members:
            if member.name in ABOUT:
                member_about_update(
                    member=member, values=AboutYou(ask_me_about=ABOUT[member.name]), now=start
                )
        for series in _series(project, lead, start):
            past = _past_meetings(series, lead, now)
            if (
                series.kind == SeriesKind.CHECK_IN
                and past
                and lead is not None
                and project.sponsor_id
            ):
                checkin_note_add(
                    series=series, on=past[-1], text=CHECK_IN_NOTE, author=lead, now=now
                )
