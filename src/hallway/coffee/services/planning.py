"""Planning a program's rounds: when the next one is, who meets whom, and the organiser's
changes to a plan (swap, lock, remove, re-plan) before it is announced.

The engine (`hallway.engine.pairing.plan_round`) decides the pairs; this module reads its
input (`coffee.selectors.participants`), maps the answer back onto people, picks each
pairing's slot and video room, and writes the round in one transaction.
"""

import dataclasses
import datetime
import itertools
import math
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.coffee import reasons
from hallway.coffee.models import (
    Cadence,
    CoffeeProfile,
    Holiday,
    LeftOut,
    Pairing,
    PairingMember,
    Program,
    Round,
    RoundStatus,
    TeamPreference,
)
from hallway.coffee.selectors.participants import (
    SENT,
    engine_participants,
    organisation_history,
    people_for_engine,
    round_participants,
)
from hallway.core.tenancy import scoped
from hallway.engine.model import Participant, PastMeeting, Preferences, Rules, Slot, pair_key
from hallway.engine.pairing import NO_COMMON_SLOT, plan_round
from hallway.engine.scoring import FORCED_BONUS, History, score_pair
from hallway.engine.slots import next_slots
from hallway.messaging.services import messaging_settings_of
from hallway.messaging.video import video_room_url
from hallway.people.models import Person

_UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)
#: How far ahead a round looks for slots at most (the engine's default window is 14 days).
MAX_SLOT_DAYS = 28
#: When every slot the engine suggests falls on a holiday, this many more are tried.
HOLIDAY_SLOT_TRIES = 20
PREFERENCE_WEIGHT = {
    TeamPreference.DIFFERENT: 1.0,
    TeamPreference.ANY: 0.0,
    TeamPreference.SAME: -1.0,
}
BATCH = 2000


@dataclass
class PlannedGroup:
    """Two or three people who meet: the engine's reason codes, score and suggested slot."""

    members: list[Person]
    reasons: list[str]
    score: float
    slot_start: datetime.datetime | None
    slot_end: datetime.datetime | None
    pairing: Pairing | None = None  # the saved row, None in a dry run
    locked: bool = False


@dataclass
class PlannedRound:
    """A round's plan: saved (`round` set) or computed only (a dry run: `round` None).
    `left_out` holds (person, reason code); `timings` the seconds of load, engine, save."""

    round: Round | None
    groups: list[PlannedGroup]
    left_out: list[tuple[Person, str]]
    objective: float
    seconds: float
    scheduled_for: datetime.date | None = None
    participant_count: int = 0  # people the engine planned (not those skipped beforehand)
    timings: dict[str, float] = field(default_factory=dict)


# --- When ---------------------------------------------------------------------------------


def _anchor(program: Program) -> datetime.date:
    """The first day on or after `first_round_on` that falls on the program's weekday."""
    first = program.first_round_on
    return first + datetime.timedelta(days=(program.weekday - first.isoweekday()) % 7)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def cadence_dates(program: Program) -> Iterator[datetime.date]:
    """The program's round dates before holidays move them: weekly or fortnightly from the
    first one; monthly on the same n-th weekday of each month (the 2nd Tuesday, ...; a 5th
    counts as the 4th so that every month has one)."""
    anchor = _anchor(program)
    if program.cadence == Cadence.MONTHLY:
        nth = min((anchor.day - 1) // 7 + 1, 4)
        year, month = anchor.year, anchor.month
        while True:
            day = _nth_weekday(year, month, program.weekday, nth)
            if day >= anchor:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    step = datetime.timedelta(days=7 if program.cadence == Cadence.WEEKLY else 14)
    day = anchor
    while True:
        yield day
        day += step


def _organisation_holidays(program: Program, since: datetime.date) -> set[datetime.date]:
    return set(
        scoped(Holiday, program.organisation)
        .filter(location__isnull=True, date__gte=since)
        .values_list("date", flat=True)
    )


def _moved(day: datetime.date, holidays: set[datetime.date]) -> datetime.date:
    """`day`, or the next working day (Monday to Friday) when it is a holiday."""
    if day not in holidays:
        return day
    day += _DAY
    while day in holidays or day.isoweekday() > 5:
        day += _DAY
    return day


@dataclass(frozen=True)
class _When:
    date: datetime.date
    moved_from: datetime.date | None
    next_date: datetime.date


def _next_round(program: Program, today: datetime.date) -> _When:
    last_sent = (
        Round.objects.filter(program=program, status__in=SENT)
        .order_by("-scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    holidays = _organisation_holidays(program, min(today, program.first_round_on) - 366 * _DAY)
    dates = cadence_dates(program)
    for cadence in dates:
        day = _moved(cadence, holidays)
        if day < today or (last_sent is not None and day <= last_sent):
            continue
        following = next(dates)
        return _When(
            date=day,
            moved_from=cadence if day != cadence else None,
            next_date=max(_moved(following, holidays), day + _DAY),
        )
    raise AssertionError("cadence dates never end")  # pragma: no cover


def next_round_date(*, program: Program, today: datetime.date) -> datetime.date:
    """The date of the program's next round: the first cadence date on or after `today` (and
    `first_round_on`) after the last round that went out, moved to the next working day
    when an organisation-wide holiday falls on it."""
    return _next_round(program, today).date


def _at_hour(program: Program, day: datetime.date) -> datetime.datetime:
    zone = ZoneInfo(program.organisation.timezone)
    local = datetime.datetime.combine(day, datetime.time(program.hour), tzinfo=zone)
    return local.astimezone(_UTC)


def _today(program: Program, now: datetime.datetime) -> datetime.date:
    return now.astimezone(ZoneInfo(program.organisation.timezone)).date()


def _due_on(program: Program, ends_at: datetime.datetime) -> datetime.date:
    """The last day (in the organisation's zone) before the next round starts."""
    return ends_at.astimezone(ZoneInfo(program.organisation.timezone)).date() - _DAY


# --- Rules ---------------------------------------------------------------------------------


def program_rules(program: Program, *, forbid: Iterable[frozenset[str]] = ()) -> Rules:
    """The engine's rules for the program (blocked pairs passed in as `forbid`)."""
    return Rules(
        group_size=3 if program.group_size == 3 else 2,
        avoid_repeat_days=program.avoid_repeat_days,
        prefer=Preferences(
            different_team=PREFERENCE_WEIGHT.get(program.team_preference, 0.0),
            different_location=PREFERENCE_WEIGHT.get(program.location_preference, 0.0),
        ),
        require_shared_language=program.require_shared_language,
        min_overlap_minutes=program.min_overlap_minutes,
        meeting_minutes=program.meeting_minutes,
        forbid=frozenset(forbid),
    )


def blocked_pairs(
    *, organisation_id: int, person_ids: Iterable[int] | None = None
) -> set[frozenset[str]]:
    """Pairs of people one of whom asked never to meet the other (either direction)."""
    rows = CoffeeProfile.blocked.through.objects.filter(
        coffeeprofile__organisation_id=organisation_id
    ).values_list("coffeeprofile__person_id", "person_id")
    wanted = set(person_ids) if person_ids is not None else None
    return {
        pair_key(str(a), str(b))
        for a, b in rows
        if a != b and (wanted is None or (a in wanted and b in wanted))
    }


def _seed(program: Program, number: int) -> int:
    return (program.pk * 1_000_003 + number) % (2**62)


# --- Slots ---------------------------------------------------------------------------------


class _Holidays:
    """Holidays of the organisation and of each location, in a date range."""

    def __init__(self, program: Program, first: datetime.date, last: datetime.date) -> None:
        self.everywhere: set[datetime.date] = set()
        self.at: dict[int, set[datetime.date]] = {}
        rows = scoped(Holiday, program.organisation).filter(date__range=(first, last))
        for location_id, day in rows.values_list("location_id", "date"):
            if location_id is None:
                self.everywhere.add(day)
            else:
                self.at.setdefault(location_id, set()).add(day)

    def free(self, slot: Slot, members: Sequence[Person]) -> bool:
        """Whether the slot falls on nobody's holiday (their local date, their location)."""
        for person in members:
            local = slot.start.astimezone(ZoneInfo(person.timezone or "UTC")).date()
            if local in self.everywhere or local in self.at.get(person.location_id or 0, ()):
                return False
        return True


def _slot(
    slots: Sequence[Slot],
    members: Sequence[Person],
    participants: Sequence[Participant],
    holidays: _Holidays,
    *,
    now: datetime.datetime,
    days: int,
    minutes: int,
) -> Slot | None:
    for slot in slots:
        if holidays.free(slot, members):
            return slot
    if not slots:
        return None
    more = next_slots(participants, now=now, days=days, minutes=minutes, count=HOLIDAY_SLOT_TRIES)
    return next((slot for slot in more if holidays.free(slot, members)), None)


# --- Computing a plan ----------------------------------------------------------------------


@dataclass
class _Frame:
    """Everything about a round's date the plan depends on."""

    program: Program
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    seed: int

    @classmethod
    def of(cls, round: Round) -> "_Frame":
        return cls(
            program=round.program,
            date=round.scheduled_for,
            starts_at=round.starts_at,
            ends_at=round.ends_at,
            seed=round.seed,
        )

    def holidays(self) -> "_Holidays":
        return _Holidays(self.program, self.date - _DAY, self.ends_at.date() + 2 * _DAY)

    def slot_window(self, now: datetime.datetime) -> tuple[datetime.datetime, int]:
        """Slots start from the round's start (or now, if later) until the next round."""
        start = max(now, self.starts_at)
        days = math.ceil((self.ends_at - start) / _DAY)
        return start, max(1, min(days, MAX_SLOT_DAYS))


def _compute(
    frame: _Frame,
    *,
    now: datetime.datetime,
    keep_out: frozenset[int] = frozenset(),
    exclude_round: Round | None = None,
) -> PlannedRound:
    program = frame.program
    organisation = program.organisation
    timings: dict[str, float] = {}
    started = time.perf_counter()
    audience = round_participants(
        program=program,
        on=frame.date,
        people=people_for_engine(scoped(Person, organisation)),
    )
    people = [p for p in audience.people if p.pk not in keep_out]
    skipped = [(p, reason) for p, reason in audience.skipped if p.pk not in keep_out]
    participants = engine_participants(people)
    history: list[PastMeeting] = organisation_history(
        organisation=organisation, before=frame.date, exclude_round=exclude_round
    )
    rules = program_rules(
        program,
        forbid=blocked_pairs(organisation_id=organisation.pk, person_ids=[p.pk for p in people]),
    )
    owed = frozenset(str(pid) for pid, p in audience.participations.items() if p.owed_rounds > 0)
    slot_from, slot_days = frame.slot_window(now)
    holidays = frame.holidays()
    timings["load"] = time.perf_counter() - started

    started = time.perf_counter()
    plan = plan_round(
        participants,
        history=history,
        rules=rules,
        today=frame.date,
        now=slot_from,
        seed=frame.seed,
        previous_sit_outs=owed,
        slot_days=slot_days,
    )
    timings["engine"] = time.perf_counter() - started

    by_id = {str(p.pk): p for p in people}
    participant_of = {p.id: p for p in participants}
    groups: list[PlannedGroup] = []
    for group in plan.groups:
        members = [by_id[pid] for pid in group.members]
        codes = list(group.reasons)
        slot = _slot(
            group.slots,
            members,
            [participant_of[pid] for pid in group.members],
            holidays,
            now=slot_from,
            days=slot_days,
            minutes=program.meeting_minutes,
        )
        if slot is None and NO_COMMON_SLOT not in codes:
            codes.append(NO_COMMON_SLOT)
        groups.append(
            PlannedGroup(
                members=members,
                reasons=codes,
                score=group.score,
                slot_start=slot.start if slot else None,
                slot_end=slot.end if slot else None,
            )
        )
    left_out = skipped + [(by_id[u.id], u.reason) for u in plan.unmatched]
    return PlannedRound(
        round=None,
        groups=groups,
        left_out=left_out,
        objective=plan.objective,
        seconds=0.0,
        scheduled_for=frame.date,
        participant_count=len(participants),
        timings=timings,
    )


def _meeting_key(round: Round, members: Iterable[Person]) -> str:
    return f"coffee:{round.pk}:" + "-".join(str(pk) for pk in sorted(p.pk for p in members))


def _save(round: Round, planned: PlannedRound) -> None:
    """Write the pairings, their members and the left-out people of a computed plan."""
    organisation = round.organisation
    preferences = messaging_settings_of(organisation)
    due_on = _due_on(round.program, round.ends_at)
    pairings = [
        Pairing(
            organisation=organisation,
            round=round,
            score=group.score,
            reasons=group.reasons,
            due_on=due_on,
            slot_start=group.slot_start,
            slot_end=group.slot_end,
            video_url=video_room_url(
                organisation=organisation,
                meeting_key=_meeting_key(round, group.members),
                preferences=preferences,
            ),
        )
        for group in planned.groups
    ]
    Pairing.objects.bulk_create(pairings, batch_size=BATCH)
    if any(
        p.pk is None for p in pairings
    ):  # pragma: no cover - every supported backend returns ids
        raise RuntimeError("the database did not return the new pairings' ids")
    PairingMember.objects.bulk_create(
        [
            PairingMember(organisation=organisation, pairing=pairing, person=person)
            for pairing, group in zip(pairings, planned.groups, strict=True)
            for person in group.members
        ],
        batch_size=BATCH,
    )
    LeftOut.objects.bulk_create(
        [
            LeftOut(organisation=organisation, round=round, person=person, reason=reason)
            for person, reason in planned.left_out
        ],
        batch_size=BATCH,
    )
    for pairing, group in zip(pairings, planned.groups, strict=True):
        group.pairing = pairing


# --- Services ------------------------------------------------------------------------------


def round_plan(*, program: Program, now: datetime.datetime, dry_run: bool = False) -> PlannedRound:
    """Plan the program's next round, or return the unannounced round already planned for
    that date unchanged. A dry run computes the plan and writes nothing."""
    started = time.perf_counter()
    when = _next_round(program, _today(program, now))
    existing = Round.objects.filter(program=program, scheduled_for=when.date).first()
    if existing is not None:
        return planned_round_of(round=existing)
    number = (Round.objects.filter(program=program).aggregate(n=Max("number"))["n"] or 0) + 1
    frame = _Frame(
        program=program,
        date=when.date,
        starts_at=_at_hour(program, when.date),
        ends_at=_at_hour(program, when.next_date),
        seed=_seed(program, number),
    )
    planned = _compute(frame, now=now)
    if dry_run:
        planned.seconds = time.perf_counter() - started
        return planned
    saving = time.perf_counter()
    try:
        with transaction.atomic():
            round = Round.objects.create(
                organisation=program.organisation,
                program=program,
                number=number,
                scheduled_for=when.date,
                moved_from=when.moved_from,
                starts_at=frame.starts_at,
                ends_at=frame.ends_at,
                status=RoundStatus.PLANNED,
                seed=frame.seed,
                objective=planned.objective,
                participant_count=planned.participant_count,
                planned_at=now,
            )
            _save(round, planned)
            planned.seconds = time.perf_counter() - started
            round.plan_seconds = planned.seconds
            round.save(update_fields=["plan_seconds"])
    except IntegrityError:
        # Another process planned this date (or took this number) first: that round wins.
        raced = Round.objects.filter(program=program, scheduled_for=when.date).first()
        if raced is None:
            raise
        return planned_round_of(round=raced)
    planned.round = round
    planned.timings["save"] = time.perf_counter() - saving
    return planned


def planned_round_of(*, round: Round) -> PlannedRound:
    """A saved round as a `PlannedRound` (groups in pairing order, left-out by name)."""
    members = PairingMember.objects.select_related("person").order_by("person__name", "id")
    pairings = list(round.pairings.prefetch_related(Prefetch("members", queryset=members)))
    groups = [
        PlannedGroup(
            members=[m.person for m in pairing.members.all()],
            reasons=list(pairing.reasons),
            score=pairing.score,
            slot_start=pairing.slot_start,
            slot_end=pairing.slot_end,
            pairing=pairing,
            locked=pairing.locked,
        )
        for pairing in pairings
    ]
    left_out = [
        (row.person, row.reason)
        for row in round.left_out.select_related("person").order_by("person__name", "id")
    ]
    return PlannedRound(
        round=round,
        groups=groups,
        left_out=left_out,
        objective=round.objective,
        seconds=round.plan_seconds,
        scheduled_for=round.scheduled_for,
        participant_count=round.participant_count,
    )


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
    planned = _compute(
        _Frame.of(round), now=now, keep_out=frozenset(locked | removed), exclude_round=round
    )
    Pairing.objects.filter(round=round, locked=False).delete()
    LeftOut.objects.filter(round=round).exclude(reason=reasons.REMOVED).delete()
    _save(round, planned)
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
    rules = program_rules(program)
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
        frame = _Frame.of(round)
        start, days = frame.slot_window(timezone.now())
        minutes = round.program.meeting_minutes
        participants = engine_participants(members)
        slot = _slot(
            next_slots(participants, now=start, days=days, minutes=minutes),
            members,
            participants,
            frame.holidays(),
            now=start,
            days=days,
            minutes=minutes,
        )
        pairing.slot_start = slot.start if slot else None
        pairing.slot_end = slot.end if slot else None
        if slot is None and NO_COMMON_SLOT not in pairing.reasons:
            pairing.reasons.append(NO_COMMON_SLOT)
        pairing.video_url = video_room_url(
            organisation=round.organisation, meeting_key=_meeting_key(round, members)
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


@transaction.atomic
def pairing_swap(*, round: Round, first: Person, second: Person) -> None:
    """Swap two people of different pairings of the round; both pairings get fresh reasons,
    slot and room, and are locked so that a re-plan keeps them."""
    round = _lock_round(round)
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
    if pairing.round_id is not None:
        _lock_round(pairing.round)  # type: ignore[arg-type]
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
