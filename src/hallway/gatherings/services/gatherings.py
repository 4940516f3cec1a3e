"""Creating, moving and cancelling a gathering.

A gathering has one calendar event (its `uid`); every change sends each guest who still
holds a seat the same event with SEQUENCE + 1, a cancellation sends METHOD:CANCEL.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.gatherings.models import (
    MAX_CAPACITY,
    SEATED,
    Gathering,
    GatheringKind,
    GatheringStatus,
    Guest,
    GuestRole,
    GuestStatus,
)
from hallway.gatherings.services.invitations import (
    cancellation_send,
    host_names,
    invitation_send,
)
from hallway.messaging.ics import organizer_domain
from hallway.messaging.video import video_room_url
from hallway.people.models import Person


def _new_uid() -> str:
    return f"gathering-{secrets.token_hex(12)}@{organizer_domain()}"


def _check(
    organisation: Organisation,
    *,
    title: str,
    hosts: list[User],
    starts_at: datetime.datetime,
    minutes: int,
    capacity: int,
    kind: str,
    now: datetime.datetime,
) -> None:
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = _("Give the gathering a title.")
    elif len(title) > 200:
        problems["title"] = _("Keep the title under 200 characters.")
    if not hosts:
        problems["hosts"] = _("A gathering needs at least one host.")
    elif any(not host.memberships.filter(organisation=organisation).exists() for host in hosts):
        problems["hosts"] = _("Only members of the organisation can host.")
    if starts_at.tzinfo is None:
        problems["starts_at"] = _("Give the start with its time zone (for example +01:00).")
    elif starts_at <= now:
        problems["starts_at"] = _("Choose a start in the future.")
    if not 15 <= minutes <= 480:
        problems["minutes"] = _("A gathering lasts between 15 minutes and 8 hours.")
    if not 2 <= capacity <= MAX_CAPACITY:
        problems["capacity"] = _("The capacity is between 2 and %(most)d guests.") % {
            "most": MAX_CAPACITY
        }
    if kind not in GatheringKind.values:
        problems["kind"] = _("Choose a cocktail party, a happy hour, a roundtable or other.")
    if problems:
        raise ValidationError(problems)


def _host_person(organisation: Organisation, user: User) -> Person | None:
    return Person.objects.filter(organisation=organisation, user=user).first()


@transaction.atomic
def gathering_create(
    *,
    organisation: Organisation,
    title: str,
    hosts: list[User],
    starts_at: datetime.datetime,
    minutes: int,
    capacity: int = 10,
    kind: str = GatheringKind.COCKTAIL,
    topic: str = "",
    invitation_text: str = "",
    language: str = "",
    by: User | None,
    now: datetime.datetime | None = None,
) -> Gathering:
    """A scheduled gathering with its hosts (guests who are coming) and its video room.
    Raises ValidationError, changing nothing, on bad input. `now`: the clock (the demo
    creates gatherings as they were created in the past)."""
    now = now or timezone.now()
    _check(
        organisation,
        title=title,
        hosts=hosts,
        starts_at=starts_at,
        minutes=minutes,
        capacity=capacity,
        kind=kind,
        now=now,
    )
    gathering = Gathering.objects.create(
        organisation=organisation,
        title=title.strip(),
        kind=kind,
        topic=topic.strip()[:300],
        invitation_text=invitation_text.strip(),
        starts_at=starts_at,
        minutes=minutes,
        capacity=capacity,
        language=language or organisation.language,
        uid=_new_uid(),
        created_by=by,
    )
    # One by one, in the order given: the first host signs (touches, replies to).
    for host in hosts:
        gathering.hosts.add(host)
    people = [_host_person(organisation, host) for host in hosts]
    gathering.video_url = video_room_url(
        organisation=organisation, meeting_key=f"gathering-{gathering.pk}", host=people[0]
    )
    gathering.save(update_fields=["video_url"])
    for host, person in zip(hosts, people, strict=True):
        Guest.objects.create(
            organisation=organisation,
            gathering=gathering,
            person=person,
            name=person.name if person else (host.get_full_name() or host.email),
            email=person.email if person else host.email,
            language=person.preferred_language if person else gathering.language,
            timezone=person.timezone if person else organisation.timezone,
            role=GuestRole.HOST,
            status=GuestStatus.YES,
            answered_at=now,
            invited_by=by,
        )
    return gathering


def _open(gathering: Gathering) -> Gathering:
    locked = Gathering.objects.select_for_update().get(pk=gathering.pk)
    if locked.status != GatheringStatus.SCHEDULED:
        raise ValidationError(_("This gathering is cancelled already."))
    return locked


def _told(gathering: Gathering) -> list[Guest]:
    """Guests who hold a seat, so have the calendar event (hosts made it themselves)."""
    return list(gathering.guests.filter(status__in=SEATED).exclude(role=GuestRole.HOST))


@transaction.atomic
def gathering_reschedule(
    *, gathering: Gathering, starts_at: datetime.datetime, minutes: int | None = None
) -> Gathering:
    """Move the gathering: every guest with a seat gets the update (SEQUENCE + 1)."""
    if starts_at.tzinfo is None or starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a start in the future.")})
    if minutes is not None and not 15 <= minutes <= 480:
        raise ValidationError({"minutes": _("A gathering lasts between 15 minutes and 8 hours.")})
    locked = _open(gathering)
    locked.starts_at = starts_at
    locked.minutes = minutes or locked.minutes
    locked.sequence += 1
    locked.save(update_fields=["starts_at", "minutes", "sequence", "updated_at"])
    hosts = host_names(locked)
    for guest in _told(locked):
        invitation_send(gathering=locked, guest=guest, hosts=hosts, what="update")
    return locked


@transaction.atomic
def gathering_cancel(*, gathering: Gathering) -> Gathering:
    """Cancel: METHOD:CANCEL (SEQUENCE + 1) to every guest with a seat or on the waitlist."""
    locked = _open(gathering)
    locked.status = GatheringStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    hosts = host_names(locked)
    for guest in locked.guests.exclude(status=GuestStatus.NO).exclude(role=GuestRole.HOST):
        cancellation_send(gathering=locked, guest=guest, hosts=hosts)
    return locked
