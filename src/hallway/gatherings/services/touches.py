"""Attending a gathering is a touch: once a gathering has ended, every guest who said yes
and is a contact in the client book was touched, by the first host.

Recorded through relationships' interface by an hourly job (the way relationships turns
coffee dates into touches), so relationships knows nothing of gatherings; idempotent by the
touch's external id `gathering:<id>:contact:<id>`, one touch per contact, so a second run
records nothing new and each contact's keep-in-touch rhythm moves once. A colleague who is
also a contact (a contractor in the directory) counts too, found by their address. Hosts
are the ones touching, so never touched themselves; a cancelled gathering touched nobody.
"""

import datetime

from django.core.exceptions import ValidationError

from hallway.accounts.models import User
from hallway.gatherings.models import Gathering, GatheringStatus, Guest, GuestRole, GuestStatus
from hallway.relationships.interface import (
    Contact,
    TouchKind,
    TouchSource,
    contacts_by_email,
    touch_record,
)

# A gathering that ended this long ago is still looked at (the job runs hourly; the margin
# covers workers that were down for days).
LOOKBACK = datetime.timedelta(days=30)
# The longest a gathering lasts (see Gathering.minutes), so one that started before the
# look-back but ended inside it is not missed.
LONGEST = datetime.timedelta(minutes=480)


def _first_host(gathering: Gathering) -> User | None:
    """The first host as they were named (the order `gathering_create` was given)."""
    through = Gathering.hosts.through.objects.filter(gathering=gathering).order_by("id")
    first = through.select_related("user").first()
    return first.user if first is not None else None


def _contacts(gathering: Gathering, guests: list[Guest]) -> list[Contact]:
    """The contacts among `guests`: their own contact, else a contact with their address."""
    found: dict[int, Contact] = {}
    unlinked = [guest.email for guest in guests if guest.contact is None and guest.email]
    by_email = contacts_by_email(gathering.organisation, unlinked) if unlinked else {}
    for guest in guests:
        contact = guest.contact or by_email.get(guest.email.strip().lower())
        if contact is not None:
            found.setdefault(contact.pk, contact)
    return list(found.values())


def gathering_touches_record(*, now: datetime.datetime) -> int:
    """Record a touch for every contact who said yes to a gathering that has ended (in the
    last LOOKBACK, not cancelled); returns how many contacts were seen (recorded now or
    before)."""
    gatherings = (
        Gathering.objects.filter(
            status=GatheringStatus.SCHEDULED,
            starts_at__gte=now - LOOKBACK - LONGEST,
            starts_at__lt=now,
        )
        .select_related("organisation")
        .order_by("starts_at", "id")
    )
    seen = 0
    for gathering in gatherings:
        if gathering.starts_at + datetime.timedelta(minutes=gathering.minutes) >= now:
            continue  # still going on
        guests = list(
            gathering.guests.filter(status=GuestStatus.YES)
            .exclude(role=GuestRole.HOST)
            .select_related("contact")
        )
        contacts = _contacts(gathering, guests)
        if not contacts:
            continue
        host = _first_host(gathering)
        for contact in contacts:
            try:
                touch_record(
                    organisation=gathering.organisation,
                    kind=TouchKind.GATHERING,
                    at=gathering.starts_at,
                    contacts=[contact],
                    by=host,
                    summary=gathering.title,
                    source=TouchSource.GATHERING,
                    external_id=f"gathering:{gathering.pk}:contact:{contact.pk}",
                )
            except ValidationError:
                continue
            seen += 1
    return seen
