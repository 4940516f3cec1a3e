"""Coffee dates with someone who is also a contact become touches.

A contractor or a client's employee can be in the directory and take part in coffee dates
(or be an onboarding partner). When someone says the date took place ("we met"), the
contact was touched, by the other member. Read through coffee's interface by a periodic
job, so coffee knows nothing of relationships; idempotent by the touch's external id
`pairing:<id>`.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError

from hallway.accounts.models import Organisation, User
from hallway.coffee.interface import MetPairing, pairings_met
from hallway.relationships.models import Direction, TouchKind, TouchSource
from hallway.relationships.services.records import contacts_by_email
from hallway.relationships.services.touches import touch_record

# An answer given this long ago is still read (the job runs hourly; the margin covers a
# worker that was down for days).
LOOKBACK = datetime.timedelta(days=30)


def coffee_touches_record(*, now: datetime.datetime) -> int:
    """Record a touch for every recent coffee date with a contact; returns how many were seen."""
    by_organisation: dict[int, list[MetPairing]] = defaultdict(list)
    for pairing in pairings_met(since=now - LOOKBACK):
        by_organisation[pairing.organisation_id].append(pairing)
    organisations = Organisation.objects.in_bulk(list(by_organisation))
    seen = 0
    for organisation_id, pairings in by_organisation.items():
        organisation = organisations[organisation_id]
        emails = {member.email for pairing in pairings for member in pairing.members}
        contacts = contacts_by_email(organisation, emails)
        if not contacts:
            continue
        user_ids = {m.user_id for p in pairings for m in p.members if m.user_id is not None}
        users = User.objects.in_bulk(list(user_ids))
        for pairing in pairings:
            met = [contacts[m.email] for m in pairing.members if m.email in contacts]
            if not met:
                continue
            hosts = [
                users[m.user_id]
                for m in pairing.members
                if m.email not in contacts and m.user_id in users
            ]
            try:
                touch_record(
                    organisation=organisation,
                    kind=TouchKind.COFFEE,
                    at=min(pairing.at, now),  # "we met" answered before the slot
                    contacts=met,
                    by=hosts[0] if hosts else None,
                    source=TouchSource.COFFEE,
                    direction=Direction.NONE,
                    external_id=f"pairing:{pairing.pairing_id}",
                )
            except ValidationError:
                continue
            seen += 1
    return seen
