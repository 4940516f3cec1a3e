"""The messages of a coffee round: intros, mid-round reminders, left-out and pause notices.

They go through the channels the program chose (`Program.channels`): each member gets the
intro on every chosen channel they can be reached on; a channel that reaches a group at
once (Slack) sends the pairing one group message instead; someone reached on none of them
gets it by email. Everything goes through the messaging outbox with an idempotency key per
real-world message (`coffee:pairing-12:person-7:intro`), so building the same messages
again sends nothing new. Each message is rendered in its recipient's language and zone; a
group message in the members' common language, else the organisation's, with every
member's local time. Context values are stored, not texts:
the starter as its key, a left-out reason as its code, dates as ISO strings.
"""

import datetime
from typing import Any

from django.db.models import Prefetch

from hallway.accounts.models import Organisation
from hallway.coffee.links import FEEDBACK, feedback_token, feedback_urls, personal_url
from hallway.coffee.models import CoffeeProfile, Outcome, Pairing, PairingMember, Program
from hallway.coffee.starters import starter_pick
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.channels import EMAIL_KIND, kind_get
from hallway.messaging.ics import organizer, organizer_domain
from hallway.messaging.models import Channel, OutboxMessage, RecipientKind
from hallway.messaging.services import (
    Outgoing,
    Recipient,
    message_enqueue,
    messaging_settings_of,
    person_address,
)
from hallway.messaging.video import video_room_url
from hallway.people.models import Person

INTRO = "coffee_intro"
REMINDER = "coffee_reminder"
LEFT_OUT = "coffee_left_out"
PAUSED = "coffee_paused"


def pairings_for_messages(queryset: Any) -> Any:
    """Pairings with what their messages need, in a fixed number of queries."""
    members = PairingMember.objects.select_related(
        "person__team", "person__location", "person__coffee_profile"
    ).order_by("person__name", "id")
    return queryset.select_related("round__program", "organisation").prefetch_related(
        Prefetch("members", queryset=members)
    )


def _topics(person: Person) -> list[str]:
    try:
        profile: CoffeeProfile = person.coffee_profile
    except CoffeeProfile.DoesNotExist:
        return []
    return [str(topic) for topic in profile.ask_me_about or []]


def person_card(person: Person) -> dict[str, Any]:
    """What a partner sees about a person: stored as plain values in the message."""
    return {
        "name": person.name,
        "team": person.team.name if person.team else "",
        "location": person.location.name if person.location else "",
        "timezone": person.timezone,
        "ask_me_about": _topics(person),
    }


def _uid(pairing: Pairing) -> str:
    domain = organizer_domain()
    return f"coffee-pairing-{pairing.pk}@{domain}"


def pairing_video_url(pairing: Pairing) -> str:
    """The pairing's video link, made (and kept) the first time it is needed."""
    if not pairing.video_url:
        pairings_video_ensure([pairing])
    return pairing.video_url


def pairings_video_ensure(pairings: list[Pairing]) -> None:
    """Give every pairing without a video link one (planning normally has), in one go."""
    missing = [pairing for pairing in pairings if not pairing.video_url]
    if not missing:
        return
    preferences = messaging_settings_of(missing[0].organisation)
    for pairing in missing:
        pairing.video_url = video_room_url(
            organisation=pairing.organisation,
            meeting_key=f"coffee-pairing-{pairing.pk}",
            preferences=preferences,
        )
    Pairing.objects.bulk_update(missing, ["video_url"], batch_size=500)


def _calendar(pairing: Pairing, members: list[PairingMember]) -> dict[str, Any] | None:
    if pairing.slot_start is None or pairing.slot_end is None:
        return None
    return {
        "uid": _uid(pairing),
        "sequence": 0,
        "method": "REQUEST",
        "start": pairing.slot_start.isoformat(),
        "end": pairing.slot_end.isoformat(),
        "video_url": pairing_video_url(pairing),
        "organizer": organizer(),
        "attendees": [
            {"name": m.person.name, "email": m.person.email} for m in members if m.person.email
        ],
    }


def _program(pairing: Pairing) -> Program | None:
    return pairing.round.program if pairing.round is not None else None


def program_channels(program: Program | None, organisation: Organisation) -> list[Channel]:
    """The enabled channels a program's messages go through (email when it has none, or
    for meetings planned outside a program, such as onboarding)."""
    chosen = [channel for channel in program.channels.all() if channel.enabled] if program else []
    return chosen or [channel_email(organisation)]


def _reached_on(channel: Channel, members: list[PairingMember]) -> list[PairingMember]:
    return [m for m in members if person_address(m.person, channel)]


def _base_context(pairing: Pairing, members: list[PairingMember]) -> dict[str, Any]:
    program = _program(pairing)
    theme = program.starter_theme if program else ""
    context: dict[str, Any] = {
        "program_name": program.name if program else "",
        "due_on": pairing.due_on.isoformat(),
        "starter_key": starter_pick(pairing_id=pairing.pk, theme=theme),
        "video_url": pairing_video_url(pairing),
    }
    calendar = _calendar(pairing, members)
    if calendar is not None:
        context["calendar"] = calendar
    return context


def _member_context(
    pairing: Pairing, members: list[PairingMember], member: PairingMember, base: dict[str, Any]
) -> dict[str, Any]:
    person = member.person
    return {
        **base,
        "recipient_name": person.name,
        "partners": [person_card(m.person) for m in members if m.pk != member.pk],
        "feedback_urls": feedback_urls(
            pairing_id=pairing.pk,
            organisation_id=pairing.organisation_id,
            person_id=person.pk,
            language=person.preferred_language,
        ),
        "personal_url": personal_url(
            organisation_id=pairing.organisation_id,
            person_id=person.pk,
            language=person.preferred_language,
        ),
    }


def _group_language(pairing: Pairing, members: list[PairingMember]) -> str:
    languages = {m.person.preferred_language for m in members}
    return languages.pop() if len(languages) == 1 else pairing.organisation.language


def _group_context(
    pairing: Pairing, members: list[PairingMember], language: str, base: dict[str, Any]
) -> dict[str, Any]:
    from django.utils import translation

    buttons = []
    with translation.override(language):
        for outcome in Outcome:
            token = feedback_token(
                pairing_id=pairing.pk,
                organisation_id=pairing.organisation_id,
                person_id=None,
                outcome=outcome.value,
            )
            buttons.append(
                {
                    "label": str(outcome.label),
                    "value": f"{FEEDBACK.name}:{token}",
                    "style": "primary" if outcome == Outcome.MET else "",
                }
            )
    return {
        **base,
        "members": [person_card(m.person) for m in members],
        "buttons": buttons,
    }


def pairing_messages(
    pairing: Pairing,
    *,
    message_type: str,
    suffix: str,
    channels: list[Channel] | None = None,
) -> list[Outgoing]:
    """The messages of one pairing on the program's channels (looked up once by callers
    that go through a whole round), not yet sent."""
    members = list(pairing.members.all())
    base = _base_context(pairing, members)
    if channels is None:
        channels = program_channels(_program(pairing), pairing.organisation)
    messages: list[Outgoing] = []
    reached: set[int] = set()
    for channel in channels:
        kind = kind_get(channel.kind)
        on_it = _reached_on(channel, members)
        if kind is None or not on_it:
            continue
        if kind.groups and len(on_it) == len(members):
            messages.append(_group_message(pairing, members, channel, message_type, suffix, base))
            reached.update(m.person_id for m in members)
            continue
        for member in on_it:
            messages.append(
                _member_message(pairing, members, member, channel, message_type, suffix, base)
            )
            reached.add(member.person_id)
    unreached = [m for m in members if m.person_id not in reached and m.person.email]
    if unreached:  # nobody is left without their intro: email reaches everyone with an address
        email = next((c for c in channels if c.kind == EMAIL_KIND), None)
        email = email or channel_email(pairing.organisation)
        messages += [
            _member_message(pairing, members, member, email, message_type, suffix, base)
            for member in unreached
        ]
    return messages


def _member_message(
    pairing: Pairing,
    members: list[PairingMember],
    member: PairingMember,
    channel: Channel,
    message_type: str,
    suffix: str,
    base: dict[str, Any],
) -> Outgoing:
    # Email keeps the key it always had; other channels add theirs.
    via = "" if channel.kind == EMAIL_KIND else f":channel-{channel.pk}"
    return Outgoing(
        recipient=Recipient.for_person(member.person, channel),
        channel=channel,
        message_type=message_type,
        context=_member_context(pairing, members, member, base),
        idempotency_key=f"coffee:pairing-{pairing.pk}:person-{member.person_id}{via}:{suffix}",
    )


def _group_message(
    pairing: Pairing,
    members: list[PairingMember],
    channel: Channel,
    message_type: str,
    suffix: str,
    base: dict[str, Any],
) -> Outgoing:
    language = _group_language(pairing, members)
    return Outgoing(
        recipient=Recipient(
            address=",".join(person_address(m.person, channel) for m in members),
            kind=RecipientKind.ADDRESS,
            name=", ".join(m.person.name for m in members),
            language=language,
            timezone=pairing.organisation.timezone,
        ),
        channel=channel,
        message_type=message_type,
        context=_group_context(pairing, members, language, base),
        idempotency_key=f"coffee:pairing-{pairing.pk}:channel-{channel.pk}:{suffix}",
    )


def _enqueue_each(organisation: Organisation, messages: list[Outgoing]) -> list[OutboxMessage]:
    return [
        message_enqueue(
            organisation=organisation,
            recipient=m.recipient,
            channel=m.channel,
            message_type=m.message_type,
            context=m.context,
            idempotency_key=m.idempotency_key,
        )
        for m in messages
    ]


def pairing_introduce(*, pairing: Pairing) -> list[OutboxMessage]:
    """Enqueue the intro of one pairing to each member (and its Slack group DM)."""
    messages = pairing_messages(pairing, message_type=INTRO, suffix="intro")
    return _enqueue_each(pairing.organisation, messages)


def _notice(
    *,
    program: Program,
    channels: list[Channel] | None,
    person: Person,
    message_type: str,
    context: dict[str, Any],
    key: str,
) -> Outgoing | None:
    """One message to one person on the first of the program's channels that reaches them
    (email first), else by email, else none (unreachable)."""
    if channels is None:
        channels = program_channels(program, program.organisation)
    channels = sorted(channels, key=lambda c: c.kind != EMAIL_KIND)
    channel = next((c for c in channels if person_address(person, c)), None)
    if channel is None and person.email:
        channel = channel_email(program.organisation)
    if channel is None:
        return None
    return Outgoing(
        recipient=Recipient.for_person(person, channel),
        channel=channel,
        message_type=message_type,
        context={"recipient_name": person.name, **context},
        idempotency_key=key,
    )


def left_out_message(
    *,
    program: Program,
    channels: list[Channel] | None = None,
    round_id: int,
    person: Person,
    reason: str,
    next_round_on: datetime.date | None,
) -> Outgoing | None:
    """Tell someone why they were not paired this round, and that they go first next time."""
    return _notice(
        program=program,
        channels=channels,
        person=person,
        message_type=LEFT_OUT,
        context={
            "program_name": program.name,
            "reason": reason,
            "next_round_on": next_round_on.isoformat() if next_round_on else "",
            "personal_url": personal_url(
                organisation_id=person.organisation_id,
                person_id=person.pk,
                language=person.preferred_language,
            ),
        },
        key=f"coffee:round-{round_id}:person-{person.pk}:left-out",
    )


def auto_pause_message(
    *,
    program: Program,
    channels: list[Channel] | None = None,
    round_id: int,
    person: Person,
    unanswered: int,
) -> Outgoing | None:
    """Tell someone Hallway paused them after intros went unanswered, and how to come back."""
    return _notice(
        program=program,
        channels=channels,
        person=person,
        message_type=PAUSED,
        context={
            "program_name": program.name,
            "unanswered": unanswered,
            "personal_url": personal_url(
                organisation_id=person.organisation_id,
                person_id=person.pk,
                language=person.preferred_language,
            ),
        },
        key=f"coffee:program-{program.pk}:person-{person.pk}:auto-paused:round-{round_id}",
    )
