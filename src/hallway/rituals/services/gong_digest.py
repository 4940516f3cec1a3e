"""The wins by email: a digest for people who asked for it, daily or weekly.

Email is no place for one message per win (people who want them live in Slack or Teams, or
on the wall), so email readers get a digest: daily (yesterday's wins) or weekly (last week's,
Monday to Sunday, sent on Monday), chosen by each reader on the wall. Days are the reader's
own (their zone); a digest goes out from 07:00 their time, in their language, and only when
there was something to celebrate. One per reader and period (the idempotency key says so),
so the hourly job may run any number of times; periods that ended before someone signed up
are never sent.
"""

import datetime
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.services import Outgoing, Recipient, message_enqueue_many
from hallway.people.models import Person, PersonStatus
from hallway.rituals.gong_messages import GONG_DIGEST
from hallway.rituals.models import Celebration, DigestFrequency, WinsDigest

SEND_FROM_HOUR = 7
DIGEST_ITEMS = 30


def digest_set(*, person: Person, frequency: str, now: datetime.datetime) -> WinsDigest | None:
    """Ask for the wins by email ("daily", "weekly") or stop them ("")."""
    if frequency and frequency not in DigestFrequency.values:
        raise ValidationError(
            {"frequency": [_("“%(value)s” is not daily or weekly.") % {"value": frequency}]}
        )
    with transaction.atomic():
        if not frequency:
            WinsDigest.objects.filter(person=person).delete()
            return None
        digest, created = WinsDigest.objects.get_or_create(
            person=person,
            defaults={"organisation": person.organisation, "frequency": frequency, "since": now},
        )
        if not created and digest.frequency != frequency:
            digest.frequency = frequency
            digest.since = now
            digest.save(update_fields=["frequency", "since"])
    return digest


def digest_period(
    frequency: str, local_now: datetime.datetime
) -> tuple[datetime.date, datetime.date] | None:
    """The last complete period (first and last day) due at `local_now`, or None before
    its sending hour (weekly: Mondays only)."""
    if local_now.hour < SEND_FROM_HOUR:
        return None
    today = local_now.date()
    if frequency == DigestFrequency.DAILY:
        day = today - datetime.timedelta(days=1)
        return day, day
    if today.isoweekday() != 1:
        return None
    return today - datetime.timedelta(days=7), today - datetime.timedelta(days=1)


def _instant(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zone).astimezone(datetime.UTC)


def _item(celebration: Celebration) -> dict[str, Any]:
    return {
        "kind": celebration.kind,
        "title": celebration.title,
        "text": celebration.text,
        "people": [person.name for person in celebration.people.all()],
        "posted_at": celebration.posted_at.isoformat(),
        "reactions": getattr(celebration, "cheers", 0),
    }


def _digest(subscription: WinsDigest, now: datetime.datetime) -> tuple[str, dict[str, Any]] | None:
    person = subscription.person
    zone = zoneinfo.ZoneInfo(person.timezone)
    period = digest_period(subscription.frequency, now.astimezone(zone))
    if period is None:
        return None
    first, last = period
    start, end = _instant(first, zone), _instant(last + datetime.timedelta(days=1), zone)
    if end <= subscription.since:
        return None
    celebrations = list(
        scoped(Celebration, subscription.organisation)
        .filter(posted_at__gte=start, posted_at__lt=end)
        .annotate(cheers=Count("reactions", distinct=True))
        .prefetch_related("people")
        .order_by("posted_at", "id")[:DIGEST_ITEMS]
    )
    if not celebrations:
        return None
    url = settings.BASE_URL + reverse("rituals:wins")
    return (
        f"gong:digest:{person.pk}:{subscription.frequency}:{first.isoformat()}",
        {
            "recipient_name": person.name,
            "organisation_name": subscription.organisation.name,
            "frequency": subscription.frequency,
            "first_day": first.isoformat(),
            "last_day": last.isoformat(),
            "celebrations": [_item(celebration) for celebration in celebrations],
            "wall_url": f"{url}?month={first:%Y-%m}",
            "settings_url": url,
        },
    )


def digests_send_due(*, now: datetime.datetime) -> int:
    """Enqueue every digest whose moment has come; returns how many are new."""
    sent = 0
    subscriptions = (
        WinsDigest.objects.exclude(person__status=PersonStatus.LEFT)
        .select_related("person", "organisation")
        .order_by("organisation_id", "id")
    )
    by_organisation: dict[int, tuple[Organisation, list[Outgoing]]] = {}
    for subscription in subscriptions:
        found = _digest(subscription, now)
        if found is None:
            continue
        key, context = found
        _organisation, outgoing = by_organisation.setdefault(
            subscription.organisation_id, (subscription.organisation, [])
        )
        outgoing.append(
            Outgoing(
                recipient=Recipient.for_person(subscription.person),
                channel="email",
                message_type=GONG_DIGEST,
                context=context,
                idempotency_key=key,
            )
        )
    for organisation, outgoing in by_organisation.values():
        sent += message_enqueue_many(organisation=organisation, messages=outgoing)
    return sent
