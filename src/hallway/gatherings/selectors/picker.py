"""Whom to invite: suggestions from the directory and the client book for one gathering,
with the reasons each fits, the people the hosts have not met yet first.

"Not met yet": a colleague no host has had a coffee date or breakout room with (the one
memory of who met whom, `coffee.interface.organisation_history`); a contact nobody in the
organisation has a touch with yet. A gathering's topic and title are matched against
colleagues' interests and contacts' tags, so someone who cares about the topic comes up.
"""

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.tenancy import scoped
from hallway.coffee.interface import organisation_history
from hallway.gatherings.models import Gathering, GuestRole
from hallway.people.models import Person, PersonStatus
from hallway.relationships.interface import Contact

COLLEAGUES = "colleagues"
CONTACTS = "contacts"
# Enough candidates to rank from, few enough to answer quickly in a large organisation.
CANDIDATES = 300
SHOWN = 30


@dataclass(frozen=True)
class Suggestion:
    key: str  # "person-12" or "contact-7": what the invite form sends back
    name: str
    detail: str
    reasons: tuple[str, ...]
    met: bool
    matches: int


def _topic_words(gathering: Gathering) -> set[str]:
    text = f"{gathering.topic} {gathering.title}".lower()
    return {word for word in re.findall(r"\w+", text) if len(word) > 3}


def _matching(labels: list[str], words: set[str]) -> list[str]:
    """The labels that share a word with the topic ("remote onboarding" ~ "onboarding")."""
    return [
        label
        for label in labels
        if any(word in label.lower() or label.lower() in word for word in words)
    ]


def _guest_emails(gathering: Gathering) -> set[str]:
    return {email.lower() for email in gathering.guests.values_list("email", flat=True)}


def _host_people(gathering: Gathering) -> list[int]:
    hosts = gathering.guests.filter(role=GuestRole.HOST, person__isnull=False)
    return list(hosts.values_list("person_id", flat=True))


def _met_by_hosts(gathering: Gathering, host_ids: list[int]) -> set[str]:
    if not host_ids:
        return set()
    hosts = {str(pk) for pk in host_ids}
    met: set[str] = set()
    for meeting in organisation_history(
        organisation=gathering.organisation,
        before=gathering.starts_at.date(),
        person_ids=host_ids,
    ):
        if meeting.met and meeting.people & hosts:
            met |= meeting.people - hosts
    return met


def _colleagues(
    gathering: Gathering, query: str, team: int | None, location: int | None, words: set[str]
) -> QuerySet[Person]:
    people = (
        scoped(Person, gathering.organisation)
        .exclude(status=PersonStatus.LEFT)
        .exclude(email="")
        .select_related("team", "location")
        .prefetch_related("interests")
    )
    if query:
        people = people.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(job_title__icontains=query)
            | Q(interests__name__icontains=query)
        ).distinct()  # fmt: skip
    if team:
        people = people.filter(team_id=team)
    if location:
        people = people.filter(location_id=location)
    if not (query or team or location) and words:
        # No filter: those who care about the topic come first, then everyone else.
        topic = Q()
        for word in words:
            topic |= Q(interests__name__icontains=word)
        people = people.filter(topic).distinct()
    return people.order_by("name")


def _contacts(gathering: Gathering, query: str, words: set[str]) -> QuerySet[Contact]:
    contacts = (
        scoped(Contact, gathering.organisation)
        .exclude(email="")
        .select_related("company")
        .prefetch_related("tags")
    )
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(job_title__icontains=query)
            | Q(company__name__icontains=query) | Q(tags__name__icontains=query)
        ).distinct()  # fmt: skip
    elif words:
        topic = Q()
        for word in words:
            topic |= Q(tags__name__icontains=word) | Q(job_title__icontains=word)
        contacts = contacts.filter(topic).distinct()
    return contacts.order_by("name")


def invitee_suggestions(
    *,
    gathering: Gathering,
    query: str = "",
    source: str = "",
    team: int | None = None,
    location: int | None = None,
) -> list[Suggestion]:
    """Up to `SHOWN` people to invite who are not on the guest list yet, best first: not met
    by a host yet, then the most shared topics, then by name. `source` narrows to
    colleagues or contacts; `team` and `location` to colleagues."""
    words = _topic_words(gathering)
    invited = _guest_emails(gathering)
    query = query.strip()
    found: list[Suggestion] = []
    if source != CONTACTS:
        met = _met_by_hosts(gathering, _host_people(gathering))
        for person in _colleagues(gathering, query, team, location, words)[:CANDIDATES]:
            if person.email.lower() in invited:
                continue
            shared = _matching([tag.name for tag in person.interests.all()], words)
            reasons = []
            if str(person.pk) not in met:
                reasons.append(_("You have not met yet"))
            if shared:
                reasons.append(_("Interested in %(topics)s") % {"topics": ", ".join(shared)})
            place = " · ".join(
                part
                for part in (
                    person.team.name if person.team else "",
                    person.location.name if person.location else "",
                )
                if part
            )
            found.append(
                Suggestion(
                    key=f"person-{person.pk}",
                    name=person.name,
                    detail=place,
                    reasons=tuple(reasons),
                    met=str(person.pk) in met,
                    matches=len(shared),
                )
            )
    if source != COLLEAGUES and not (team or location):
        for contact in _contacts(gathering, query, words)[:CANDIDATES]:
            if contact.email.lower() in invited:
                continue
            shared = _matching([tag.name for tag in contact.tags.all()], words)
            reasons = []
            if contact.last_touch_at is None:
                reasons.append(_("Nobody here has met them yet"))
            if shared:
                reasons.append(_("Interested in %(topics)s") % {"topics": ", ".join(shared)})
            found.append(
                Suggestion(
                    key=f"contact-{contact.pk}",
                    name=contact.name,
                    detail=" · ".join(
                        part
                        for part in (
                            contact.job_title,
                            contact.company.name if contact.company else "",
                        )
                        if part
                    ),
                    reasons=tuple(reasons),
                    met=contact.last_touch_at is not None,
                    matches=len(shared),
                )
            )
    found.sort(key=lambda s: (s.met, -s.matches, s.name.lower()))
    return found[:SHOWN]
