"""The kickoff: a time for everyone on the roster, and the invitation with the agenda and
the project card.

`kickoff_proposal` asks the engine (`engine.slots.ranked_starts`) for the times in the next
14 days that suit the most members' working hours, and leaves out any day on which someone
is away (holidays, out of office, the contact's public holidays). When no time suits
everyone, the best one is a compromise, and it says who pays the price: who is outside
their hours, at what local time, how far (early or late), or on a day off.

`kickoff_schedule` stores the kickoff and sends every member with an email address one
iMIP invitation (REQUEST; one UID per project), in their language and zone, with the video
room, the agenda, the card's who-is-who, the card link and their own about-you link. The
project's `kickoff_sequence` counts the sends: the calendar's SEQUENCE is one less, so a
new time reaches everyone as SEQUENCE + 1 and calendars move the event. The invitation is
the members' welcome (see `services.welcome`).
"""

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.engine.slots import minutes_outside, ranked_starts, within_working_hours
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.ics import organizer, organizer_domain
from hallway.messaging.services import Outgoing, message_enqueue_each
from hallway.messaging.types import MEETING_CANCELLED
from hallway.messaging.video import video_room_url
from hallway.projects.card_links import about_url, card_url
from hallway.projects.kickoff_messages import KICKOFF
from hallway.projects.models import Project, RosterMember
from hallway.projects.recipients import member_recipient
from hallway.projects.selectors.card import project_card, who_is_who
from hallway.projects.selectors.roster import (
    away_days,
    member_language,
    member_participant,
    roster_of,
)

SEARCH_DAYS = 14
NOTICE = datetime.timedelta(hours=24)
OPTIONS = 5
MINUTES_MIN, MINUTES_MAX = 15, 240


@dataclass(frozen=True)
class PaysThePrice:
    """A member for whom a time is outside their working hours, and by how much."""

    member: RosterMember
    timezone: str
    local_start: datetime.datetime  # aware, in their zone
    minutes: int  # how far outside (before their start, or after their end)
    early: bool
    day_off: bool  # not one of their working days at all

    @property
    def local_time(self) -> str:
        """Their wall clock (a string: templates would turn a datetime into the viewer's)."""
        return self.local_start.strftime("%H:%M")


@dataclass(frozen=True)
class KickoffOption:
    start: datetime.datetime
    end: datetime.datetime
    pays: list[PaysThePrice]

    @property
    def suits_everyone(self) -> bool:
        return not self.pays


@dataclass(frozen=True)
class KickoffProposal:
    options: list[KickoffOption]  # the best first

    @property
    def best(self) -> KickoffOption | None:
        return self.options[0] if self.options else None


def who_pays(
    *,
    project: Project,
    members: list[RosterMember],
    start: datetime.datetime,
    minutes: int,
) -> list[PaysThePrice]:
    """Who is outside their working hours at `start`, the furthest outside first."""
    organisation = project.organisation
    pays = []
    for member in members:
        participant = member_participant(member, organisation)
        if within_working_hours(participant, start, minutes):
            continue
        local = start.astimezone(ZoneInfo(participant.timezone))
        outside, early = minutes_outside(participant, start, minutes)
        pays.append(
            PaysThePrice(
                member=member,
                timezone=participant.timezone,
                local_start=local,
                minutes=outside,
                early=early,
                day_off=local.isoweekday() not in participant.working_days,
            )
        )
    pays.sort(key=lambda p: (not p.day_off, -p.minutes, p.member.name))
    return pays


def kickoff_proposal(
    *, project: Project, now: datetime.datetime, minutes: int | None = None
) -> KickoffProposal:
    """The best times for the kickoff in the next 14 days (see the module docstring)."""
    minutes = minutes or project.kickoff_minutes
    members = roster_of(project)
    if not members:
        return KickoffProposal(options=[])
    organisation = project.organisation
    participants = [member_participant(m, organisation) for m in members]
    after = now + NOTICE
    ranked = ranked_starts(
        participants, now=after, days=SEARCH_DAYS, minutes=minutes, count=60, step_minutes=30
    )
    away = away_days(
        organisation,
        members,
        after.date() - datetime.timedelta(days=1),
        after.date() + datetime.timedelta(days=SEARCH_DAYS + 1),
    )
    zones = {p.id: ZoneInfo(p.timezone) for p in participants}

    def anyone_away(start: datetime.datetime) -> bool:
        return any(
            start.astimezone(zones[pid]).date() in days for pid, days in away.items() if days
        )

    options = []
    for slot in ranked:
        if anyone_away(slot.start):
            continue
        options.append(
            KickoffOption(
                start=slot.start,
                end=slot.end,
                pays=who_pays(project=project, members=members, start=slot.start, minutes=minutes)
                if slot.outside
                else [],
            )
        )
        if len(options) == OPTIONS:
            break
    return KickoffProposal(options=options)


def kickoff_default_agenda(language: str) -> str:
    with translation.override(language):
        items = [
            _("Welcome and a round of introductions: who is who"),
            _("The common goal"),
            _("Roles and responsibilities"),
            _("How we work together: the rhythm of our meetings"),
            _("Next steps and the 1:1s"),
        ]
    return "\n".join(f"{number}. {item}" for number, item in enumerate(items, start=1))


def kickoff_problems(
    *, start: datetime.datetime | None, minutes: int, agenda: str, now: datetime.datetime
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if start is None:
        problems["start"] = [_("Choose a time for the kickoff.")]
    elif start.tzinfo is None:
        problems["start"] = [_("Give the time with its time zone.")]
    elif start <= now:
        problems["start"] = [_("Choose a time in the future.")]
    if not MINUTES_MIN <= minutes <= MINUTES_MAX:
        problems["minutes"] = [
            _("Choose a length from %(low)d to %(high)d minutes.")
            % {"low": MINUTES_MIN, "high": MINUTES_MAX}
        ]
    if len(agenda) > 4000:
        problems["agenda"] = [_("Keep the agenda to 4,000 characters.")]
    return problems


def kickoff_schedule(
    *,
    project: Project,
    start: datetime.datetime,
    minutes: int,
    agenda: str,
    now: datetime.datetime,
) -> Project:
    """Store the kickoff (or its new time) and send everyone the invitation (see the module
    docstring). A blank agenda is the usual one, in each member's language."""
    problems = kickoff_problems(start=start, minutes=minutes, agenda=agenda, now=now)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        locked.kickoff_at = start.astimezone(datetime.UTC)
        locked.kickoff_minutes = minutes
        locked.kickoff_agenda = agenda.strip()
        locked.kickoff_sequence += 1
        locked.save(
            update_fields=["kickoff_at", "kickoff_minutes", "kickoff_agenda", "kickoff_sequence"]
        )
        for field in ("kickoff_at", "kickoff_minutes", "kickoff_agenda", "kickoff_sequence"):
            setattr(project, field, getattr(locked, field))
        kickoff_invite(project=project, members=roster_of(project), now=now)
    return project


def _attendee(member: RosterMember) -> dict[str, str]:
    return {"name": member.name, "email": member.email}


def kickoff_calendar(project: Project, members: list[RosterMember]) -> dict[str, Any]:
    assert project.kickoff_at is not None
    start = project.kickoff_at
    return {
        "uid": f"project-{project.pk}-kickoff@{organizer_domain()}",
        "sequence": max(project.kickoff_sequence - 1, 0),
        "method": "REQUEST",
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=project.kickoff_minutes)).isoformat(),
        "video_url": video_room_url(
            organisation=project.organisation, meeting_key=f"project-{project.pk}-kickoff"
        ),
        "organizer": organizer(),
        "attendees": [{"name": m.name, "email": m.email} for m in members if m.email],
    }


def kickoff_invite(*, project: Project, members: list[RosterMember], now: datetime.datetime) -> int:
    """Send `members` the kickoff's current invitation (a repeat sends nothing) and count
    them welcomed; returns how many messages are in the outbox."""
    if project.kickoff_at is None or project.kickoff_sequence == 0:
        return 0
    organisation = project.organisation
    everyone = roster_of(project)
    calendar = kickoff_calendar(project, everyone)
    people = who_is_who(project_card(project=project, now=now))
    shared_card = card_url(project)
    email = channel_email(organisation)
    messages = []
    for member in members:
        if not member.email:
            continue
        language = member_language(member, organisation)
        messages.append(
            Outgoing(
                recipient=member_recipient(member, project),
                channel=email,
                message_type=KICKOFF,
                context={
                    "recipient_name": member.name,
                    "project_name": project.name,
                    "client_name": project.company.name if project.company is not None else "",
                    "goal": project.goal,
                    "organisation_name": organisation.name,
                    "minutes": project.kickoff_minutes,
                    "agenda": project.kickoff_agenda or kickoff_default_agenda(language),
                    "people": people,
                    "card_url": shared_card,
                    "about_url": about_url(member, language=language),
                    "rescheduled": project.kickoff_sequence > 1,
                    # Only the recipient as attendee: the guest list would hand every
                    # address on the roster to the client and partners, which the card
                    # keeps to itself (gatherings do the same).
                    "calendar": {**calendar, "attendees": [_attendee(member)]},
                },
                idempotency_key=(
                    f"projects:project-{project.pk}:kickoff-{project.kickoff_sequence}"
                    f":member-{member.pk}"
                ),
            )
        )
    queued = message_enqueue_each(organisation=organisation, messages=messages)
    RosterMember.objects.filter(
        pk__in=[m.pk for m in members if m.email], welcomed_at__isnull=True
    ).update(welcomed_at=now)
    return queued


def kickoff_withdraw(*, member: RosterMember, now: datetime.datetime) -> int:
    """Take a kickoff still ahead out of the calendar of someone who leaves the roster: a
    CANCEL for them alone, one SEQUENCE ahead of the copy they hold."""
    project = member.project
    if project.kickoff_at is None or project.kickoff_sequence == 0 or project.kickoff_at <= now:
        return 0
    if not member.email:
        return 0
    calendar = kickoff_calendar(project, [member])
    calendar.update(
        method="CANCEL", sequence=project.kickoff_sequence, attendees=[_attendee(member)]
    )
    return message_enqueue_each(
        organisation=project.organisation,
        messages=[
            Outgoing(
                recipient=member_recipient(member, project),
                channel=channel_email(project.organisation),
                message_type=MEETING_CANCELLED.name,
                context={"recipient_name": member.name, "calendar": calendar},
                idempotency_key=(
                    f"projects:project-{project.pk}:kickoff-{project.kickoff_sequence}"
                    f":withdraw-{member.pk}"
                ),
            )
        ],
    )
