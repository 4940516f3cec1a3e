"""Who a program reaches, who takes part in a round, and what the engine needs about them.

Every read here is a fixed number of queries, whatever the number of people: the planner
of a round of 10,000 people must not ask the database once per person.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet

from hallway.absences.selectors import paused_on
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee import reasons
from hallway.coffee.models import (
    CoffeeProfile,
    Frequency,
    JoinMode,
    Outcome,
    PairingMember,
    Participation,
    ParticipationStatus,
    Program,
    Round,
    RoundStatus,
)
from hallway.engine.model import Participant, PastMeeting, pair_key
from hallway.people.models import Person, PersonStatus

#: "Monthly" people take part when they were not paired in the program within this many days.
MONTHLY_DAYS = 28
#: Rounds whose pairings count as history: they went out (a planned round never did).
SENT = (RoundStatus.ANNOUNCED, RoundStatus.CLOSED)


@dataclass(frozen=True)
class RoundParticipants:
    """Who takes part in a round, and who in the program's reach sits it out and why."""

    people: list[Person]
    skipped: list[tuple[Person, str]]
    participations: dict[int, Participation]  # by person id; absent in opt-out programs


def program_audience(*, program: Program, on: datetime.date | None = None) -> QuerySet[Person]:
    """The people the program reaches: active (or paused) people who have not left, in the
    chosen teams, locations or tags (any of them; nothing chosen = the whole organisation),
    plus the explicit includes, minus the explicit excludes."""
    people = scoped(Person, program.organisation).exclude(status=PersonStatus.LEFT)
    if on is not None:
        people = people.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
    teams = Program.audience_teams.through.objects.filter(program_id=program.pk)
    locations = Program.audience_locations.through.objects.filter(program_id=program.pk)
    tags = Program.audience_tags.through.objects.filter(program_id=program.pk)
    includes = Program.include_people.through.objects.filter(program_id=program.pk)
    excludes = Program.exclude_people.through.objects.filter(program_id=program.pk)
    # Through the related managers: free when the caller prefetched them (the program page).
    chosen = (
        program.audience_teams.exists()
        or program.audience_locations.exists()
        or program.audience_tags.exists()
    )
    if chosen:
        tagged = Person.interests.through.objects.filter(tag_id__in=tags.values("tag_id")).values(
            "person_id"
        )
        people = people.filter(
            Q(team_id__in=teams.values("team_id"))
            | Q(location_id__in=locations.values("location_id"))
            | Q(pk__in=tagged)
            | Q(pk__in=includes.values("person_id"))
        )
    return people.exclude(pk__in=excludes.values("person_id"))


def round_participants(
    *, program: Program, on: datetime.date, people: QuerySet[Person] | None = None
) -> RoundParticipants:
    """Who takes part in the program's round on `on`, and who is skipped with a reason code
    (`coffee.reasons`): PAUSED (their own pause, Hallway's automatic pause after unanswered
    intros, or a pause in the directory), SKIPS_THIS_ROUND (their frequency), NO_CONTACT.

    Opt-in programs: the audience who joined. Opt-out: the audience minus who left.
    `people` narrows the audience (the planner passes a queryset with the related rows it
    maps to the engine).
    """
    audience = program_audience(program=program, on=on)
    if people is not None:
        audience = people.filter(pk__in=audience.values("pk"))
    participations = {
        p.person_id: p
        for p in Participation.objects.filter(program=program).only(
            "id",
            "person_id",
            "status",
            "frequency",
            "paused_until",
            "auto_paused_at",
            "owed_rounds",
        )
    }
    if program.join_mode == JoinMode.OPT_IN:
        joined = Participation.objects.filter(
            program=program, status=ParticipationStatus.JOINED
        ).values("person_id")
        audience = audience.filter(pk__in=joined)
    candidates = list(audience.order_by("pk"))

    frequencies = {p.frequency for p in participations.values()}
    took_part_last: set[int] = set()
    paired_recently: set[int] = set()
    if Frequency.EVERY_OTHER_ROUND in frequencies:
        took_part_last = _previous_round_members(program=program, before=on)
    if Frequency.MONTHLY in frequencies:
        paired_recently = _members_since(
            program=program, since=on - datetime.timedelta(days=MONTHLY_DAYS), before=on
        )

    taking_part: list[Person] = []
    skipped: list[tuple[Person, str]] = []
    for person in candidates:
        participation = participations.get(person.pk)
        if participation is not None and participation.status == ParticipationStatus.LEFT:
            continue
        reason = _skip_reason(person, participation, on, took_part_last, paired_recently)
        if reason:
            skipped.append((person, reason))
        else:
            taking_part.append(person)
    return RoundParticipants(
        people=taking_part,
        skipped=skipped,
        participations=participations,
    )


def _skip_reason(
    person: Person,
    participation: Participation | None,
    on: datetime.date,
    took_part_last: set[int],
    paired_recently: set[int],
) -> str:
    if person_paused(person, on):
        return reasons.PAUSED
    if participation is not None:
        if participation.auto_paused_at is not None or (
            participation.paused_until is not None and participation.paused_until >= on
        ):
            return reasons.PAUSED
        if (
            participation.frequency == Frequency.EVERY_OTHER_ROUND and person.pk in took_part_last
        ) or (participation.frequency == Frequency.MONTHLY and person.pk in paired_recently):
            return reasons.SKIPS_THIS_ROUND
    if not (person.email or "").strip() and not (person.slack_id or "").strip():
        return reasons.NO_CONTACT
    return ""


def person_paused(person: Person, on: datetime.date) -> bool:
    """Paused in the directory on `on` (the pause ends on its `paused_until` day); the
    absences app owns what a pause means."""
    return paused_on(person, on)


def _previous_round_members(*, program: Program, before: datetime.date) -> set[int]:
    previous = (
        Round.objects.filter(program=program, scheduled_for__lt=before)
        .order_by("-scheduled_for")
        .values("pk")[:1]
    )
    return set(
        PairingMember.objects.filter(pairing__round__in=previous).values_list(
            "person_id", flat=True
        )
    )


def _members_since(*, program: Program, since: datetime.date, before: datetime.date) -> set[int]:
    return set(
        PairingMember.objects.filter(
            pairing__round__program=program,
            pairing__round__scheduled_for__gt=since,
            pairing__round__scheduled_for__lt=before,
            pairing__round__status__in=SENT,
        ).values_list("person_id", flat=True)
    )


def organisation_history(
    *,
    organisation: Organisation,
    before: datetime.date,
    exclude_round: Round | None = None,
    person_ids: Sequence[int] | None = None,
    today: datetime.date | None = None,
) -> list[PastMeeting]:
    """Every meeting of the organisation that happened before `before` (in rounds that
    went out, and onboarding's), as the engine's `PastMeeting`. A plan is not a meeting:

    * someone answered "we met": it happened, on its meet-by date or `today` if that is
      earlier (people meet before the deadline, never in the future);
    * someone answered "missed" or "not yet" and nobody "we met": it was planned and fell
      through (`met=False`), so the engine may pair them again sooner;
    * nobody answered: it counts as met only once its round is closed (or, planned outside
      a round, its meet-by date is before `today`) — an announced round's pairs are
      still only planned;
    * called off when its round closed before it could happen: not a meeting at all.

    Read as raw tuples in one query: 50 rounds of 10,000 people are half a million rows.
    With `person_ids`, only the meetings those people took part in.
    """
    today = today or before
    rows = (
        PairingMember.objects.filter(
            organisation=organisation,
            pairing__due_on__lt=before,
            pairing__called_off_at__isnull=True,
        )
        .filter(Q(pairing__round__isnull=True) | Q(pairing__round__status__in=SENT))
        .order_by()
        .values_list(
            "pairing_id", "pairing__due_on", "person_id", "outcome", "pairing__round__status"
        )
    )
    if exclude_round is not None:
        rows = rows.exclude(pairing__round=exclude_round)
    if person_ids is not None:  # only the meetings of these people (a few, not a round)
        if not person_ids:
            return []
        rows = rows.filter(
            pairing__in=PairingMember.objects.filter(person_id__in=person_ids).values("pairing_id")
        )
    people: dict[int, list[str]] = defaultdict(list)
    dates: dict[int, datetime.date] = {}
    met: set[int] = set()
    missed: set[int] = set()
    open_rounds: set[int] = set()
    for pairing_id, due_on, person_id, outcome, status in _raw_rows(rows):
        people[pairing_id].append(str(person_id))
        dates[pairing_id] = due_on
        if outcome == Outcome.MET:
            met.add(pairing_id)
        elif outcome in (Outcome.MISSED, Outcome.NOT_YET):
            missed.add(pairing_id)
        if status is not None and status != RoundStatus.CLOSED:
            open_rounds.add(pairing_id)
    day_of = _dates(set(dates.values()))
    meetings = []
    for pairing_id, members in people.items():
        if len(members) < 2:
            continue
        day = day_of[dates[pairing_id]]
        if pairing_id in met:
            meetings.append(PastMeeting(frozenset(members), min(day, today), met=True))
        elif pairing_id in missed:
            meetings.append(PastMeeting(frozenset(members), min(day, today), met=False))
        elif pairing_id not in open_rounds and day < today:
            meetings.append(PastMeeting(frozenset(members), day, met=True))
    return meetings


def _raw_rows(rows: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list query straight from the cursor: Django's per-value
    converters (a date parsed half a million times on SQLite) cost more than the query."""
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(20_000):
            yield from chunk


def _dates(values: Iterable[Any]) -> dict[Any, datetime.date]:
    """Raw date values (SQLite's ISO text, PostgreSQL's dates) → dates, each parsed once."""
    return {
        value: value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
        for value in values
    }


def people_for_engine(people: QuerySet[Person]) -> QuerySet[Person]:
    """`people` with the related rows `engine_participants` reads (no query per person)."""
    return people.select_related("team", "location").only(
        "id",
        "organisation_id",
        "name",
        "email",
        "slack_id",
        "preferred_language",
        "status",
        "paused_until",
        "left_on",
        "department",
        "timezone",
        "work_start",
        "work_end",
        "working_days",
        "languages",
        "manager_id",
        "start_date",
        "team__name",
        "team__department",
        "location__name",
    )


def engine_participants(people: Sequence[Person]) -> list[Participant]:
    """The engine's view of these people. One query (interests) beyond the people."""
    if not people:
        return []
    interests = interest_names(
        organisation_id=people[0].organisation_id, person_ids=[p.pk for p in people]
    )
    return [engine_participant(person, interests.get(person.pk, ())) for person in people]


def interest_names(*, organisation_id: int, person_ids: Iterable[int]) -> dict[int, list[str]]:
    """Interest (tag) names by person id, in one query.

    The organisation's interests are read and filtered here rather than with an IN list of
    every id, which SQLite caps at a number of parameters."""
    wanted = set(person_ids)
    found: dict[int, list[str]] = defaultdict(list)
    if not wanted:
        return found
    rows = (
        Person.interests.through.objects.filter(person__organisation_id=organisation_id)
        .order_by()
        .values_list("person_id", "tag__name")
    )
    for person_id, name in rows:
        if person_id in wanted:
            found[person_id].append(name)
    return found


def engine_participant(person: Person, interests: Iterable[str] = ()) -> Participant:
    """One person as the engine's `Participant` (ids are the person's primary key as text)."""
    team = person.team
    return Participant(
        id=str(person.pk),
        team=team.name if team is not None else "",
        department=person.department or (team.department if team is not None else ""),
        location=person.location.name if person.location is not None else "",
        timezone=person.timezone or "UTC",
        work_start=person.work_start,
        work_end=person.work_end,
        working_days=frozenset(int(d) for d in person.working_days or ()),
        languages=frozenset(str(code).lower() for code in person.languages or ()),
        interests=frozenset(interests),
        manager=str(person.manager_id) if person.manager_id else None,
        start_date=person.start_date,
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
