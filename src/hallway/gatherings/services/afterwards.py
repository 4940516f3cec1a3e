"""Afterwards: the "who you met" note, "I'd like to meet X again", ratings, the host's
summary, and the one memory of who met whom.

An hourly job (`gatherings.afterwards`) looks at gatherings that ended more than an hour and
less than a week ago (not cancelled, with breakout rooms):

- each guest who said yes and was in a room gets one note listing the people they shared a
  room with, each with a signed "I'd like to meet X again" link, and links to rate the
  evening 1 to 5. Idempotent by the outbox key (the gathering, the guest, "who-you-met").
  Privacy by default: a guest appears with their full name, company and topics only if they
  agreed (`Guest.share_profile`, asked on the "yes" page); otherwise by first name only.
- each room with at least two colleagues becomes a coffee pairing without a round (through
  `hallway.coffee.interface`, linked from this side by `RoomMemory`, as onboarding links its
  meetings), so the next breakout plan and the next coffee round count those colleagues as
  having met. Idempotent: a room is remembered once.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext as _

from hallway.coffee.interface import Outcome, Pairing, PairingMember
from hallway.gatherings.afterwards_links import afterwards_url
from hallway.gatherings.messages import GATHERING_WHO_YOU_MET
from hallway.gatherings.models import (
    BreakoutRoom,
    Gathering,
    GatheringRating,
    GatheringStatus,
    Guest,
    GuestStatus,
    MeetAgain,
    RoomMemory,
)
from hallway.gatherings.services.invitations import (
    first_host_email,
    guest_recipient,
    host_names,
    message_base,
)
from hallway.gatherings.services.meet_again import meet_again_coffee
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.models import Channel
from hallway.messaging.services import Outgoing, message_enqueue_many

logger = logging.getLogger("hallway.gatherings")

# The note goes out once the evening has settled, and not once it is old news.
AFTER = datetime.timedelta(hours=1)
UNTIL = datetime.timedelta(days=7)
# The longest a gathering lasts (see Gathering.minutes).
LONGEST = datetime.timedelta(minutes=480)
SCORES = range(1, 6)
# The host sees an average only when it hides who gave which score.
MIN_RATINGS_SHOWN = 3


def _ends_at(gathering: Gathering) -> datetime.datetime:
    return gathering.starts_at + datetime.timedelta(minutes=gathering.minutes)


def first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else ""


def company_of(guest: Guest) -> str:
    """A contact's company; a colleague's is the organisation."""
    if guest.contact_id is not None and guest.contact is not None:
        company = guest.contact.company
        return company.name if company is not None else ""
    if guest.person_id is not None:
        return str(guest.organisation.name)
    return ""


def met_in_rooms(*, guest: Guest) -> list[Guest]:
    """Everyone who shared a breakout room with `guest`, by name, each once."""
    return list(
        Guest.objects.filter(
            organisation_id=guest.organisation_id,
            gathering_id=guest.gathering_id,
            rooms__members=guest,
        )
        .exclude(pk=guest.pk)
        .select_related("contact__company", "organisation")
        .distinct()
        .order_by("name", "id")
    )


def shown_as(other: Guest) -> dict[str, str]:
    """How `other` appears in someone's note: all they agreed to share, else a first name."""
    if other.share_profile:
        return {"name": other.name, "company": company_of(other), "topics": other.topics}
    return {"name": first_name(other.name), "company": "", "topics": ""}


def _key(gathering: Gathering, guest: Guest) -> str:
    return f"gatherings:{gathering.pk}:guest-{guest.pk}:who-you-met"


def who_you_met_outgoing(
    *,
    gathering: Gathering,
    guest: Guest,
    met: list[Guest],
    hosts: list[str],
    channel: Channel,
    reply_to: str,
) -> Outgoing:
    """One guest's "who you met" note: the people of their rooms with a "meet again" link
    each, and a link per rating."""
    people = [
        {
            **shown_as(other),
            "meet_url": afterwards_url(
                guest=guest, answer=f"meet-{other.pk}", language=guest.language
            ),
        }
        for other in met
    ]
    context: dict[str, Any] = {
        **message_base(gathering, guest, hosts),
        "starts_at": gathering.starts_at.isoformat(),
        "people": people,
        "ratings": [
            {
                "score": score,
                "url": afterwards_url(guest=guest, answer=f"rate-{score}", language=guest.language),
            }
            for score in SCORES
        ],
    }
    return Outgoing(
        recipient=guest_recipient(guest),
        channel=channel,
        message_type=GATHERING_WHO_YOU_MET,
        context=context,
        idempotency_key=_key(gathering, guest),
        reply_to=reply_to,
    )


def gathering_who_you_met(*, gathering: Gathering) -> list[Outgoing]:
    """The notes of one gathering (nothing is written): one per guest who said yes and met
    someone in a room."""
    guests = list(
        gathering.guests.filter(status=GuestStatus.YES, rooms__isnull=False)
        .select_related("person", "contact")
        .distinct()
        .order_by("id")
    )
    if not guests:
        return []
    hosts = host_names(gathering)
    channel = channel_email(gathering.organisation)
    reply_to = first_host_email(gathering)
    out = []
    for guest in guests:
        met = met_in_rooms(guest=guest)
        if met:
            out.append(
                who_you_met_outgoing(
                    gathering=gathering,
                    guest=guest,
                    met=met,
                    hosts=hosts,
                    channel=channel,
                    reply_to=reply_to,
                )
            )
    return out


def gathering_rooms_remember(*, gathering: Gathering, now: datetime.datetime) -> int:
    """Write each breakout room with at least two colleagues to the memory of who met whom
    (a coffee pairing without a round, on the gathering's day); returns how many rooms were
    written now (0 on a second run)."""
    written = 0
    rooms = (
        gathering.rooms.filter(memory__isnull=True)
        .prefetch_related("members")
        .order_by("round_number", "number")
    )
    for room in rooms:
        person_ids = sorted({m.person_id for m in room.members.all() if m.person_id is not None})
        if len(person_ids) < 2:
            continue
        with transaction.atomic():
            # Two runs at once: the second waits here and finds the room remembered.
            locked = BreakoutRoom.objects.select_for_update().filter(pk=room.pk).first()
            if locked is None or RoomMemory.objects.filter(room=room).exists():
                continue
            pairing = Pairing.objects.create(
                organisation=gathering.organisation,
                due_on=gathering.starts_at.date(),
                video_url=room.video_url[:300],
                remembered=True,
                created_at=now,
            )
            # They shared the room: met, for every plan that reads the memory.
            PairingMember.objects.bulk_create(
                PairingMember(
                    organisation=gathering.organisation,
                    pairing=pairing,
                    person_id=person_id,
                    outcome=Outcome.MET,
                )
                for person_id in person_ids
            )
            RoomMemory.objects.create(
                organisation=gathering.organisation, room=room, pairing=pairing
            )
        written += 1
    return written


def _due(now: datetime.datetime) -> list[Gathering]:
    candidates = (
        Gathering.objects.filter(
            status=GatheringStatus.SCHEDULED,
            starts_at__gte=now - UNTIL - LONGEST,
            starts_at__lt=now - AFTER,
            rooms__isnull=False,
        )
        .distinct()
        .select_related("organisation")
        .order_by("starts_at", "id")
    )
    return [g for g in candidates if now - UNTIL < _ends_at(g) <= now - AFTER]


def afterwards_send_due(*, now: datetime.datetime) -> int:
    """Enqueue the "who you met" notes of every gathering that ended between an hour and a
    week ago, in every organisation, and remember its rooms; returns how many notes are new
    (0 on a second run)."""
    new = 0
    for gathering in _due(now):
        gathering_rooms_remember(gathering=gathering, now=now)
        messages = gathering_who_you_met(gathering=gathering)
        if not messages:
            continue
        try:
            new += message_enqueue_many(organisation=gathering.organisation, messages=messages)
        except ValidationError as exc:
            # One gathering's bad row must not keep the others' notes from going out.
            logger.warning("gathering %s: who-you-met not enqueued: %s", gathering.pk, exc)
    return new


def meet_again_record(*, guest: Guest, other: Guest, now: datetime.datetime) -> MeetAgain:
    """`guest` would like to meet `other` again. Only someone they shared a room with;
    a second click changes nothing. When two colleagues wish it of each other, they get a
    coffee date (`services.meet_again`). Raises ValidationError otherwise."""
    if other.pk == guest.pk or other.gathering_id != guest.gathering_id:
        raise ValidationError(_("You can only ask to meet someone you met."), code="other")
    shared = BreakoutRoom.objects.filter(gathering_id=guest.gathering_id, members=guest).filter(
        members=other
    )
    if not shared.exists():
        raise ValidationError(_("You can only ask to meet someone you met."), code="other")
    wish, created = MeetAgain.objects.get_or_create(
        organisation_id=guest.organisation_id,
        guest=guest,
        other=other,
        defaults={"gathering_id": guest.gathering_id, "created_at": now},
    )
    if created:
        # Both colleagues wished it: their coffee date, introduced like any other.
        meet_again_coffee(wish=wish, now=now)
    return wish


def gathering_rate(*, guest: Guest, score: int, now: datetime.datetime) -> GatheringRating:
    """The guest's rating of the gathering (1 to 5; a new one replaces theirs). Only guests
    who said yes rate; raises ValidationError otherwise."""
    if score not in SCORES:
        raise ValidationError(_("A rating is 1 to 5."), code="score")
    if guest.status != GuestStatus.YES:
        raise ValidationError(_("Only guests who came can rate the gathering."), code="guest")
    rating, _created = GatheringRating.objects.update_or_create(
        organisation_id=guest.organisation_id,
        gathering_id=guest.gathering_id,
        guest=guest,
        defaults={"score": score, "rated_at": now},
    )
    return rating


@dataclass(frozen=True)
class Wish:
    guest: Guest
    other: Guest
    mutual: bool

    @property
    def other_is_contact(self) -> bool:
        return self.other.contact_id is not None


@dataclass
class Afterwards:
    """What the host sees after a gathering."""

    said_yes: list[Guest]
    in_rooms: set[int]
    rating_count: int
    rating_average: float | None  # None below MIN_RATINGS_SHOWN ratings
    connections: list[tuple[Guest, Guest]] = field(default_factory=list)
    wishes: list[Wish] = field(default_factory=list)


def gathering_afterwards(*, gathering: Gathering) -> Afterwards:
    """Attendance (who said yes, who was in a room: who actually came we cannot know), the
    average rating (from MIN_RATINGS_SHOWN ratings on), mutual wishes to meet again
    (connections made) and one-way wishes."""
    said_yes = list(
        gathering.guests.filter(status=GuestStatus.YES)
        .select_related("contact__company", "person")
        .order_by("name", "id")
    )
    in_rooms = set(
        gathering.guests.filter(rooms__isnull=False).values_list("pk", flat=True).distinct()
    )
    stats = gathering.ratings.aggregate(count=Count("id"), average=Avg("score"))
    count = int(stats["count"] or 0)
    average = (
        round(float(stats["average"]), 1)
        if count >= MIN_RATINGS_SHOWN and stats["average"] is not None
        else None
    )
    wishes = list(
        gathering.wishes.select_related("guest", "other").order_by("guest__name", "other__name")
    )
    pairs = {(w.guest_id, w.other_id) for w in wishes}
    connections = []
    one_way = []
    for w in wishes:
        mutual = (w.other_id, w.guest_id) in pairs
        if mutual and w.guest_id < w.other_id:
            connections.append((w.guest, w.other))
        if not mutual:
            one_way.append(Wish(guest=w.guest, other=w.other, mutual=False))
    return Afterwards(
        said_yes=said_yes,
        in_rooms=in_rooms,
        rating_count=count,
        rating_average=average,
        connections=connections,
        wishes=one_way,
    )
