"""What closing a round does to its messages and meetings (`announcing.round_close` acts on it).

Closing stops what has not gone out: the round's queued intros, reminders and notices are
cancelled and never delivered. A pairing whose meeting could not happen before the close
is *called off*: nobody in it answered, and either its time is still ahead (a round
closed before its meet-by date) or one of its members never got the intro. (A pairing
with an answer keeps it: "we met" is a meeting, "missed" or "not yet" one that fell
through; a "we met" that comes after the close makes a called-off pairing a meeting after
all, see `services.feedback`.) A called-off
pairing is not a meeting, nobody in it counts as "no answer", and the rates leave it out;
who already has its calendar invite gets an iTIP cancellation (METHOD:CANCEL, the same
UID, the next SEQUENCE; RFC 5546).

The round's messages are found by their idempotency keys (see `services.intros`), looked
up in batches through the outbox's unique index.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from hallway.coffee.models import Pairing, PairingMember, Round
from hallway.coffee.services.intros import INTRO, LEFT_OUT, REMINDER
from hallway.messaging.channels import EMAIL_KIND
from hallway.messaging.models import Channel, OutboxMessage, Status
from hallway.messaging.services import Outgoing, Recipient
from hallway.messaging.types import MEETING_CANCELLED

# On its way or delivered: the recipient has it (or will in a moment).
GONE_OUT = (Status.SENT, Status.SENDING)
# Keys and ids per query (well under every database's limit on parameters).
KEY_BATCH = 500


@dataclasses.dataclass(frozen=True)
class ClosePlan:
    """What closing the round at a given moment does."""

    early: bool  # before the meet-by date
    unsent: list[int]  # queued messages of the round: cancelled
    unsent_intros: int  # of which intros
    called_off: list[int]  # pairings whose meeting could not happen
    cancellations: list[Outgoing]  # calendar cancellations for invites that went out

    @property
    def unsent_others(self) -> int:
        """Queued reminders and notices."""
        return len(self.unsent) - self.unsent_intros


def round_closes_early(round: Round, now: datetime.datetime) -> bool:
    return now < round.ends_at


def _members(round: Round) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for pairing_id, person_id in PairingMember.objects.filter(pairing__round=round).values_list(
        "pairing_id", "person_id"
    ):
        members[pairing_id].append(person_id)
    return members


def _keys(round: Round, members: dict[int, list[int]]) -> Iterator[tuple[str, int, int | None]]:
    """(key, pairing id, person id or None for a group message) of every message the round
    may have sent, on any of the organisation's channels."""
    channel_ids = list(
        Channel.objects.filter(organisation_id=round.organisation_id).values_list("pk", flat=True)
    )
    for pairing_id, people in members.items():
        for suffix in ("intro", "reminder"):
            for channel in channel_ids:
                yield f"coffee:pairing-{pairing_id}:channel-{channel}:{suffix}", pairing_id, None
            for person in people:
                yield f"coffee:pairing-{pairing_id}:person-{person}:{suffix}", pairing_id, person
                for channel in channel_ids:
                    key = f"coffee:pairing-{pairing_id}:person-{person}:channel-{channel}:{suffix}"
                    yield key, pairing_id, person


def _round_messages(
    round: Round, members: dict[int, list[int]]
) -> list[tuple[OutboxMessage, int, int | None]]:
    """The round's intros and reminders (with their pairing and person) and its notices."""
    wanted = {key: (pairing, person) for key, pairing, person in _keys(round, members)}
    keys = list(wanted)
    found: list[tuple[OutboxMessage, int, int | None]] = []
    for start in range(0, len(keys), KEY_BATCH):
        for message in OutboxMessage.objects.select_related("person", "via").filter(
            organisation_id=round.organisation_id,
            idempotency_key__in=keys[start : start + KEY_BATCH],
            message_type__in=(INTRO, REMINDER),
        ):
            found.append((message, *wanted[message.idempotency_key]))
    notices = OutboxMessage.objects.filter(
        organisation_id=round.organisation_id,
        message_type=LEFT_OUT,
        idempotency_key__startswith=f"coffee:round-{round.pk}:",
    )
    return found + [(message, 0, None) for message in notices]


def _unreached(
    messages: list[tuple[OutboxMessage, int, int | None]], members: dict[int, list[int]]
) -> set[int]:
    """Pairings with a member whose intro never went out. Someone with no intro in the
    outbox at all (a round from before the outbox kept them) counts as reached."""
    tried: dict[tuple[int, int], bool] = {}
    for message, pairing, person in messages:
        if message.message_type != INTRO:
            continue
        for someone in [person] if person is not None else members.get(pairing, []):
            got = message.status in GONE_OUT
            tried[(pairing, someone)] = tried.get((pairing, someone), False) or got
    return {pairing for (pairing, _person), got in tried.items() if not got}


def _ahead(pairing: Pairing, round: Round, now: datetime.datetime) -> bool:
    """The meeting's time is still to come: its slot, or else the meet-by moment."""
    return (pairing.slot_start or round.ends_at) > now


def _cancellation(message: OutboxMessage, pairing_id: int) -> Outgoing | None:
    """The calendar cancellation of one invite that went out by email, else None."""
    calendar: Any = message.context.get("calendar") if isinstance(message.context, dict) else None
    if not isinstance(calendar, dict) or message.channel != EMAIL_KIND:
        return None
    partners = message.context.get("partners") or []
    who = f"person-{message.person_id}" if message.person_id else message.address
    return Outgoing(
        recipient=Recipient(
            address=message.address,
            kind=message.recipient_kind,
            person=message.person,
            ref=message.recipient_ref,
            name=message.recipient_name,
            language=message.language,
            timezone=message.timezone,
        ),
        channel=message.via or EMAIL_KIND,
        message_type=MEETING_CANCELLED.name,
        context={
            "recipient_name": message.context.get("recipient_name", message.recipient_name),
            "partner_name": ", ".join(str(p.get("name", "")) for p in partners),
            "calendar": {
                **calendar,
                "method": "CANCEL",
                "sequence": int(calendar.get("sequence", 0)) + 1,
            },
        },
        idempotency_key=f"coffee:pairing-{pairing_id}:{who}:cancel"[:200],
    )


def close_plan(*, round: Round, now: datetime.datetime) -> ClosePlan:
    """What closing `round` at `now` would do (nothing is changed)."""
    members = _members(round)
    messages = _round_messages(round, members)
    unreached = _unreached(messages, members)
    answered = PairingMember.objects.filter(pairing=OuterRef("pk")).exclude(outcome="")
    open_pairings = Pairing.objects.filter(round=round, called_off_at__isnull=True).exclude(
        Exists(answered)
    )
    called_off = {
        pairing.pk: pairing
        for pairing in open_pairings.only("pk", "slot_start")
        if pairing.pk in unreached or _ahead(pairing, round, now)
    }
    cancellations: dict[str, Outgoing] = {}
    for message, pairing_id, _person in messages:
        pairing = called_off.get(pairing_id)
        if pairing is None or message.status not in GONE_OUT or not _ahead(pairing, round, now):
            continue
        cancellation = _cancellation(message, pairing_id)
        if cancellation is not None:
            cancellations.setdefault(cancellation.idempotency_key, cancellation)
    unsent = [message for message, _p, _m in messages if message.status == Status.QUEUED]
    return ClosePlan(
        early=round_closes_early(round, now),
        unsent=[message.pk for message in unsent],
        unsent_intros=sum(message.message_type == INTRO for message in unsent),
        called_off=sorted(called_off),
        cancellations=list(cancellations.values()),
    )


def close_plan_apply(*, round: Round, plan: ClosePlan, now: datetime.datetime) -> None:
    """Cancel the unsent messages and mark the called-off pairings (the cancellations are
    enqueued by the caller, with its other messages)."""
    for start in range(0, len(plan.unsent), KEY_BATCH):
        OutboxMessage.objects.filter(
            pk__in=plan.unsent[start : start + KEY_BATCH], status=Status.QUEUED
        ).update(status=Status.CANCELLED, updated_at=timezone.now())
    for start in range(0, len(plan.called_off), KEY_BATCH):
        Pairing.objects.filter(
            Q(pk__in=plan.called_off[start : start + KEY_BATCH]), round=round
        ).update(called_off_at=now)
