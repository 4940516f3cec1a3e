"""Stand-up digests: at each zone group's cut-off, once, the answers, the blockers first,
who is away (with the reason) apart from who did not answer, and the team's mood as an
average of three answers or more; to the stand-up's chat channel in the organisation's
language, else by email to everyone of the group who is not away, each in their own."""

import datetime

from django.db import transaction
from django.urls import reverse

from hallway.accounts.links import absolute_url
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.channels import kind_get
from hallway.messaging.models import RecipientKind
from hallway.messaging.services import Outgoing, Recipient, message_enqueue_each
from hallway.rituals.models import CheckIn, CheckInStatus, Digest, StandUp
from hallway.rituals.selectors.standups import (
    date_summary,
    standup_cadence,
    standup_questions,
    summary_context,
)
from hallway.rituals.standup_messages import STANDUP_DIGEST

# A digest that could not go out within this long after its cut-off is not sent late.
DIGEST_STALE = datetime.timedelta(hours=12)


def standup_page_url(standup: StandUp) -> str:
    return absolute_url(reverse("rituals:standup", kwargs={"pk": standup.pk}))


def digest_context(digest: Digest, now: datetime.datetime) -> dict[str, object]:
    occurrence = digest.occurrence
    standup = occurrence.standup
    summary = date_summary(occurrence=occurrence, now=now, digest=digest)
    zones = sorted(
        {c.person.timezone for c in CheckIn.objects.filter(digest=digest).select_related("person")}
    )
    return {
        "standup_name": standup.name,
        "standup_id": standup.pk,
        "on": occurrence.date.isoformat(),
        "cadence": standup_cadence(standup),
        "questions": standup_questions(standup),
        "group": digest.number,
        "groups": Digest.objects.filter(occurrence=occurrence).count(),
        "zones": zones,
        "starter_key": occurrence.starter_key,
        "page_url": standup_page_url(standup),
        **summary_context(summary),
    }


def _digest_messages(digest: Digest, now: datetime.datetime) -> list[Outgoing]:
    occurrence = digest.occurrence
    standup = occurrence.standup
    organisation = standup.organisation
    context = digest_context(digest, now)
    key = f"rituals:standup-{standup.pk}:occurrence-{occurrence.pk}:digest-{digest.number}"
    expires = digest.closes_at + DIGEST_STALE
    channel = standup.digest_channel
    if channel is not None and channel.enabled and kind_get(channel.kind) is not None:
        address = standup.digest_address.strip() or channel.name
        return [
            Outgoing(
                recipient=Recipient(
                    address=address,
                    kind=RecipientKind.ADDRESS,
                    name=standup.name,
                    language=organisation.language,
                    timezone=organisation.timezone,
                ),
                channel=channel,
                message_type=STANDUP_DIGEST,
                context=context,
                idempotency_key=f"{key}:channel-{channel.pk}",
                expires_at=expires,
            )
        ]
    email = channel_email(organisation)
    readers = (
        CheckIn.objects.filter(digest=digest)
        .exclude(status=CheckInStatus.AWAY)
        .select_related("person")
        .order_by("person__name")
    )
    return [
        Outgoing(
            recipient=Recipient.for_person(row.person, email),
            channel=email,
            message_type=STANDUP_DIGEST,
            context={**context, "recipient_name": row.person.name},
            idempotency_key=f"{key}:person-{row.person_id}",
            expires_at=expires,
        )
        for row in readers
        if row.person.email
    ]


def standups_digests_send(*, organisation: Organisation, now: datetime.datetime) -> int:
    """Each zone group's digest whose cut-off has come, once (a conditional update claims
    it); none for a group whose people were all away. Returns how many were sent."""
    sent = 0
    due = (
        scoped(Digest, organisation)
        .filter(
            sent_at__isnull=True,
            closes_at__lte=now,
            closes_at__gt=now - DIGEST_STALE,
            occurrence__standup__active=True,
        )
        .select_related("occurrence__standup__organisation", "occurrence__standup__digest_channel")
        .order_by("closes_at", "id")
    )
    for digest in due:
        with transaction.atomic():
            if not Digest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(sent_at=now):
                continue
            asked = (
                CheckIn.objects.filter(digest=digest).exclude(status=CheckInStatus.AWAY).exists()
            )
            if not asked:  # everyone of the group away: nothing to tell anyone
                continue
            messages = _digest_messages(digest, now)
            if message_enqueue_each(organisation=organisation, messages=messages):
                sent += 1
    return sent
