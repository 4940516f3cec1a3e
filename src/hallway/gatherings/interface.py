"""What other capabilities may use of gatherings (the only module they import).

- `upcoming_open_gatherings(organisation, now, limit, host=)` → `OpenGathering`s: small
  gatherings (5 to 10 seats) still to come, with a free seat, that `host` hosts or that are
  open to outside guests (a one-off gathering that has invited contacts already; a
  series' occurrence is a team's own happy hour and never offered).
- `gathering_invite_contact(organisation=, gathering_id=, contact=, by=, now=)`: invite one
  contact as a guest through the gathering's own invitation (iMIP, in the contact's
  language and zone, replies to the first host). Outreach offers a client gone quiet "a
  seat at the next small gathering" with these two.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.gatherings.models import SEATED, Gathering, GatheringStatus, Guest, GuestRole
from hallway.gatherings.services.guests import Invitee, guests_invite
from hallway.relationships.interface import Contact

# What counts as a small gathering: everyone can meet everyone in an hour.
SMALL_MIN, SMALL_MAX = 5, 10

__all__ = [
    "SMALL_MAX",
    "SMALL_MIN",
    "OpenGathering",
    "gathering_invite_contact",
    "upcoming_open_gatherings",
]


@dataclass(frozen=True)
class OpenGathering:
    id: int
    title: str
    topic: str
    kind: str
    starts_at: datetime.datetime
    minutes: int
    language: str
    capacity: int
    free_seats: int
    hosted_by_you: bool


def _candidates(
    organisation: Organisation, now: datetime.datetime, host: User | None
) -> "list[Gathering]":
    seated = Count(
        "guests", filter=Q(guests__role=GuestRole.GUEST, guests__status__in=SEATED), distinct=True
    )
    outside = Guest.objects.filter(gathering=OuterRef("pk"), contact__isnull=False)
    open_to_guests = Q(series__isnull=True, has_outside=True)
    if host is not None:
        open_to_guests |= Q(hosts=host)
    return list(
        scoped(Gathering, organisation)
        .filter(
            status=GatheringStatus.SCHEDULED,
            starts_at__gt=now,
            capacity__gte=SMALL_MIN,
            capacity__lte=SMALL_MAX,
        )
        .annotate(has_outside=Exists(outside), taken=seated)
        .filter(open_to_guests)
        .filter(taken__lt=F("capacity"))
        .distinct()
        .order_by("starts_at", "id")
    )


def upcoming_open_gatherings(
    organisation: Organisation,
    now: datetime.datetime,
    limit: int = 5,
    *,
    host: User | None = None,
) -> list[OpenGathering]:
    """The next `limit` small gatherings with a free seat that `host` hosts or that are
    open to outside guests, soonest first."""
    found = _candidates(organisation, now, host)[:limit]
    hosted = (
        set(
            Gathering.hosts.through.objects.filter(
                gathering_id__in=[g.pk for g in found], user=host
            ).values_list("gathering_id", flat=True)
        )
        if host is not None
        else set()
    )
    return [
        OpenGathering(
            id=gathering.pk,
            title=gathering.title,
            topic=gathering.topic,
            kind=gathering.kind,
            starts_at=gathering.starts_at,
            minutes=gathering.minutes,
            language=gathering.language,
            capacity=gathering.capacity,
            free_seats=max(gathering.capacity - gathering.taken, 0),  # type: ignore[attr-defined]
            hosted_by_you=gathering.pk in hosted,
        )
        for gathering in found
    ]


def gathering_invite_contact(
    *,
    organisation: Organisation,
    gathering_id: int,
    contact: Contact,
    by: User | None,
    now: datetime.datetime,
    host: User | None = None,
) -> str:
    """Invite `contact` to one of the gatherings `upcoming_open_gatherings` offers (for
    `host`); returns "invited", "waitlisted" or "already" (on the guest list before).
    Raises ValidationError when the gathering is not offered or the contact has no address."""
    if contact.organisation_id != organisation.pk:
        raise ValidationError({"contact": _("Choose a contact from this organisation.")})
    if not contact.email:
        raise ValidationError(
            {"contact": _("The contact has no email address to send the invitation to.")}
        )
    offered = {g.pk: g for g in _candidates(organisation, now, host)}
    gathering = offered.get(gathering_id)
    if gathering is None:
        raise ValidationError(
            {"gathering": _("Choose one of the small gatherings that still has a free seat.")}
        )
    result = guests_invite(gathering=gathering, invitees=[Invitee(contact=contact)], by=by, now=now)
    if result.invited:
        return "invited"
    return "waitlisted" if result.waitlisted else "already"
