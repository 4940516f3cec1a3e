"""The organiser's changes to a planned round before it is announced: re-plan the rest,
swap two people, lock a pairing, remove someone. Each locks the round's row and refreshes
the round's objective.

A swap may pair people who met within the program's repeat window (the engine would not):
`swap_repeats` names them first, and the swap goes through only when the organiser
confirms it (`allow_repeats`)."""

import dataclasses
import datetime
import itertools
import time
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.coffee import reasons
from hallway.coffee.models import LeftOut, Pairing, PairingMember, Round, RoundStatus
from hallway.coffee.selectors.participants import (
    blocked_pairs,
    engine_participants,
    organisation_history,
)
from hallway.coffee.services import planning
from hallway.core.dates import long_date
from hallway.engine.model import pair_key
from hallway.engine.pairing import NO_COMMON_SLOT
from hallway.engine.scoring import FORCED_BONUS, History, score_pair
from hallway.engine.slots import next_slots
from hallway.messaging.video import video_room_url
from hallway.people.models import Person


def _require_planned(round: Round) -> None:
    if round.status != RoundStatus.PLANNED:
        raise ValidationError(
            _("Only a planned round can be changed; this one is %(status)s.")
            % {"status": RoundStatus(round.status).label}
        )


def _lock_round(round: Round) -> Round:
    """The round's current row, locked against concurrent changes (PostgreSQL)."""
    fresh = (
        Round.objects.select_for_update().select_related("program__organisation").get(pk=round.pk)
    )
    _require_planned(fresh)
    return fresh


def _refresh_totals(round: Round) -> None:
    round.objective = round.pairings.aggregate(total=Sum("score"))["total"] or 0.0
    round.save(update_fields=["objective"])


@transaction.atomic
def round_replan(*, round: Round, now: datetime.datetime) -> Round:
    """Plan everyone again except the locked pairings (kept as they are) and the people the
    organiser removed (they stay out)."""
    started = time.perf_counter()
    round = _lock_round(round)
    locked = set(
        PairingMember.objects.filter(pairing__round=round, pairing__locked=True).values_list(
            "person_id", flat=True
        )
    )
    removed = set(
        LeftOut.objects.filter(round=round, reason=reasons.REMOVED).values_list(
            "person_id", flat=True
        )
    )
    planned = planning.compute_plan(
        planning.RoundFrame.of(round),
        now=now,
        keep_out=frozenset(locked | removed),
        exclude_round=round,
    )
    Pairing.objects.filter(round=round, locked=False).delete()
    LeftOut.objects.filter(round=round).exclude(reason=reasons.REMOVED).delete()
    planning.save_plan(round, planned)
    round.participant_count = planned.participant_count + len(locked)
    round.planned_at = now
    round.plan_seconds = time.perf_counter() - started
    round.save(update_fields=["participant_count", "planned_at", "plan_seconds"])
    _refresh_totals(round)
    return round


def _rescored(round: Round, members: Sequence[Person]) -> tuple[float, list[str]]:
    """A group's score and reasons as the engine gives them, for just this group. A pair
    the rules would not allow (the organiser's choice) counts as paired on purpose."""
    program = round.program
    participants = engine_participants(members)
    history = History.from_meetings(
        organisation_history(
            organisation=round.organisation,
            before=round.scheduled_for,
            exclude_round=round,
            person_ids=[p.pk for p in members],
        )
    )
    rules = planning.program_rules(program)
    score = 0.0
    codes: dict[str, None] = {}
    for a, b in itertools.combinations(sorted(participants, key=lambda p: p.id), 2):
        found = score_pair(a, b, rules=rules, history=history, today=round.scheduled_for)
        if found is None:
            forced = dataclasses.replace(rules, force=frozenset({pair_key(a.id, b.id)}))
            found = score_pair(a, b, rules=forced, history=history, today=round.scheduled_for)
            if found is None:  # pragma: no cover - only forbidden pairs, checked before
                continue
            score += found.weight - FORCED_BONUS
        else:
            score += found.weight
        codes.update(dict.fromkeys(found.reasons))
    return score, list(codes)


def _refresh_pairing(
    round: Round, pairing: Pairing, members: Sequence[Person], *, new_room: bool
) -> None:
    pairing.score, pairing.reasons = _rescored(round, members)
    fields = ["score", "reasons"]
    if new_room:
        frame = planning.RoundFrame.of(round)
        start, days = frame.slot_window(timezone.now())
        minutes = round.program.meeting_minutes
        participants = engine_participants(members)
        slot = planning.pick_slot(
            next_slots(participants, now=start, days=days, minutes=minutes),
            members,
            participants,
            frame.absences(timezone.now()),
            now=start,
            days=days,
            minutes=minutes,
        )
        pairing.slot_start = slot.start if slot else None
        pairing.slot_end = slot.end if slot else None
        if slot is None and NO_COMMON_SLOT not in pairing.reasons:
            pairing.reasons.append(NO_COMMON_SLOT)
        pairing.video_url = video_room_url(
            organisation=round.organisation, meeting_key=planning.meeting_key(round, members)
        )
        fields += ["slot_start", "slot_end", "video_url"]
    pairing.save(update_fields=fields)


def _membership(round: Round, person: Person) -> PairingMember | None:
    return (
        PairingMember.objects.select_related("pairing")
        .filter(pairing__round=round, person=person)
        .first()
    )


def _people_of(pairing: Pairing) -> list[Person]:
    return [
        m.person
        for m in PairingMember.objects.filter(pairing=pairing)
        .select_related("person__team", "person__location")
        .order_by("person__name", "id")
    ]


@dataclasses.dataclass(frozen=True)
class Repeat:
    """Two people a swap would put together although they met within the repeat window."""

    first: str
    second: str
    met_on: datetime.date


def _swap_groups(
    round: Round, first: Person, second: Person
) -> tuple[PairingMember, PairingMember, list[list[int]]]:
    """The two memberships and the two groups after the swap; an impossible swap raises."""
    one, other = _membership(round, first), _membership(round, second)
    if one is None or other is None:
        missing = first if one is None else second
        raise ValidationError(
            _("%(name)s is not in a pairing of this round.") % {"name": missing.name}
        )
    if one.pairing_id == other.pairing_id:
        raise ValidationError(_("Both people are in the same pairing; nothing to swap."))
    mates = {
        one.pairing_id: [m.person_id for m in PairingMember.objects.filter(pairing=one.pairing)],
        other.pairing_id: [
            m.person_id for m in PairingMember.objects.filter(pairing=other.pairing)
        ],
    }
    new_groups = [
        [pid for pid in mates[one.pairing_id] if pid != first.pk] + [second.pk],
        [pid for pid in mates[other.pairing_id] if pid != second.pk] + [first.pk],
    ]
    blocked = blocked_pairs(organisation_id=round.organisation_id)
    for group in new_groups:
        for a, b in itertools.combinations(group, 2):
            if pair_key(str(a), str(b)) in blocked:
                names = dict(Person.objects.filter(pk__in=(a, b)).values_list("pk", "name"))
                raise ValidationError(
                    _("%(first)s and %(second)s asked never to be paired.")
                    % {"first": names[a], "second": names[b]}
                )
    return one, other, new_groups


def _repeats(round: Round, groups: list[list[int]]) -> list[Repeat]:
    people = [pk for group in groups for pk in group]
    history = History.from_meetings(
        organisation_history(
            organisation=round.organisation,
            before=round.scheduled_for,
            exclude_round=round,
            person_ids=people,
        )
    )
    window = round.program.avoid_repeat_days
    names = dict(Person.objects.filter(pk__in=people).values_list("pk", "name"))
    found = []
    for group in groups:
        for a, b in itertools.combinations(sorted(group, key=lambda pk: names[pk]), 2):
            met_on = history.last_met(str(a), str(b))
            if met_on is not None and (round.scheduled_for - met_on).days < window:
                found.append(Repeat(names[a], names[b], met_on))
    return found


def swap_repeats(*, round: Round, first: Person, second: Person) -> list[Repeat]:
    """Who the swap would pair although they met within the program's repeat window, and
    when they last met; an impossible swap raises ValidationError."""
    _require_planned(round)
    _one, _other, groups = _swap_groups(round, first, second)
    return _repeats(round, groups)


@transaction.atomic
def pairing_swap(
    *, round: Round, first: Person, second: Person, allow_repeats: bool = False
) -> None:
    """Swap two people of different pairings of the round; both pairings get fresh reasons,
    slot and room, and are locked so that a re-plan keeps them. A swap that pairs people
    who met within the repeat window needs `allow_repeats`."""
    round = _lock_round(round)
    one, other, new_groups = _swap_groups(round, first, second)
    repeats = [] if allow_repeats else _repeats(round, new_groups)
    if repeats:
        raise ValidationError(
            [
                ValidationError(
                    _(
                        "%(first)s and %(second)s met on %(date)s, within the program's %(days)d days."
                    )
                    % {
                        "first": repeat.first,
                        "second": repeat.second,
                        "date": long_date(repeat.met_on),
                        "days": round.program.avoid_repeat_days,
                    },
                    code="repeat",
                )
                for repeat in repeats
            ]
        )
    PairingMember.objects.filter(pk=one.pk).update(person=second)
    PairingMember.objects.filter(pk=other.pk).update(person=first)
    for pairing in (one.pairing, other.pairing):
        pairing.locked = True
        pairing.save(update_fields=["locked"])
        _refresh_pairing(round, pairing, _people_of(pairing), new_room=True)
    _refresh_totals(round)


@transaction.atomic
def pairing_lock(*, pairing: Pairing, locked: bool) -> Pairing:
    """Keep (or release) a pairing when the round is re-planned."""
    # A null round reads as None without a query.
    if pairing.round is not None:
        _lock_round(pairing.round)
    pairing.locked = locked
    pairing.save(update_fields=["locked"])
    return pairing


@transaction.atomic
def round_remove_person(*, round: Round, person: Person) -> None:
    """Take someone out of the round (left out as removed by the organiser, also after a
    re-plan). A partner left alone is left out too until the round is re-planned; a trio
    becomes a pair."""
    round = _lock_round(round)
    if person.organisation_id != round.organisation_id:
        raise ValidationError(_("This person is not in the round's organisation."))
    membership = _membership(round, person)
    if membership is not None:
        pairing = membership.pairing
        membership.delete()
        rest = _people_of(pairing)
        if len(rest) < 2:
            pairing.delete()
            for partner in rest:
                LeftOut.objects.update_or_create(
                    round=round,
                    person=partner,
                    defaults={
                        "organisation": round.organisation,
                        "reason": reasons.PARTNER_REMOVED,
                    },
                )
        else:
            _refresh_pairing(round, pairing, rest, new_room=False)
    LeftOut.objects.update_or_create(
        round=round,
        person=person,
        defaults={"organisation": round.organisation, "reason": reasons.REMOVED},
    )
    _refresh_totals(round)


@transaction.atomic
def round_put_back_person(*, round: Round, person: Person) -> None:
    """Undo a removal while the round is still a plan: the person is in the round again,
    waiting to be paired by the next re-plan (the rest of the plan stays as it is)."""
    round = _lock_round(round)
    found = LeftOut.objects.filter(round=round, person=person, reason=reasons.REMOVED).update(
        reason=reasons.PUT_BACK
    )
    if not found:
        raise ValidationError(
            _("%(name)s was not taken out of this round.") % {"name": person.name}
        )
