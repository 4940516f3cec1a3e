"""Announcing, reminding and closing a round.

Each step moves the round's status with one conditional UPDATE (planned → announced,
announced → closed), so of two concurrent calls exactly one does the work; the other
returns the round as it is. The messages themselves carry idempotency keys as well, so a
retried step never sends twice.

Fairness bookkeeping happens at these steps: at announcement paired people owe nothing and
people the engine could not pair (or who sat out) are owed a round — they go first next
time; at closing, an intro nobody answered counts against its member, and three in a row
pause them (they are told how to come back). Closing also stops what has not gone out and
calls off the meetings that could not happen (see `services.closing`): nobody in those
counts as "no answer".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext as _

from hallway.absences.selectors import AbsenceCalendar
from hallway.coffee import reasons
from hallway.coffee.models import (
    LeftOut,
    Pairing,
    PairingMember,
    Participation,
    Program,
    Round,
    RoundStatus,
)
from hallway.coffee.round_dates import next_round_date
from hallway.coffee.services.closing import close_plan, close_plan_apply
from hallway.coffee.services.intros import (
    INTRO,
    REMINDER,
    auto_pause_message,
    left_out_message,
    pairing_messages,
    pairings_for_messages,
    pairings_video_ensure,
    program_channels,
)
from hallway.messaging.services import Outgoing, message_enqueue_many

# Left out for a reason of their own (or the organiser's): no notice, no priority.
NOT_OWED = {
    reasons.PAUSED,
    reasons.SKIPS_THIS_ROUND,
    reasons.REMOVED,
    reasons.NO_CONTACT,
    reasons.AWAY,
}
# Nobody to tell (unreachable, or away), or nothing worth telling (their own choice).
NOT_TOLD = {
    reasons.PAUSED,
    reasons.SKIPS_THIS_ROUND,
    reasons.NO_CONTACT,
    reasons.AWAY,
    # The organiser's decision: they talk to the person themselves, if at all.
    reasons.REMOVED,
}
AUTO_PAUSE_AFTER = 3


def _next_round_on(program: Program, round: Round) -> datetime.date | None:
    return next_round_date(program=program, today=round.scheduled_for + datetime.timedelta(days=1))


def _participations(program: Program, person_ids: set[int]) -> None:
    """Make sure each person has a Participation row (opt-out programs create them lazily)."""
    existing = set(
        Participation.objects.filter(program=program, person_id__in=person_ids).values_list(
            "person_id", flat=True
        )
    )
    Participation.objects.bulk_create(
        [
            Participation(organisation_id=program.organisation_id, program=program, person_id=pk)
            for pk in sorted(person_ids - existing)
        ],
        ignore_conflicts=True,
    )


def round_announce(*, round: Round, now: datetime.datetime) -> Round:
    """Planned → announced: intros to every pairing, notices to people left out, and the
    priority bookkeeping. Calling it again for an announced round changes nothing."""
    with transaction.atomic():
        won = Round.objects.filter(pk=round.pk, status=RoundStatus.PLANNED).update(
            status=RoundStatus.ANNOUNCED, announced_at=now
        )
        round.refresh_from_db()
        if not won:
            if round.status in (RoundStatus.ANNOUNCED, RoundStatus.CLOSED):
                return round
            raise ValidationError(
                _("Only a planned round can be announced; this one is %(status)s.")
                % {"status": round.get_status_display()},
                code="not_planned",
            )
        program = round.program
        channels = program_channels(program, round.organisation)
        pairings = list(pairings_for_messages(Pairing.objects.filter(round=round)))
        pairings_video_ensure(pairings)
        outgoing = [
            message
            for pairing in pairings
            for message in pairing_messages(
                pairing, message_type=INTRO, suffix="intro", channels=channels
            )
        ]
        Pairing.objects.filter(round=round, introduced_at__isnull=True).update(introduced_at=now)
        paired = {member.person_id for pairing in pairings for member in pairing.members.all()}
        Participation.objects.filter(program=program, person_id__in=paired).update(owed_rounds=0)
        left_out = list(LeftOut.objects.filter(round=round).select_related("person"))
        owed = {row.person_id for row in left_out if row.reason not in NOT_OWED} - paired
        _participations(program, owed)
        Participation.objects.filter(program=program, person_id__in=owed).update(
            owed_rounds=F("owed_rounds") + 1
        )
        told = [row for row in left_out if row.reason not in NOT_TOLD]
        next_on = _next_round_on(program, round) if told else None
        for row in told:
            notice = left_out_message(
                program=program,
                channels=channels,
                round_id=round.pk,
                person=row.person,
                reason=row.reason,
                next_round_on=next_on,
            )
            if notice is not None:
                outgoing.append(notice)
        message_enqueue_many(organisation=round.organisation, messages=outgoing)
        LeftOut.objects.filter(pk__in=[row.pk for row in told], told_at__isnull=True).update(
            told_at=now
        )
    return round


def _not_away(messages: list[Outgoing], away: set[int]) -> list[Outgoing]:
    """The messages that reach nobody who is away: an email to an away member is dropped,
    and so is a group message (a Slack group DM) the away member would read."""
    if not away:
        return messages
    kept = []
    for message in messages:
        person = message.recipient.person
        if (person.pk in away) if person is not None else True:
            continue
        kept.append(message)
    return kept


def round_remind(*, round: Round, now: datetime.datetime) -> int:
    """Remind every pairing of an announced round where nobody has answered yet; returns the
    number of reminders enqueued (0 when called again). Nobody away today (out of office,
    a holiday, paused) is reminded: no email to them, and no group message they would read;
    their partners' emails go out as usual."""
    if round.status != RoundStatus.ANNOUNCED:
        return 0
    answered = PairingMember.objects.filter(pairing=OuterRef("pk")).exclude(outcome="")
    with transaction.atomic():
        due = list(
            pairings_for_messages(
                Pairing.objects.filter(round=round, reminded_at__isnull=True).exclude(
                    Exists(answered)
                )
            )
        )
        members = [member.person for pairing in due for member in pairing.members.all()]
        absences = AbsenceCalendar(
            organisation=round.organisation,
            first=now.date() - datetime.timedelta(days=1),
            last=now.date() + datetime.timedelta(days=1),
            person_ids=[person.pk for person in members],
        )
        away = {person.pk for person in members if not absences.free_at(person, now)}
        outgoing = []
        reminded = []
        channels = program_channels(round.program, round.organisation)
        for pairing in due:
            messages = pairing_messages(
                pairing, message_type=REMINDER, suffix="reminder", channels=channels
            )
            outgoing += _not_away(messages, away)
            reminded.append(pairing.pk)
        count = message_enqueue_many(organisation=round.organisation, messages=outgoing)
        Pairing.objects.filter(pk__in=reminded).update(reminded_at=now)
        Round.objects.filter(pk=round.pk, reminded_at__isnull=True).update(reminded_at=now)
    round.refresh_from_db()
    return count


def round_close(*, round: Round, now: datetime.datetime) -> Round:
    """Announced → closed: cancel what has not gone out, call off the meetings that could not
    happen (with calendar cancellations for their invites), count the other unanswered
    intros and pause who left three in a row unanswered."""
    with transaction.atomic():
        won = Round.objects.filter(pk=round.pk, status=RoundStatus.ANNOUNCED).update(
            status=RoundStatus.CLOSED, closed_at=now
        )
        round.refresh_from_db()
        if not won:
            if round.status == RoundStatus.CLOSED:
                return round
            raise ValidationError(
                _("Only an announced round can be closed; this one is %(status)s.")
                % {"status": round.get_status_display()},
                code="not_announced",
            )
        program = round.program
        plan = close_plan(round=round, now=now)
        close_plan_apply(round=round, plan=plan, now=now)
        silent = set(
            PairingMember.objects.filter(
                pairing__round=round, pairing__called_off_at__isnull=True, outcome=""
            ).values_list("person_id", flat=True)
        )
        _participations(program, silent)
        Participation.objects.filter(program=program, person_id__in=silent).update(
            unanswered_intros=F("unanswered_intros") + 1
        )
        to_pause = list(
            Participation.objects.filter(
                program=program,
                person_id__in=silent,
                unanswered_intros__gte=AUTO_PAUSE_AFTER,
                auto_paused_at__isnull=True,
            ).select_related("person")
        )
        Participation.objects.filter(pk__in=[p.pk for p in to_pause]).update(auto_paused_at=now)
        channels = program_channels(program, round.organisation)
        notices = [
            auto_pause_message(
                program=program,
                channels=channels,
                round_id=round.pk,
                person=participation.person,
                unanswered=participation.unanswered_intros,
            )
            for participation in to_pause
        ]
        message_enqueue_many(
            organisation=round.organisation,
            messages=[*plan.cancellations, *(n for n in notices if n is not None)],
        )
    return round
