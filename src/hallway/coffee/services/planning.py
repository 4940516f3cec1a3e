"""Planning a program's rounds: who meets whom, when and where (slot and video room).

The organiser's changes to a planned round (re-plan, swap, lock, remove) are in
`plan_edits`; when rounds happen is `coffee.round_dates`.

The engine (`hallway.engine.pairing.plan_round`) decides the pairs; this module reads its
input (`coffee.selectors.participants`), maps the answer back onto people, picks each
pairing's slot and video room, and writes the round in one transaction.

Absences come from `hallway.absences` (one calendar for every capability): someone away on
every day of the round's meeting window (out of office, holidays, days off) is left out
with `reasons.AWAY`, and no suggested slot falls on a day a member is away.
"""

import datetime
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch

from hallway.absences.selectors import AbsenceCalendar
from hallway.accounts.tenancy import scoped
from hallway.coffee import reasons
from hallway.coffee.models import (
    LeftOut,
    Pairing,
    PairingMember,
    Program,
    Round,
    RoundStatus,
    TeamPreference,
)
from hallway.coffee.round_dates import meet_by, next_round, round_start
from hallway.coffee.selectors.participants import (
    blocked_pairs,
    engine_participants,
    organisation_history,
    people_for_engine,
    round_participants,
)
from hallway.core.timezones import organisation_today
from hallway.engine.model import Participant, PastMeeting, Preferences, Rules, Slot
from hallway.engine.pairing import NO_COMMON_SLOT, plan_round
from hallway.engine.slots import next_slots
from hallway.messaging.services import messaging_settings_of
from hallway.messaging.video import video_room_url
from hallway.people.models import Person

_UTC = datetime.UTC
_DAY = datetime.timedelta(days=1)
#: How far ahead a round looks for slots at most (the engine's default window is 14 days).
MAX_SLOT_DAYS = 28
#: When every slot the engine suggests falls on a day a member is away, this many more are
#: tried.
HOLIDAY_SLOT_TRIES = 20
PREFERENCE_WEIGHT: dict[str, float] = {
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


def _seed(program: Program, number: int) -> int:
    return (program.pk * 1_000_003 + number) % (2**62)


# --- Slots ---------------------------------------------------------------------------------


def pick_slot(
    slots: Sequence[Slot],
    members: Sequence[Person],
    participants: Sequence[Participant],
    absences: AbsenceCalendar,
    *,
    now: datetime.datetime,
    days: int,
    minutes: int,
) -> Slot | None:
    """The first slot on a day none of `members` is away (their local date: holidays of the
    organisation and their location, out of office, a pause)."""

    def free(slot: Slot) -> bool:
        return all(absences.free_at(person, slot.start) for person in members)

    for slot in slots:
        if free(slot):
            return slot
    if not slots:
        return None
    more = next_slots(participants, now=now, days=days, minutes=minutes, count=HOLIDAY_SLOT_TRIES)
    return next((slot for slot in more if free(slot)), None)


# --- Computing a plan ----------------------------------------------------------------------


@dataclass
class RoundFrame:
    """Everything about a round's date the plan depends on."""

    program: Program
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    seed: int

    @classmethod
    def of(cls, round: Round) -> "RoundFrame":
        return cls(
            program=round.program,
            date=round.scheduled_for,
            starts_at=round.starts_at,
            ends_at=round.ends_at,
            seed=round.seed,
        )

    def absences(
        self, now: datetime.datetime, person_ids: Iterable[int] | None = None
    ) -> AbsenceCalendar:
        """Who is away from the day before the round (a zone west of the organisation's)
        to past the last day a slot can fall on (a zone east of it)."""
        last = max(self.ends_at, now) + datetime.timedelta(days=MAX_SLOT_DAYS + 2)
        return AbsenceCalendar(
            organisation=self.program.organisation,
            first=self.date - _DAY,
            last=last.date(),
            person_ids=person_ids,
        )

    def meeting_days(self, now: datetime.datetime) -> tuple[datetime.date, datetime.date]:
        """The days people can meet in, in the organisation's zone: from the round's start
        (or today, if later) to its "meet by" day."""
        zone = ZoneInfo(self.program.organisation.timezone)
        last = meet_by(self.program, self.ends_at)
        return min(max(now, self.starts_at).astimezone(zone).date(), last), last

    def slot_window(self, now: datetime.datetime) -> tuple[datetime.datetime, int]:
        """Slots start from the round's start (or now, if later) until the next round."""
        start = max(now, self.starts_at)
        days = math.ceil((self.ends_at - start) / _DAY)
        return start, max(1, min(days, MAX_SLOT_DAYS))


def compute_plan(
    frame: RoundFrame,
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
    absences = frame.absences(now, [p.pk for p in audience.people])
    first_day, last_day = frame.meeting_days(now)
    people: list[Person] = []
    skipped = [(p, reason) for p, reason in audience.skipped if p.pk not in keep_out]
    for person in audience.people:
        if person.pk in keep_out:
            continue
        if absences.away_throughout(person, first_day, last_day) is not None:
            skipped.append((person, reasons.AWAY))  # no day in the round to meet
        else:
            people.append(person)
    participants = engine_participants(people)
    history: list[PastMeeting] = organisation_history(
        organisation=organisation,
        before=frame.date,
        exclude_round=exclude_round,
        today=organisation_today(organisation, now),
    )
    rules = program_rules(
        program,
        forbid=blocked_pairs(organisation_id=organisation.pk, person_ids=[p.pk for p in people]),
    )
    owed = frozenset(str(pid) for pid, p in audience.participations.items() if p.owed_rounds > 0)
    slot_from, slot_days = frame.slot_window(now)
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
        slot = pick_slot(
            group.slots,
            members,
            [participant_of[pid] for pid in group.members],
            absences,
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


def meeting_key(round: Round, members: Iterable[Person]) -> str:
    return f"coffee:{round.pk}:" + "-".join(str(pk) for pk in sorted(p.pk for p in members))


def save_plan(round: Round, planned: PlannedRound) -> None:
    """Write the pairings, their members and the left-out people of a computed plan."""
    organisation = round.organisation
    preferences = messaging_settings_of(organisation)
    due_on = meet_by(round.program, round.ends_at)
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
                meeting_key=meeting_key(round, group.members),
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
    when = next_round(program, organisation_today(program.organisation, now))
    existing = Round.objects.filter(program=program, scheduled_for=when.date).first()
    if existing is not None:
        return planned_round_of(round=existing)
    number = (Round.objects.filter(program=program).aggregate(n=Max("number"))["n"] or 0) + 1
    frame = RoundFrame(
        program=program,
        date=when.date,
        starts_at=round_start(program, when.date),
        ends_at=round_start(program, when.next_date),
        seed=_seed(program, number),
    )
    planned = compute_plan(frame, now=now)
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
            save_plan(round, planned)
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
