"""The project card: who is who on each side, with the goal, for the team and the client.

It holds nothing private: no email addresses, no notes; the same card is shown to members
and, through a signed link, to the client.
"""

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from hallway.accounts.tenancy import scoped
from hallway.projects.models import Project, RosterMember, Side
from hallway.projects.selectors.roster import member_zone, roster_of


@dataclass(frozen=True)
class CardPerson:
    member_id: int
    name: str
    initials: str
    side: str
    organisation: str  # whom they work for
    role: str
    responsibilities: str
    key_counterpart: bool
    ask_me_about: str
    timezone: str
    local_now: datetime.datetime  # aware, in their own zone
    photo_version: str  # empty: no photo

    # Strings, not datetimes: templates would turn an aware datetime into the viewer's zone.
    @property
    def local_time(self) -> str:
        return self.local_now.strftime("%H:%M")

    @property
    def local_iso(self) -> str:
        return self.local_now.isoformat(timespec="minutes")

    @property
    def city(self) -> str:
        """The zone's city, as people say it ("New York" for America/New_York)."""
        return self.timezone.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class CardSide:
    side: str
    title: str
    people: list[CardPerson]


@dataclass(frozen=True)
class ProjectCard:
    project: Project
    client: str
    sides: list[CardSide]

    @property
    def people(self) -> list[CardPerson]:
        return [person for side in self.sides for person in side.people]


def initials(name: str) -> str:
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")
    return letters.upper()


def _organisation_of(member: RosterMember, project: Project) -> str:
    if member.contact is not None and member.contact.company is not None:
        return member.contact.company.name
    if member.side == Side.OURS:
        return project.organisation.name
    return ""


def project_card(*, project: Project, now: datetime.datetime) -> ProjectCard:
    organisation = project.organisation
    members = roster_of(project)
    with_photo = set(
        scoped(RosterMember, organisation)
        .filter(project=project, photo__isnull=False)
        .values_list("pk", flat=True)
    )
    people: dict[str, list[CardPerson]] = {side: [] for side in Side.values}
    for member in members:
        zone = member_zone(member, organisation)
        version = ""
        if member.pk in with_photo:
            answered = member.about_answered_at
            version = str(int(answered.timestamp())) if answered is not None else "1"
        people[member.side].append(
            CardPerson(
                member_id=member.pk,
                name=member.name,
                initials=initials(member.name),
                side=member.side,
                organisation=_organisation_of(member, project),
                role=member.role,
                responsibilities=member.responsibilities,
                key_counterpart=member.key_counterpart,
                ask_me_about=member.ask_me_about,
                timezone=zone,
                local_now=now.astimezone(ZoneInfo(zone)),
                photo_version=version,
            )
        )
    client = project.company.name if project.company is not None else ""
    titles = {
        Side.OURS: organisation.name,
        Side.CLIENT: client or _("Client"),
        Side.PARTNER: _("Partners"),
    }
    sides = [
        CardSide(side=side, title=str(titles[Side(side)]), people=people[side])
        for side in Side.values
        if people[side]
    ]
    return ProjectCard(project=project, client=client, sides=sides)


def who_is_who(card: ProjectCard) -> list[dict[str, Any]]:
    """The card as plain rows for a message's context (JSON; no email addresses)."""
    return [
        {
            "name": person.name,
            "side": side.title,
            "role": person.role,
            "key": person.key_counterpart,
            "zone": person.timezone,
            "ask_me_about": person.ask_me_about,
        }
        for side in card.sides
        for person in side.people
    ]
