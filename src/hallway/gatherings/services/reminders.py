"""Reminders 24 hours and one hour before a gathering, to every guest who holds a seat.

Run every few minutes by the `gatherings.reminders` job, across organisations. Which
reminder is due depends only on how far off the start is (at most 24 hours: the 24-hour
one; at most one hour: the one-hour one), so a job that catches up after downtime sends
the reminder that still makes sense, never both at once. Idempotent through the outbox key
(the gathering, the guest, the calendar SEQUENCE and "reminder-24h" / "reminder-1h"): a
second run sends nothing, and a gathering moved to a new time (SEQUENCE + 1) is reminded
of again. Each reminder expires when the gathering starts, so delivery drops one that the
guest's sending window (or a worker that was down) would deliver too late.

Who gets one: guests with a seat (invited, yes, maybe; hosts are guests who said yes),
except
- a guest invited less than the reminder's lead before the start: the invitation itself
  is that fresh (someone invited this morning to tonight's drinks gets no "tomorrow"
  reminder);
- a colleague who is away on the gathering's day in their zone (out of office, a holiday,
  paused; a day that is not one of their working days does not count: they may well come
  to a Saturday party). Contacts have no absences.
"""

import datetime
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from hallway.absences.selectors import AbsenceCalendar
from hallway.gatherings.models import SEATED, Gathering, GatheringStatus, Guest
from hallway.gatherings.services.invitations import (
    first_host_email,
    host_names,
    reminder_outgoing,
)
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.services import Outgoing, message_enqueue_many

logger = logging.getLogger("hallway.gatherings")


@dataclass(frozen=True)
class Lead:
    name: str  # in the idempotency key and the templates' `lead`
    before: datetime.timedelta


DAY_BEFORE = Lead("24h", datetime.timedelta(hours=24))
HOUR_BEFORE = Lead("1h", datetime.timedelta(hours=1))
# Shortest first: the shortest lead the start is within is the reminder due.
LEADS = (HOUR_BEFORE, DAY_BEFORE)


def _due_lead(gathering: Gathering, now: datetime.datetime) -> Lead | None:
    """The reminder due for `gathering` now: the shortest lead the start is within."""
    ahead = gathering.starts_at - now
    for lead in LEADS:
        if ahead <= lead.before:
            return lead
    return None


def _local_day(guest: Guest, moment: datetime.datetime) -> datetime.date:
    try:
        return moment.astimezone(ZoneInfo(guest.timezone)).date()
    except (ValueError, KeyError):
        return moment.astimezone(datetime.UTC).date()


def _away(gathering: Gathering, guests: list[Guest]) -> set[int]:
    """Ids of the colleagues among `guests` who are away on the gathering's day (their own
    local date), read with one calendar (two queries)."""
    colleagues = [guest for guest in guests if guest.person is not None]
    if not colleagues:
        return set()
    days = {guest.pk: _local_day(guest, gathering.starts_at) for guest in colleagues}
    calendar = AbsenceCalendar(
        organisation=gathering.organisation,
        first=min(days.values()),
        last=max(days.values()),
        person_ids=[guest.person_id for guest in colleagues if guest.person_id is not None],
    )
    return {
        guest.pk
        for guest in colleagues
        if guest.person is not None
        and calendar.away_on(guest.person, days[guest.pk], days_off=False) is not None
    }


def gathering_reminders(*, gathering: Gathering, now: datetime.datetime) -> list[Outgoing]:
    """The reminders due for one gathering now (see the module docstring); nothing is
    written."""
    lead = _due_lead(gathering, now)
    if lead is None or gathering.status != GatheringStatus.SCHEDULED or gathering.starts_at <= now:
        return []
    moment = gathering.starts_at - lead.before
    guests = [
        guest
        for guest in gathering.guests.filter(status__in=SEATED).select_related("person")
        if guest.invited_at <= moment
    ]
    away = _away(gathering, guests)
    guests = [guest for guest in guests if guest.pk not in away]
    if not guests:
        return []
    hosts = host_names(gathering)
    channel = channel_email(gathering.organisation)
    reply_to = first_host_email(gathering)
    return [
        reminder_outgoing(
            gathering=gathering,
            guest=guest,
            hosts=hosts,
            lead=lead.name,
            before=lead.before,
            channel=channel,
            reply_to=reply_to,
        )
        for guest in guests
    ]


def reminders_send_due(*, now: datetime.datetime) -> int:
    """Enqueue every reminder due now, in every organisation; returns how many are new
    (0 on a second run)."""
    upcoming = (
        Gathering.objects.filter(
            status=GatheringStatus.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + DAY_BEFORE.before,
        )
        .select_related("organisation")
        .order_by("starts_at", "id")
    )
    new = 0
    for gathering in upcoming:
        messages = gathering_reminders(gathering=gathering, now=now)
        if not messages:
            continue
        try:
            new += message_enqueue_many(organisation=gathering.organisation, messages=messages)
        except ValidationError as exc:
            # One gathering's bad row (all or nothing for it) must not keep the others'
            # reminders from going out; the next run tries it again.
            logger.warning("gathering %s: reminders not enqueued: %s", gathering.pk, exc)
    return new
