"""The stand-ups' clock: ask whoever's local time has come, remind once, send the digests.

`standups_run_due` runs every few minutes (the worker's periodic job, `hallway ritual
run-due`) and is safe to repeat and to race:

- **Asking.** A date of a stand-up is one `Occurrence` (unique per stand-up and date). Each
  person of the circle is asked at the stand-up's `ask_at` in their own zone, on the dates
  of the rule that are their working days. Asking writes their `CheckIn` (unique per
  occurrence and person: the constraint decides who was asked already, so two runs never
  ask anyone twice) and enqueues the question in the same transaction. Someone away that
  day (out of office, paused, a public holiday, one load of `AbsenceCalendar` for everyone)
  gets a check-in marked away with the reason and no question; a day they do not work gets
  nothing.
- **Zone groups.** When a date is first due, the members' ask times are split where two of
  them lie more than `GROUP_GAP` apart (Berlin and London together, São Paulo and New York
  together): each group is a `Digest` with its own cut-off, `cutoff_minutes` after its last
  ask. Answers can be changed until the person's group closes.
- **Reminding.** One reminder, `reminder_minutes` after the question, to those who have not
  answered (a conditional update of `reminded_at` decides).
- **Digests.** At each group's cut-off, one digest (a conditional update of `sent_at`
  decides): to the stand-up's chat channel, else by email to each person of the group who
  is not away.

Messages also carry idempotency keys, and questions and reminders expire at the cut-off.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min

from hallway.absences.selectors import DAY_OFF, AbsenceCalendar
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.interface import starter_pick
from hallway.engine.cadence import Recurrence, is_occurrence, local_instant
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.channels import EMAIL_KIND, kind_get
from hallway.messaging.models import Channel
from hallway.messaging.services import (
    Outgoing,
    Recipient,
    message_enqueue_each,
    message_enqueue_many,
    person_address,
)
from hallway.people.models import Person
from hallway.rituals.models import (
    CheckIn,
    CheckInStatus,
    Digest,
    Occurrence,
    StandUp,
    StandUpMode,
)
from hallway.rituals.selectors.circles import circle_members
from hallway.rituals.selectors.standups import (
    standup_cadence,
    standup_questions,
)
from hallway.rituals.services.standups import standup_recurrence
from hallway.rituals.services.standups_digests import standups_digests_send
from hallway.rituals.standup_links import answer_url
from hallway.rituals.standup_messages import STANDUP_ASK, STANDUP_REMINDER

logger = logging.getLogger("hallway.rituals")

GROUP_GAP = datetime.timedelta(hours=2)
# A digest the worker could not send for this long (it was down) is not sent any more.
STARTER_THEME = "mixed"
_DAY = datetime.timedelta(days=1)


@dataclass
class StandupsReport:
    """What one run did (counts)."""

    asked: int = 0
    away: int = 0
    reminded: int = 0
    digests: int = 0
    video_invitations: int = 0


def _zone_name(person: Person, organisation: Organisation) -> str:
    return person.timezone or organisation.timezone or "UTC"


def ask_instant(standup: StandUp, person: Person, day: datetime.date) -> datetime.datetime:
    """When `person` is asked on their local date `day` (aware, UTC)."""
    zone = _zone_name(person, standup.organisation)
    return local_instant(day, standup.ask_at, zone).astimezone(datetime.UTC)


def standup_channels(standup: StandUp) -> list[Channel]:
    """The enabled channels people are asked on (email when none is chosen)."""
    chosen = [c for c in standup.channels.all() if c.enabled]
    return chosen or [channel_email(standup.organisation)]


def _groups(asks: list[datetime.datetime]) -> list[list[datetime.datetime]]:
    groups: list[list[datetime.datetime]] = []
    for ask in sorted(set(asks)):
        if groups and ask - groups[-1][-1] <= GROUP_GAP:
            groups[-1].append(ask)
        else:
            groups.append([ask])
    return groups


def _occurrence(
    standup: StandUp, day: datetime.date, members: list[Person], now: datetime.datetime
) -> Occurrence:
    """The stand-up's date `day`, made with its zone groups the first time it is due."""
    found = Occurrence.objects.filter(standup=standup, date=day).first()
    if found is not None:
        return found
    cutoff = datetime.timedelta(minutes=standup.cutoff_minutes)
    try:
        with transaction.atomic():
            occurrence = Occurrence.objects.create(
                organisation=standup.organisation, standup=standup, date=day, created_at=now
            )
            if standup.ask_small_talk:
                occurrence.starter_key = starter_pick(pairing_id=occurrence.pk, theme=STARTER_THEME)
                occurrence.save(update_fields=["starter_key"])
            groups = _groups([ask_instant(standup, p, day) for p in members])
            Digest.objects.bulk_create(
                Digest(
                    organisation=standup.organisation,
                    occurrence=occurrence,
                    number=number,
                    first_ask=group[0],
                    last_ask=group[-1],
                    closes_at=group[-1] + cutoff,
                )
                for number, group in enumerate(groups, start=1)
            )
    except IntegrityError:  # another run made it a moment ago
        return Occurrence.objects.get(standup=standup, date=day)
    return occurrence


def _digest_for(
    occurrence: Occurrence,
    ask: datetime.datetime,
    cutoff: int,
    digests: list[Digest] | None = None,
) -> Digest:
    """The zone group of an ask time; someone who joined the circle later, from a zone far
    from every group, gets a group (and a digest) of their own. `digests`, the occurrence's
    digests by number when the caller read them already, is kept up to date."""
    if digests is None:
        digests = list(Digest.objects.filter(occurrence=occurrence).order_by("number"))
    for digest in digests:
        if digest.first_ask - GROUP_GAP <= ask <= digest.last_ask + GROUP_GAP:
            return digest
    made = Digest.objects.create(
        organisation=occurrence.organisation,
        occurrence=occurrence,
        number=max((d.number for d in digests), default=0) + 1,
        first_ask=ask,
        last_ask=ask,
        closes_at=ask + datetime.timedelta(minutes=cutoff),
    )
    digests.append(made)
    return made


def _ask_context(checkin: CheckIn, standup: StandUp, occurrence: Occurrence) -> dict[str, object]:
    person = checkin.person
    return {
        "recipient_name": person.name,
        "standup_name": standup.name,
        "standup_id": standup.pk,
        "on": occurrence.date.isoformat(),
        "cadence": standup_cadence(standup),
        "questions": standup_questions(standup),
        "ask_mood": standup.ask_mood,
        "starter_key": occurrence.starter_key,
        "answer_url": answer_url(checkin=checkin, language=person.preferred_language),
        "closes_at": checkin.closes_at.isoformat(),
    }


def person_messages(
    *,
    person: Person,
    channels: list[Channel],
    organisation: Organisation,
    message_type: str,
    context: dict[str, object],
    key: str,
    expires_at: datetime.datetime | None = None,
) -> list[Outgoing]:
    """One message to `person` on every chosen channel that reaches them; by email when
    none does (and nothing when they have no address at all)."""
    messages = []
    for channel in channels:
        if kind_get(channel.kind) is None or not person_address(person, channel):
            continue
        via = "" if channel.kind == EMAIL_KIND else f":channel-{channel.pk}"
        messages.append(
            Outgoing(
                recipient=Recipient.for_person(person, channel),
                channel=channel,
                message_type=message_type,
                context=context,
                idempotency_key=f"{key}{via}",
                expires_at=expires_at,
            )
        )
    if not messages and person.email:
        email = next((c for c in channels if c.kind == EMAIL_KIND), None)
        email = email or channel_email(organisation)
        messages.append(
            Outgoing(
                recipient=Recipient.for_person(person, email),
                channel=email,
                message_type=message_type,
                context=context,
                idempotency_key=key,
                expires_at=expires_at,
            )
        )
    return messages


def _due_days(
    standup: StandUp,
    recurrence: Recurrence,
    members: list[Person],
    now: datetime.datetime,
) -> dict[datetime.date, list[tuple[Person, datetime.datetime]]]:
    """Per date, the members whose ask time has come and whose answers are not closed yet
    (a run after downtime still asks until then, never later)."""
    cutoff = datetime.timedelta(minutes=standup.cutoff_minutes)
    occurs: dict[datetime.date, bool] = {}
    due: dict[datetime.date, list[tuple[Person, datetime.datetime]]] = defaultdict(list)
    for person in members:
        zone = ZoneInfo(_zone_name(person, standup.organisation))
        local_today = now.astimezone(zone).date()
        for day in (local_today - _DAY, local_today):
            if day < standup.starts_on:
                continue
            if day not in occurs:
                occurs[day] = is_occurrence(recurrence, day)
            if not occurs[day]:
                continue
            ask = ask_instant(standup, person, day)
            if ask <= now < ask + cutoff:
                due[day].append((person, ask))
    return due


def _ask(
    standup: StandUp,
    members: list[Person],
    calendar: AbsenceCalendar,
    now: datetime.datetime,
    report: StandupsReport,
) -> None:
    try:
        recurrence = standup_recurrence(standup)
    except ValidationError:
        logger.warning("stand-up %s has a broken rule %r", standup.pk, standup.rule)
        return
    channels: list[Channel] | None = None
    for day, due in sorted(_due_days(standup, recurrence, members, now).items()):
        working = []
        for person, ask in due:
            away = calendar.away_on(person, day)
            if away is None or away.reason != DAY_OFF:
                working.append((person, ask))
        if not working:  # a day nobody due works (a weekend): no date at all
            continue
        occurrence = _occurrence(standup, day, members, now)
        done = set(
            CheckIn.objects.filter(occurrence=occurrence).values_list("person_id", flat=True)
        )
        todo = [(person, ask) for person, ask in working if person.pk not in done]
        if not todo:
            continue
        if channels is None:
            channels = standup_channels(standup)
        _check_in_all(standup, occurrence, todo, calendar, channels, now, report)


def _check_in_all(
    standup: StandUp,
    occurrence: Occurrence,
    due: list[tuple[Person, datetime.datetime]],
    calendar: AbsenceCalendar,
    channels: list[Channel],
    now: datetime.datetime,
    report: StandupsReport,
) -> None:
    """Ask everyone of `due` on one date in one transaction: their check-ins in one insert,
    their questions in one enqueue. When a concurrent run asked one of them a moment ago,
    the unique constraint refuses the whole insert, and each is asked one by one instead
    (where the constraint decides person by person)."""
    organisation = standup.organisation
    try:
        with transaction.atomic():
            digests = list(Digest.objects.filter(occurrence=occurrence).order_by("number"))
            rows = []
            aways = []
            for person, ask in due:
                away = calendar.away_on(person, occurrence.date)
                digest = _digest_for(occurrence, ask, standup.cutoff_minutes, digests)
                aways.append(away)
                rows.append(
                    CheckIn(
                        organisation=organisation,
                        occurrence=occurrence,
                        digest=digest,
                        person=person,
                        status=CheckInStatus.AWAY if away else CheckInStatus.PENDING,
                        away_reason=away.reason if away else "",
                        away_detail=(away.holiday.name if away and away.holiday else "")[:200],
                        ask_at=ask,
                        closes_at=digest.closes_at,
                    )
                )
            CheckIn.objects.bulk_create(rows)
            per_person = [
                person_messages(
                    person=checkin.person,
                    channels=channels,
                    organisation=organisation,
                    message_type=STANDUP_ASK,
                    context=_ask_context(checkin, standup, occurrence),
                    key=f"rituals:standup-{standup.pk}:checkin-{checkin.pk}:ask",
                    expires_at=checkin.closes_at,
                )
                for checkin, away in zip(rows, aways, strict=True)
                if away is None
            ]
            asked_rows = [checkin for checkin, away in zip(rows, aways, strict=True) if not away]
            try:
                message_enqueue_many(
                    organisation=organisation, messages=[m for ms in per_person for m in ms]
                )
                asked = [c.pk for c, ms in zip(asked_rows, per_person, strict=True) if ms]
            except ValidationError:  # a broken address must not stop the others
                asked = [
                    c.pk
                    for c, ms in zip(asked_rows, per_person, strict=True)
                    if message_enqueue_each(organisation=organisation, messages=ms)
                ]
            CheckIn.objects.filter(pk__in=asked).update(asked_at=now)
    except IntegrityError:  # a concurrent run asked some of them a moment ago
        for person, ask in due:
            _check_in(standup, occurrence, person, ask, calendar, channels, now, report)
        return
    report.away += sum(1 for away in aways if away is not None)
    report.asked += len(asked)


def _check_in(
    standup: StandUp,
    occurrence: Occurrence,
    person: Person,
    ask: datetime.datetime,
    calendar: AbsenceCalendar,
    channels: list[Channel],
    now: datetime.datetime,
    report: StandupsReport,
) -> None:
    away = calendar.away_on(person, occurrence.date)
    organisation = standup.organisation
    try:
        with transaction.atomic():
            digest = _digest_for(occurrence, ask, standup.cutoff_minutes)
            checkin = CheckIn.objects.create(
                organisation=organisation,
                occurrence=occurrence,
                digest=digest,
                person=person,
                status=CheckInStatus.AWAY if away else CheckInStatus.PENDING,
                away_reason=away.reason if away else "",
                away_detail=(away.holiday.name if away and away.holiday else "")[:200],
                ask_at=ask,
                closes_at=digest.closes_at,
            )
            if away is not None:
                report.away += 1
                return
            checkin.person = person
            messages = person_messages(
                person=person,
                channels=channels,
                organisation=organisation,
                message_type=STANDUP_ASK,
                context=_ask_context(checkin, standup, occurrence),
                key=f"rituals:standup-{standup.pk}:checkin-{checkin.pk}:ask",
                expires_at=checkin.closes_at,
            )
            if message_enqueue_each(organisation=organisation, messages=messages):
                CheckIn.objects.filter(pk=checkin.pk).update(asked_at=now)
                report.asked += 1
    except IntegrityError:  # asked by a concurrent run a moment ago
        return


def _remind(organisation: Organisation, now: datetime.datetime, report: StandupsReport) -> None:
    # No one asked less than the shortest reminder delay ago is due: a run right after
    # the asking reads none of them.
    shortest = (
        scoped(StandUp, organisation)
        .filter(active=True, reminder_minutes__gt=0)
        .aggregate(shortest=Min("reminder_minutes"))["shortest"]
    )
    if shortest is None:
        return
    rows = (
        scoped(CheckIn, organisation)
        .filter(
            status=CheckInStatus.PENDING,
            asked_at__lte=now - datetime.timedelta(minutes=shortest),
            reminded_at__isnull=True,
            closes_at__gt=now,
            occurrence__standup__active=True,
            occurrence__standup__reminder_minutes__gt=0,
        )
        .select_related("person", "occurrence__standup__organisation", "occurrence")
        .prefetch_related("occurrence__standup__channels")
    )
    due = []
    for checkin in rows:
        standup = checkin.occurrence.standup
        assert checkin.asked_at is not None
        if now >= checkin.asked_at + datetime.timedelta(minutes=standup.reminder_minutes):
            due.append(checkin)
    if not due:
        return
    channels: dict[int, list[Channel]] = {}
    with transaction.atomic():
        # The conditional claim decides, as one statement per run: a concurrent run waits
        # for these rows (or, on SQLite, for the write lock) and then finds them reminded.
        claimed = set(
            CheckIn.objects.select_for_update()
            .filter(
                pk__in=[c.pk for c in due], reminded_at__isnull=True, status=CheckInStatus.PENDING
            )
            .values_list("pk", flat=True)
        )
        CheckIn.objects.filter(pk__in=claimed).update(reminded_at=now)
        per_checkin = []
        for checkin in due:
            if checkin.pk not in claimed:
                continue
            standup = checkin.occurrence.standup
            if standup.pk not in channels:
                channels[standup.pk] = standup_channels(standup)
            per_checkin.append(
                person_messages(
                    person=checkin.person,
                    channels=channels[standup.pk],
                    organisation=organisation,
                    message_type=STANDUP_REMINDER,
                    context=_ask_context(checkin, standup, checkin.occurrence),
                    key=f"rituals:standup-{standup.pk}:checkin-{checkin.pk}:reminder",
                    expires_at=checkin.closes_at,
                )
            )
        try:
            message_enqueue_many(
                organisation=organisation, messages=[m for ms in per_checkin for m in ms]
            )
            report.reminded += sum(1 for ms in per_checkin if ms)
        except ValidationError:  # a broken address must not stop the others
            report.reminded += sum(
                1
                for ms in per_checkin
                if message_enqueue_each(organisation=organisation, messages=ms)
            )


def standups_run_due(*, organisation: Organisation, now: datetime.datetime) -> StandupsReport:
    """Ask, remind and send digests for every active stand-up of `organisation` whose time
    has come (see the module docstring); safe to run again at any time."""
    report = StandupsReport()
    standups = list(
        scoped(StandUp, organisation)
        .filter(active=True)
        .select_related("organisation", "circle_team", "circle_location")
        .prefetch_related("channels")
    )
    if standups:
        today = now.astimezone(datetime.UTC).date()
        # Local dates lie within a day of UTC's: one load of absences for everyone.
        calendar = AbsenceCalendar(
            organisation=organisation, first=today - 2 * _DAY, last=today + _DAY
        )
        for standup in standups:
            members = list(circle_members(owner=standup, organisation=organisation))
            if standup.mode == StandUpMode.VIDEO:
                from hallway.rituals.services.standups_video import standup_video_invite

                report.video_invitations += standup_video_invite(
                    standup=standup, now=now, members=members
                )
                continue
            _ask(standup, members, calendar, now, report)
    _remind(organisation, now, report)
    report.digests += standups_digests_send(organisation=organisation, now=now)
    return report
