"""The pulse's rounds: opening them, asking and reminding people, answers, the cut-off.

`pulse_run_due(organisation=, now=)` is the one entry point of the periodic job (the
integrator calls it from `hallway ritual run-due` and the worker). It is safe to repeat
and to race: a unique constraint on (round, person) decides who was asked, and every
message carries an idempotency key.

Anonymity: an answer is stored without the person (see `models.pulse`). While the round
is open, a response carries `person_key`, an HMAC of the person's id under a key made of
the installation's SECRET_KEY and the round's random secret, so the person (and only
someone holding both keys) can find it again to change it. At the cut-off the secret and
every key are wiped and the rows are rewritten in random order.
"""

import datetime
import random
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from hallway.absences.selectors import AbsenceCalendar
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.engine.cadence import local_instant, occurrence_dates
from hallway.messaging.channel_setup import channel_email
from hallway.messaging.channels import EMAIL_KIND, kind_get
from hallway.messaging.models import Channel
from hallway.messaging.services import Outgoing, Recipient, message_enqueue_many, person_address
from hallway.people.models import Person
from hallway.rituals.models import (
    Pulse,
    PulseComment,
    PulseInvite,
    PulseQuestion,
    PulseResponse,
    PulseRound,
)
from hallway.rituals.models.pulse import SCALES
from hallway.rituals.pulse_links import pulse_answer_url
from hallway.rituals.pulse_messages import PULSE_ASK, PULSE_REMINDER
from hallway.rituals.selectors.circles import circle_members
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.pulse import pulse_recurrence

COMMENT_MAX = 2000
# A round is made a day before its first ask, so people far east are asked on time.
_EARLY = datetime.timedelta(days=1)
_REMINDER_MARGIN = datetime.timedelta(hours=2)
EASTERNMOST = "Etc/GMT-14"  # UTC+14 (the sign of Etc zones is inverted)


@dataclass(frozen=True)
class PulsesReport:
    opened: int = 0
    asked: int = 0
    away: int = 0
    reminded: int = 0
    closed: int = 0


def _zone_of(person: Person) -> str:
    return person.timezone or "UTC"


def ask_instant(round: PulseRound, pulse: Pulse, person: Person) -> datetime.datetime:
    """When `person` is asked: the pulse's time on the round's day, in their own zone."""
    return local_instant(round.day, pulse.ask_at, _zone_of(person))


def reminder_instant(round: PulseRound, pulse: Pulse, person: Person) -> datetime.datetime:
    """The one reminder: the pulse's time on the last day before the cut-off, in the
    person's zone, and in any case some hours before the cut-off."""
    last_day = round.day + datetime.timedelta(days=max(pulse.open_days - 1, 1))
    local = local_instant(last_day, pulse.ask_at, _zone_of(person))
    return min(local, round.closes_at - _REMINDER_MARGIN)


def _earliest_reminder(round: PulseRound, pulse: Pulse) -> datetime.datetime:
    """No one's reminder comes before this: their time in the easternmost zone (UTC+14)."""
    last_day = round.day + datetime.timedelta(days=max(pulse.open_days - 1, 1))
    local = local_instant(last_day, pulse.ask_at, EASTERNMOST)
    return min(local, round.closes_at - _REMINDER_MARGIN)


def round_closes_at(pulse: Pulse, day: datetime.date) -> datetime.datetime:
    return local_instant(
        day + datetime.timedelta(days=pulse.open_days), pulse.ask_at, pulse.timezone
    )


def _rotation(pulse: Pulse, number: int) -> list[int]:
    """The questions of round `number` (from 1): the next few of the active questions,
    taking turns, so each question comes back every len/n rounds."""
    ids = list(
        pulse.questions.filter(active=True).order_by("position", "id").values_list("pk", flat=True)
    )
    if not ids:
        return []
    count = min(pulse.questions_per_round, len(ids))
    start = ((number - 1) * count) % len(ids)
    return [ids[(start + i) % len(ids)] for i in range(count)]


def pulse_round_open(*, pulse: Pulse, day: datetime.date) -> tuple[PulseRound, bool]:
    """The round of `pulse` on `day`, made if new (with its questions, frozen anonymity and
    a fresh secret); (round, created). A concurrent maker's round is returned as found."""
    found = PulseRound.objects.filter(pulse=pulse, day=day).first()
    if found is not None:
        return found, False
    number = PulseRound.objects.filter(pulse=pulse, day__lt=day).count() + 1
    try:
        with transaction.atomic():
            made = PulseRound.objects.create(
                organisation_id=pulse.organisation_id,
                pulse=pulse,
                number=number,
                day=day,
                closes_at=round_closes_at(pulse, day),
                question_ids=_rotation(pulse, number),
                anonymous=pulse.anonymous,
                secret=secrets.token_hex(32),
            )
    except IntegrityError:
        return PulseRound.objects.get(pulse=pulse, day=day), False
    return made, True


def _due_days(pulse: Pulse, now: datetime.datetime) -> list[datetime.date]:
    """Round days whose round should exist by `now` and is not over yet."""
    today = now.astimezone(datetime.UTC).date()
    first = max(pulse.starts_on, today - datetime.timedelta(days=pulse.open_days + 2))
    days = occurrence_dates(pulse_recurrence(pulse), first, today + datetime.timedelta(days=2))
    return [
        day
        for day in days
        if local_instant(day, pulse.ask_at, pulse.timezone) - _EARLY <= now
        and round_closes_at(pulse, day) > now
    ]


def pulse_channels(pulse: Pulse) -> list[Channel]:
    """The enabled channels the pulse asks through (email when it has none)."""
    chosen = [channel for channel in pulse.channels.all() if channel.enabled]
    return chosen or [channel_email(pulse.organisation)]


def _messages_for(
    *,
    pulse: Pulse,
    round: PulseRound,
    person: Person,
    channels: list[Channel],
    message_type: str,
    k: int,
    now: datetime.datetime,
) -> list[Outgoing]:
    """The ask (or reminder) to one person on each of the pulse's channels that reaches
    them, else by email."""
    context: dict[str, object] = {
        "recipient_name": person.name,
        "pulse_name": pulse.name,
        "organisation_name": pulse.organisation.name,
        "question_count": len(round.question_ids),
        "closes_at": round.closes_at.isoformat(),
        "anonymous": round.anonymous,
        "k": k,
        "answer_url": pulse_answer_url(round=round, person=person),
    }
    suffix = "ask" if message_type == PULSE_ASK else "reminder"
    on = [c for c in channels if kind_get(c.kind) is not None and person_address(person, c)]
    if not on and person.email:
        email = next((c for c in channels if c.kind == EMAIL_KIND), None)
        on = [email or channel_email(pulse.organisation)]
    return [
        Outgoing(
            recipient=Recipient.for_person(person, channel),
            channel=channel,
            message_type=message_type,
            context=context,
            idempotency_key=f"pulse:round-{round.pk}:person-{person.pk}:{suffix}:{channel.pk}",
            not_before=now,
            expires_at=round.closes_at,
        )
        for channel in on
    ]


def _ask_due(round: PulseRound, pulse: Pulse, now: datetime.datetime, k: int) -> tuple[int, int]:
    """Ask everyone of the circle whose local time has come and who was not asked yet;
    people away that day get an invite marked away (not asked, not counted)."""
    asked_already = set(PulseInvite.objects.filter(round=round).values_list("person_id", flat=True))
    circle = circle_members(owner=pulse, organisation=pulse.organisation)
    # Whose time has come, from ids and zones (one instant per zone): a run with nobody to
    # ask reads no one's whole row.
    instants: dict[str, datetime.datetime] = {}
    due: set[int] = set()
    for pk, zone in circle.values_list("pk", "timezone"):
        if pk in asked_already:
            continue
        zone = zone or "UTC"
        if zone not in instants:
            instants[zone] = local_instant(round.day, pulse.ask_at, zone)
        if instants[zone] <= now:
            due.add(pk)
    if not due:
        return 0, 0
    members = [person for person in circle if person.pk in due]
    calendar = AbsenceCalendar(
        organisation=pulse.organisation,
        first=round.day,
        last=round.day,
        person_ids=[p.pk for p in members],
    )
    invited = _invites_create(
        round,
        [(p, calendar.away_on(p, round.day, days_off=False) is not None) for p in members],
    )
    channels = pulse_channels(pulse)
    outgoing: list[Outgoing] = []
    asked = away = 0
    for person, is_away in invited:
        if is_away:
            away += 1
            continue
        asked += 1
        outgoing += _messages_for(
            pulse=pulse,
            round=round,
            person=person,
            channels=channels,
            message_type=PULSE_ASK,
            k=k,
            now=now,
        )
    message_enqueue_many(organisation=pulse.organisation, messages=outgoing)
    return asked, away


def _invites_create(
    round: PulseRound, people: list[tuple[Person, bool]]
) -> list[tuple[Person, bool]]:
    """The invites of `people` (person, away); those this run made. All in one insert; when
    a concurrent run asked one of them a moment ago, the unique constraint refuses it and
    they are made one by one, the constraint deciding person by person."""
    try:
        with transaction.atomic():
            PulseInvite.objects.bulk_create(
                PulseInvite(
                    organisation_id=round.organisation_id, round=round, person=person, away=away
                )
                for person, away in people
            )
        return people
    except IntegrityError:
        pass
    made = []
    for person, away in people:
        try:
            with transaction.atomic():
                PulseInvite.objects.create(
                    organisation_id=round.organisation_id, round=round, person=person, away=away
                )
        except IntegrityError:  # asked a moment ago by a concurrent run
            continue
        made.append((person, away))
    return made


def _remind_due(round: PulseRound, pulse: Pulse, now: datetime.datetime, k: int) -> int:
    """One reminder to each person asked who has not answered, at their reminder time,
    unless they are away that day."""
    if now >= round.closes_at or now < _earliest_reminder(round, pulse):
        return 0
    invites = list(
        PulseInvite.objects.filter(round=round, away=False, answered=False, reminded=False)
        .select_related("person")
        .order_by("pk")
    )
    due = [i for i in invites if reminder_instant(round, pulse, i.person) <= now]
    if not due:
        return 0
    today = now.astimezone(datetime.UTC).date()
    calendar = AbsenceCalendar(
        organisation=pulse.organisation,
        first=today - datetime.timedelta(days=1),
        last=today + datetime.timedelta(days=1),
        person_ids=[i.person_id for i in due],
    )
    channels = pulse_channels(pulse)
    outgoing: list[Outgoing] = []
    for invite in due:
        if not calendar.free_at(invite.person, now):
            continue
        # The conditional update decides: a concurrent run finds nothing left to mark.
        if not PulseInvite.objects.filter(pk=invite.pk, reminded=False).update(reminded=True):
            continue
        outgoing += _messages_for(
            pulse=pulse,
            round=round,
            person=invite.person,
            channels=channels,
            message_type=PULSE_REMINDER,
            k=k,
            now=now,
        )
    message_enqueue_many(organisation=pulse.organisation, messages=outgoing)
    return len({m.recipient.ref for m in outgoing})


def _coarsen(rows: list[Any], k: int) -> None:
    """Make every stored segment shared by at least k answers: a team with fewer loses its
    team (its answers join the department's), then a department with fewer loses its
    department (joining "other"). Groups below k are hidden anyway; this way the table
    itself cannot single anyone out by their team."""
    teams: Counter[tuple[str, int | None]] = Counter((r.department, r.team_ref) for r in rows)
    for row in rows:
        if row.team_ref is not None and teams[(row.department, row.team_ref)] < k:
            row.team_ref = None
    departments: Counter[str] = Counter(r.department for r in rows)
    for row in rows:
        if row.department and departments[row.department] < k:
            row.department = ""
            row.team_ref = None


def pulse_round_close(*, round: PulseRound, k: int | None = None) -> PulseRound:
    """The cut-off: count who was asked and answered, forget the round's secret and every
    person key (and, for an anonymous round, who answered), coarsen segments below k, and
    store the answers again in random order, so nothing (not even the order of rows)
    links an answer to a person any more. Idempotent."""
    shuffle = random.SystemRandom().shuffle
    if k is None:
        k = ritual_settings_of(round.organisation).anonymity_threshold
    with transaction.atomic():
        locked = PulseRound.objects.select_for_update().get(pk=round.pk)
        if locked.closed:
            return locked
        invites = PulseInvite.objects.filter(round=locked)
        counts = {
            "asked_count": invites.filter(away=False).count(),
            "answered_count": invites.filter(away=False, answered=True).count(),
            "away_count": invites.filter(away=True).count(),
        }
        for model in (PulseResponse, PulseComment):
            rows: list[Any] = list(model.objects.filter(round=locked))
            model.objects.filter(round=locked).delete()
            if locked.anonymous:
                _coarsen(rows, k)
            shuffle(rows)
            for row in rows:
                row.id = uuid.uuid4()  # a new random key, unrelated to the old one
                row.person_key = None
            model.objects.bulk_create(rows)
        if locked.anonymous:
            invites.update(answered=False)
        PulseRound.objects.filter(pk=locked.pk).update(closed=True, secret="", **counts)
    round.refresh_from_db()
    return round


def pulse_run_due(*, organisation: Organisation, now: datetime.datetime) -> PulsesReport:
    """Everything the pulses of `organisation` need at `now`: open rounds, ask people whose
    local time has come (not those away), remind once before the cut-off, close rounds
    whose cut-off passed. Safe to repeat: nobody is asked or reminded twice."""
    k = ritual_settings_of(organisation).anonymity_threshold
    opened = asked = away = reminded = closed = 0
    for pulse in scoped(Pulse, organisation).filter(active=True).select_related("organisation"):
        for day in _due_days(pulse, now):
            _round, created = pulse_round_open(pulse=pulse, day=day)
            opened += created
    open_rounds = (
        scoped(PulseRound, organisation)
        .filter(closed=False)
        .select_related("pulse", "pulse__organisation")
        .order_by("day", "pk")
    )
    for round in open_rounds:
        pulse = round.pulse
        if round.closes_at <= now:
            pulse_round_close(round=round, k=k)
            closed += 1
            continue
        if not pulse.active:
            continue
        new_asked, new_away = _ask_due(round, pulse, now, k)
        asked += new_asked
        away += new_away
        reminded += _remind_due(round, pulse, now, k)
    return PulsesReport(opened=opened, asked=asked, away=away, reminded=reminded, closed=closed)


# --- Answers --------------------------------------------------------------------------------


def person_key(round: PulseRound, person_id: int) -> str:
    """The round's keyed hash of a person (empty secret: the round is closed, no key)."""
    if not round.secret:
        return ""
    return salted_hmac(
        f"hallway.rituals.pulse.{round.secret}", str(person_id), algorithm="sha256"
    ).hexdigest()


def round_is_open(round: PulseRound, now: datetime.datetime) -> bool:
    return not round.closed and bool(round.secret) and now < round.closes_at


def _clean_values(round: PulseRound, values: dict[int, Any]) -> tuple[dict[str, int], list[str]]:
    questions = {q.pk: q for q in PulseQuestion.objects.filter(pk__in=round.question_ids)}
    clean: dict[str, int] = {}
    problems: list[str] = []
    for question_id in round.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        raw = values.get(question_id)
        low, high = SCALES.get(question.kind, (1, 5))
        try:
            value = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            value = None
        if value is None:
            problems.append(_("Please answer every question."))
        elif not low <= value <= high:
            problems.append(_("Answers go from %(low)d to %(high)d.") % {"low": low, "high": high})
        else:
            clean[str(question_id)] = value
    return clean, sorted(set(problems))


def pulse_answer(
    *,
    round: PulseRound,
    person: Person,
    values: dict[int, Any],
    comment: str,
    now: datetime.datetime,
) -> None:
    """Store (or change) `person`'s answers to an open round they were asked in. The
    stored answer carries the person's team and department of now, never the person; the
    invite only learns "answered". ValidationError when the round is closed, the person
    was not asked, or an answer is missing or out of range."""
    if not round_is_open(round, now):
        raise ValidationError(_("This pulse closed; answers can no longer be given or changed."))
    invite = PulseInvite.objects.filter(round=round, person=person, away=False).first()
    if invite is None:
        raise ValidationError(_("You were not asked in this pulse."))
    clean, problems = _clean_values(round, values)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        problems.append(_("Keep the comment under 2000 characters."))
    if problems:
        raise ValidationError(problems)
    key = person_key(round, person.pk)
    segments = {"team_ref": person.team_id, "department": person.department}
    with transaction.atomic():
        # Lock the invite: one person's two submissions in a race are written one by one.
        invite = PulseInvite.objects.select_for_update().get(pk=invite.pk)
        if (
            invite.answered
            and not PulseResponse.objects.filter(round=round, person_key=key).exists()
        ):
            # The key changed (SECRET_KEY rotated mid-round): refuse rather than count twice.
            raise ValidationError(_("Your earlier answer can no longer be changed."))
        PulseResponse.objects.update_or_create(
            round=round,
            person_key=key,
            defaults={"organisation_id": round.organisation_id, "answers": clean, **segments},
        )
        if comment:
            PulseComment.objects.update_or_create(
                round=round,
                person_key=key,
                defaults={"organisation_id": round.organisation_id, "text": comment, **segments},
            )
        else:
            PulseComment.objects.filter(round=round, person_key=key).delete()
        update: dict[str, Any] = {"answered": True}
        if not round.anonymous:
            update |= {"named_answers": clean, "named_comment": comment}
        PulseInvite.objects.filter(pk=invite.pk).update(**update)
        if round.anonymous:
            Pulse.objects.filter(pk=round.pulse_id, anonymity_locked=False).update(
                anonymity_locked=True
            )


def pulse_answer_of(
    *, round: PulseRound, person: Person, now: datetime.datetime
) -> tuple[dict[str, int], str]:
    """The person's own answers to an open round (to show them again), else nothing."""
    if not round_is_open(round, now):
        return {}, ""
    key = person_key(round, person.pk)
    response = PulseResponse.objects.filter(round=round, person_key=key).first()
    comment = PulseComment.objects.filter(round=round, person_key=key).first()
    return (response.answers if response else {}), (comment.text if comment else "")
