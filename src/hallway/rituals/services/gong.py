"""Ringing the gong: a celebration on the wall and in the organisation's gong channels.

`celebration_post` is the one way in, whatever the source (the wall's form, a stand-up
answer, the API, an inbound webhook). It writes the celebration and one outbox message per
gong channel in one transaction, each in that channel's language (the target's, else the
organisation's), so either everything is posted or nothing is. A (source, source_ref) seen
before in the organisation returns the first celebration and posts nothing again: a unique
constraint decides, so two deliveries of the same webhook at once cannot both ring.
"""

import datetime
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.messaging.channels import kind_get
from hallway.messaging.channels.base import CHAT
from hallway.messaging.models import Channel
from hallway.messaging.services import Outgoing, Recipient, message_enqueue_many
from hallway.people.models import Person, Team
from hallway.rituals.gong_messages import GONG_CELEBRATION
from hallway.rituals.models import (
    Celebration,
    CelebrationKind,
    CelebrationReaction,
    CelebrationSource,
    GongTarget,
)

TITLE_MAX = 200
TEXT_MAX = 2000


def celebration_key(celebration: Celebration, target_key: str) -> str:
    return f"gong:celebration-{celebration.pk}:{target_key}"


def wall_url(organisation: Organisation, moment: datetime.datetime) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(organisation.timezone))
    return f"{settings.BASE_URL}{reverse('rituals:wins')}?month={local:%Y-%m}"


def _problems(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    text: str,
    people: Sequence[Person],
    team: Team | None,
    posted_by: Person | None,
    source: str,
    source_ref: str,
    channels: Sequence[Channel] | None,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if kind not in CelebrationKind.values:
        add(
            "kind",
            _("“%(kind)s” is not a kind of win (one of %(kinds)s).")
            % {"kind": kind, "kinds": ", ".join(CelebrationKind.values)},
        )
    if not title.strip():
        add("title", _("Say what you are celebrating."))
    elif len(title.strip()) > TITLE_MAX:
        add("title", _("At most %(max)d characters.") % {"max": TITLE_MAX})
    if len(text) > TEXT_MAX:
        add("text", _("At most %(max)d characters.") % {"max": TEXT_MAX})
    if any(person.organisation_id != organisation.pk for person in people):
        add("people", _("Everyone celebrated must be in this organisation's directory."))
    if team is not None and team.organisation_id != organisation.pk:
        add("team", _("The team belongs to another organisation."))
    if posted_by is not None and posted_by.organisation_id != organisation.pk:
        add("posted_by", _("The person posting belongs to another organisation."))
    if source not in CelebrationSource.values:
        add("source", _("“%(source)s” is not a source.") % {"source": source})
    if len(source_ref) > 200:
        add("source_ref", _("At most %(max)d characters.") % {"max": 200})
    for channel in channels or ():
        if channel.organisation_id != organisation.pk:
            add("channels", _("The channel belongs to another organisation."))
    return problems


def _destinations(
    organisation: Organisation, channels: Sequence[Channel] | None
) -> list[tuple[str, Channel, str, str]]:
    """(key, channel, address, language) of each place the celebration goes to: every
    enabled gong channel, or those of `channels` (a channel that is no gong channel goes
    out in the organisation's language to where its webhook points)."""
    targets = list(
        scoped(GongTarget, organisation)
        .filter(enabled=True, channel__enabled=True)
        .select_related("channel")
        .order_by("id")
    )
    if channels is not None:
        wanted = {channel.pk for channel in channels}
        targets = [target for target in targets if target.channel_id in wanted]
    found = [
        (
            f"target-{target.pk}",
            target.channel,
            target.address or target.channel.name,
            target.language or organisation.language,
        )
        for target in targets
    ]
    covered = {target.channel_id for target in targets}
    problems = []
    for channel in channels or ():
        if channel.pk in covered or not channel.enabled:
            continue
        kind = kind_get(channel.kind)
        if kind is None or kind.template_kind != CHAT:
            problems.append(
                _("“%(name)s” is not a chat channel; wins go by email in the digest.")
                % {"name": channel.name}
            )
        elif kind.test_needs_address:
            problems.append(
                _("Add “%(name)s” to the gong's channels with the channel to post in.")
                % {"name": channel.name}
            )
        else:
            found.append((f"channel-{channel.pk}", channel, channel.name, organisation.language))
    if problems:
        raise ValidationError({"channels": problems})
    return found


def celebration_context(celebration: Celebration) -> dict[str, Any]:
    """What a channel message says (names only; the words come from its templates)."""
    return {
        "celebration_id": celebration.pk,
        "kind": celebration.kind,
        "title": celebration.title,
        "text": celebration.text,
        "people": [person.name for person in celebration.people.order_by("name", "pk")],
        "team": celebration.team.name if celebration.team else "",
        "posted_by": celebration.posted_by.name if celebration.posted_by else "",
        "details": celebration.details,
        "organisation_name": celebration.organisation.name,
        "wall_url": wall_url(celebration.organisation, celebration.posted_at),
    }


def celebration_post(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    text: str = "",
    people: Sequence[Person] = (),
    team: Team | None = None,
    posted_by: Person | None = None,
    source: str,
    source_ref: str = "",
    channels: Sequence[Channel] | None = None,
    now: datetime.datetime,
    details: dict[str, str] | None = None,
) -> Celebration:
    """Put a win on the wall and ring the gong in its channels (all enabled gong channels,
    or the gong channels among `channels`). Repeating a (source, source_ref) returns the
    first celebration and posts nothing. Bad input raises ValidationError with every
    problem, and nothing is written."""
    source_ref = source_ref.strip()
    if source_ref:
        existing = scoped(Celebration, organisation).filter(source=source, source_ref=source_ref)
        found = existing.first()
        if found is not None:
            return found
    problems = _problems(
        organisation=organisation,
        kind=kind,
        title=title,
        text=text,
        people=people,
        team=team,
        posted_by=posted_by,
        source=source,
        source_ref=source_ref,
        channels=channels,
    )
    if problems:
        raise ValidationError(problems)
    destinations = _destinations(organisation, channels)
    try:
        with transaction.atomic():
            celebration = Celebration.objects.create(
                organisation=organisation,
                kind=kind,
                title=title.strip(),
                text=text.strip(),
                team=team,
                posted_by=posted_by,
                source=source,
                source_ref=source_ref,
                details=details or {},
                posted_at=now,
            )
            celebration.people.set(list(dict.fromkeys(people)))
            context = celebration_context(celebration)
            message_enqueue_many(
                organisation=organisation,
                messages=[
                    Outgoing(
                        recipient=Recipient(
                            address=address,
                            language=language,
                            timezone=organisation.timezone,
                        ),
                        channel=channel,
                        message_type=GONG_CELEBRATION,
                        context=context,
                        idempotency_key=celebration_key(celebration, key),
                    )
                    for key, channel, address, language in destinations
                ],
            )
    except IntegrityError:
        # Another request with the same (source, source_ref) won the race: it rang the gong.
        winner = scoped(Celebration, organisation).filter(source=source, source_ref=source_ref)
        found = winner.first()
        if found is None or not source_ref:
            raise
        return found
    return celebration


def reaction_toggle(*, celebration: Celebration, person: Person, now: datetime.datetime) -> bool:
    """Cheer a celebration on the wall, or take the cheer back; True when the person now
    cheers it. One per person and celebration (a unique constraint holds it)."""
    if person.organisation_id != celebration.organisation_id:
        raise ValidationError(_("The person belongs to another organisation."))
    with transaction.atomic():
        removed, _counts = CelebrationReaction.objects.filter(
            celebration=celebration, person=person
        ).delete()
        if removed:
            return False
        CelebrationReaction.objects.get_or_create(
            organisation=celebration.organisation,
            celebration=celebration,
            person=person,
            defaults={"created_at": now},
        )
    return True


def gong_target_save(
    *,
    organisation: Organisation,
    channel: Channel,
    address: str = "",
    language: str = "",
    enabled: bool = True,
    target: GongTarget | None = None,
) -> GongTarget:
    """Add (or change) a channel the gong rings in. Slack needs the channel's ID (the bot
    must be in it, or have chat:write.public); webhook kinds post where their hook points."""
    problems: dict[str, list[str]] = {}
    address = address.strip()
    kind = kind_get(channel.kind)
    if channel.organisation_id != organisation.pk:
        problems["channel"] = [_("The channel belongs to another organisation.")]
    elif kind is None or kind.template_kind != CHAT:
        problems["channel"] = [
            _("Only chat channels ring the gong; wins go by email in the digest.")
        ]
    elif kind.test_needs_address:
        if not address or address[:1] not in ("C", "G") or not address.isalnum():
            problems["address"] = [
                _(
                    "The Slack channel's ID, such as C0123ABCD (in Slack: the channel's "
                    "name → About, at the bottom)."
                )
            ]
    else:
        address = ""
    if language and language not in dict(settings.LANGUAGES):
        problems["language"] = [
            _("“%(language)s” is not a supported language (en, de or nl).") % {"language": language}
        ]
    same = scoped(GongTarget, organisation).filter(channel=channel, address=address)
    if target is not None:
        same = same.exclude(pk=target.pk)
    if not problems and same.exists():
        problems["channel"] = [_("The gong rings there already.")]
    if problems:
        raise ValidationError(problems)
    target = target or GongTarget(organisation=organisation)
    target.channel = channel
    target.address = address
    target.language = language
    target.enabled = enabled
    with transaction.atomic():
        target.save()
    return target


def gong_target_remove(*, target: GongTarget) -> None:
    target.delete()
