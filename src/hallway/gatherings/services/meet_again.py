"""When two colleagues both wish to meet again after a gathering, they get a coffee date:
a pairing outside any round through coffee's interface, with its intro (a time inside both
working hours, a video room, a conversation starter), as onboarding's meetings are made.

Contacts are not in the directory: a wish for a contact stays for the host to see (a touch
is theirs to make).
"""

import datetime

from django.db import transaction

from hallway.coffee.interface import (
    Pairing,
    PairingMember,
    engine_participant,
    pairing_introduce,
)
from hallway.engine.slots import next_slots
from hallway.gatherings.models import Guest, MeetAgain
from hallway.messaging.video import video_room_url

# Two weeks to find a time, as a coffee round gives.
MEET_WITHIN = datetime.timedelta(days=14)
MINUTES = 30


def meet_again_coffee(*, wish: MeetAgain, now: datetime.datetime) -> Pairing | None:
    """The coffee date of a mutual wish between two colleagues (None when the wish is
    one-way, a contact is involved, or their date exists already)."""
    guest, other = wish.guest, wish.other
    if guest.person_id is None or other.person_id is None:
        return None
    if not MeetAgain.objects.filter(guest=other, other=guest).exists():
        return None
    return _coffee(guest, other, now)


@transaction.atomic
def _coffee(guest: Guest, other: Guest, now: datetime.datetime) -> Pairing | None:
    assert guest.person is not None
    assert other.person is not None
    low, high = sorted((guest.pk, other.pk))
    key = f"gathering-{guest.gathering_id}-meet-again-{low}-{high}"
    organisation = guest.gathering.organisation
    video_url = video_room_url(organisation=organisation, meeting_key=key)
    # One date per pair and gathering: the video room's key names it.
    if Pairing.objects.filter(organisation=organisation, video_url=video_url).exists():
        return None
    people = [guest.person, other.person]
    slots = next_slots(
        [engine_participant(person) for person in people],
        now=now,
        days=MEET_WITHIN.days,
        minutes=MINUTES,
        count=1,
    )
    pairing = Pairing.objects.create(
        organisation=organisation,
        due_on=(now + MEET_WITHIN).date(),
        slot_start=slots[0].start if slots else None,
        slot_end=slots[0].end if slots else None,
        video_url=video_url,
        created_at=now,
    )
    PairingMember.objects.bulk_create(
        PairingMember(organisation=organisation, pairing=pairing, person=person)
        for person in people
    )
    pairing_introduce(pairing=pairing)
    return pairing
