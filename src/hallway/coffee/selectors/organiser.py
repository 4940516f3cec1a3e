"""Reads for the organiser pages and the API: programs with their figures, a round's plan.

Each function runs a fixed number of queries, however many programs, rounds or pairings
there are (the page tests count them). The programs overview counts participants in one
query for all programs; only the cadence date of a program without an open round
(`next_round_date`) costs its own queries, a fixed number per such program.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from hallway.absences.models import Holiday
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.coffee.models import (
    JoinMode,
    LeftOut,
    Outcome,
    Pairing,
    PairingMember,
    Participation,
    ParticipationStatus,
    Program,
    Round,
    RoundStatus,
)
from hallway.coffee.round_dates import next_round_date
from hallway.coffee.selectors.insights import CACHE_SECONDS
from hallway.coffee.selectors.participants import program_audience
from hallway.people.models import Person, PersonStatus

# A round counts for the meeting rate once its intros went out.
SENT = (RoundStatus.ANNOUNCED, RoundStatus.CLOSED)
# A closed round with this many groups or more keeps its figures in the cache (see round_figures).
FIGURES_CACHE_FROM_PAIRINGS = 1_000


@dataclass
class RoundFigures:
    pairings: int = 0  # meetings planned, less those called off when the round closed
    met: int = 0
    answered: int = 0
    called_off: int = 0

    @property
    def groups(self) -> int:
        """Every group of the plan, called off or not."""
        return self.pairings + self.called_off

    @property
    def meeting_rate(self) -> float | None:
        """Share of pairings in which somebody answered "we met" (None before anyone answered,
        as on the insights page)."""
        return self.met / self.pairings if self.pairings and self.answered else None


@dataclass
class ProgramSummary:
    program: Program
    participants: int
    last_round: Round | None
    last_figures: RoundFigures = field(default_factory=RoundFigures)
    next_round_on: datetime.date | None = None


def participant_count(program: Program) -> int:
    """Who takes part: opt-in, those who joined; opt-out, the audience less those who left."""
    joined = Participation.objects.filter(program=program, status=ParticipationStatus.JOINED)
    if program.join_mode == JoinMode.OPT_IN:
        return joined.filter(person__in=program_audience(program=program)).count()
    left = Participation.objects.filter(program=program, status=ParticipationStatus.LEFT)
    return program_audience(program=program).exclude(pk__in=left.values("person")).count()


def _participant_counts() -> Subquery:
    """`participant_count` for each program of a queryset, as one subquery (the same rules
    as `program_audience`: nothing chosen reaches the whole organisation)."""
    program = OuterRef(OuterRef("pk"))
    teams = Program.audience_teams.through.objects.filter(program_id=program)
    locations = Program.audience_locations.through.objects.filter(program_id=program)
    tags = Program.audience_tags.through.objects.filter(program_id=program)
    includes = Program.include_people.through.objects.filter(program_id=program)
    excludes = Program.exclude_people.through.objects.filter(program_id=program)
    # One level deeper (a subquery of a subquery), so the program is three levels out.
    chosen_tags = Program.audience_tags.through.objects.filter(
        program_id=OuterRef(OuterRef(OuterRef("pk")))
    )
    tagged = Person.interests.through.objects.filter(tag_id__in=chosen_tags.values("tag_id"))
    participations = Participation.objects.filter(program_id=program, person_id=OuterRef("pk"))
    joined = participations.filter(status=ParticipationStatus.JOINED)
    left = participations.filter(status=ParticipationStatus.LEFT)
    people = (
        Person.objects.filter(organisation_id=OuterRef("organisation_id"))
        .exclude(status=PersonStatus.LEFT)
        .filter(
            (~Exists(teams) & ~Exists(locations) & ~Exists(tags))
            | Q(team_id__in=teams.values("team_id"))
            | Q(location_id__in=locations.values("location_id"))
            | Q(pk__in=tagged.values("person_id"))
            | Q(pk__in=includes.values("person_id"))
        )
        .exclude(pk__in=excludes.values("person_id"))
        .filter((Exists(joined) & Exists(_is_opt_in())) | (~Exists(left) & ~Exists(_is_opt_in())))
    )
    count = people.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Subquery(count, output_field=IntegerField())


def _is_opt_in() -> QuerySet[Program]:
    return Program.objects.filter(pk=OuterRef(OuterRef("pk")), join_mode=JoinMode.OPT_IN)


def round_figures(round_ids: list[int]) -> dict[int, RoundFigures]:
    """Pairings, pairings in which somebody met, and answered pairings, per round; pairings
    called off when the round closed count apart (see `services.closing`).

    A closed round of `FIGURES_CACHE_FROM_PAIRINGS` pairings or more is read from the cache
    for up to `CACHE_SECONDS` (late answers show within minutes, as on the insights page):
    a page of ten such rounds at 10,000 people is a pass over 100,000 members."""
    rounds = Round.objects.filter(pk__in=round_ids).only("id", "status", "closed_at")
    found = rounds_figures(list(rounds))
    return {pk: found.get(pk, RoundFigures()) for pk in round_ids}


def rounds_figures(rounds: list[Round]) -> dict[int, RoundFigures]:
    """`round_figures` of rounds already read (with their status and `closed_at`)."""
    round_ids = [round_.pk for round_ in rounds]
    closed = {
        round_.pk: round_.closed_at for round_ in rounds if round_.status == RoundStatus.CLOSED
    }
    keys = {
        pk: f"coffee:round-figures:{pk}:{closed_at.timestamp() if closed_at else 0}"
        for pk, closed_at in closed.items()
    }
    cached = {
        pk: found for pk, key in keys.items() if isinstance(found := cache.get(key), RoundFigures)
    }
    figures = _count_round_figures([pk for pk in round_ids if pk not in cached])
    for pk, counted in figures.items():
        if pk in keys and counted.groups >= FIGURES_CACHE_FROM_PAIRINGS:
            cache.set(keys[pk], counted, CACHE_SECONDS)
    return {pk: cached.get(pk) or figures[pk] for pk in round_ids}


def _count_round_figures(round_ids: list[int]) -> dict[int, RoundFigures]:
    figures = {round_id: RoundFigures() for round_id in round_ids}
    if not round_ids:
        return figures
    totals = (
        Pairing.objects.filter(round_id__in=round_ids)
        .values("round_id")
        .annotate(
            total=Count("id", filter=Q(called_off_at__isnull=True)),
            called_off=Count("id", filter=Q(called_off_at__isnull=False)),
        )
        .order_by()
    )
    for row in totals:
        figures[row["round_id"]].pairings = row["total"]
        figures[row["round_id"]].called_off = row["called_off"]
    # One pass over the members: a pairing counts once however many of them answered.
    answers = (
        PairingMember.objects.filter(
            pairing__round_id__in=round_ids, pairing__called_off_at__isnull=True
        )
        .exclude(outcome="")
        .values("pairing__round_id")
        .annotate(
            met=Count("pairing_id", distinct=True, filter=Q(outcome=Outcome.MET)),
            answered=Count("pairing_id", distinct=True),
        )
        .order_by()
    )
    for answer in answers:
        figures[answer["pairing__round_id"]].met = answer["met"]
        figures[answer["pairing__round_id"]].answered = answer["answered"]
    return figures


def programs_overview(
    *, organisation: Organisation, today: datetime.date, include_archived: bool = False
) -> list[ProgramSummary]:
    """The programs with their participants, last sent round's figures and coming round."""
    queryset = scoped(Program, organisation).prefetch_related(
        "audience_teams", "audience_locations", "audience_tags", "include_people", "exclude_people"
    )
    if not include_archived:
        queryset = queryset.filter(archived_at__isnull=True)
    programs = list(
        queryset.select_related("organisation").annotate(participants=_participant_counts())
    )
    open_rounds = {
        row["program_id"]: row["on"]
        for row in scoped(Round, organisation)
        .filter(program__in=programs, status__in=(RoundStatus.DRAFT, RoundStatus.PLANNED))
        .values("program_id")
        .annotate(on=Min("scheduled_for"))
        .order_by()
    }
    last_sent: dict[int, Round] = {}
    sent = (
        scoped(Round, organisation)
        .filter(program__in=programs, status__in=SENT)
        .order_by("program_id", "-number")
    )
    for round_ in sent.only("id", "program_id", "number", "scheduled_for", "status", "closed_at"):
        last_sent.setdefault(round_.program_id, round_)
    figures = rounds_figures(list(last_sent.values()))
    return [
        ProgramSummary(
            program=program,
            participants=program.participants or 0,
            last_round=last_sent.get(program.pk),
            last_figures=figures.get(last_sent[program.pk].pk, RoundFigures())
            if program.pk in last_sent
            else RoundFigures(),
            next_round_on=None
            if program.archived_at
            else open_rounds.get(program.pk) or next_round_date(program=program, today=today),
        )
        for program in programs
    ]


def program_rounds(*, program: Program) -> QuerySet[Round]:
    """The program's rounds, newest first, with how many people each left out."""
    return program.rounds.annotate(left_out_count=Count("left_out")).order_by("-number")


def with_figures(rounds: Iterable[Round]) -> list[tuple[Round, RoundFigures]]:
    """Rounds (one page of them: figures cost a pass over their pairings) with figures."""
    rounds = list(rounds)
    figures = rounds_figures(rounds)
    return [(round_, figures[round_.pk]) for round_ in rounds]


def program_holidays(
    *, program: Program, today: datetime.date, days: int = 366
) -> QuerySet[Holiday]:
    """The coming holidays for the whole organisation and at the locations of its audience."""
    locations = [location.pk for location in program.audience_locations.all()]
    at_location = Q(location__in=locations) if locations else Q(location__isnull=False)
    return (
        scoped(Holiday, program.organisation)
        .filter(Q(location__isnull=True) | at_location)
        .filter(date__gte=today, date__lte=today + datetime.timedelta(days=days))
        .select_related("location")
    )


def round_pairings(*, round: Round, query: str = "") -> QuerySet[Pairing]:
    """The round's groups in a stable order, optionally only those with a matching member
    (by name, email, team or location). Members come prefetched with their team and location."""
    pairings = Pairing.objects.filter(round=round)
    query = query.strip()
    if query:
        matching = PairingMember.objects.filter(pairing=OuterRef("pk")).filter(
            Q(person__name__icontains=query)
            | Q(person__email__icontains=query)
            | Q(person__team__name__icontains=query)
            | Q(person__location__name__icontains=query)
        )
        pairings = pairings.filter(Exists(matching))
    members = PairingMember.objects.select_related("person__team", "person__location").order_by(
        "person__name", "id"
    )
    return pairings.order_by("-locked", "id").prefetch_related(Prefetch("members", members))


def round_left_out(*, round: Round, query: str = "") -> QuerySet[LeftOut]:
    left_out = LeftOut.objects.filter(round=round).select_related(
        "person__team", "person__location"
    )
    query = query.strip()
    if query:
        left_out = left_out.filter(
            Q(person__name__icontains=query)
            | Q(person__email__icontains=query)
            | Q(person__team__name__icontains=query)
        )
    return left_out.order_by("person__name", "id")


def next_round_on(program: Program, today: datetime.date) -> datetime.date | None:
    """The date of the program's coming round: an open one, else the next cadence date."""
    if program.archived_at:
        return None
    open_round = (
        program.rounds.filter(status__in=(RoundStatus.DRAFT, RoundStatus.PLANNED))
        .order_by("scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    return open_round or next_round_date(program=program, today=today)
