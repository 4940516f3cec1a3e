"""What a pulse's results may show: figures per group and question, trends, comments.

Only closed rounds are reported: live figures would move as each person answers, and
anyone watching them could tell one answer from the change. Each round stands alone:
answers of several rounds are never pooled, because k counts people and pooled answers
could be one small team's, several times over.

Per round, the groups form a tree (organisation → department → team, with "other" for
people without one), and `engine.disclosure.disclose` decides which may be shown: at
least k answers, and no hidden group's figure derivable from the shown ones.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, F, Func, IntegerField
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext as _

from hallway.accounts.tenancy import scoped
from hallway.engine.disclosure import FEWER_THAN_K, Disclosure, Group, disclose
from hallway.people.models import Team
from hallway.rituals.models import (
    Pulse,
    PulseComment,
    PulseInvite,
    PulseQuestion,
    PulseResponse,
    PulseRound,
    QuestionKind,
)
from hallway.rituals.models.pulse import SCALES
from hallway.rituals.pulse_questions import question_text
from hallway.rituals.selectors.settings import ritual_settings_of

ROOT = "org"
TREND_ROUNDS = 8


@dataclass(frozen=True)
class Figure:
    """One question's figures for one group; no numbers when the group is hidden."""

    question_id: int
    question: str
    kind: str
    shown: bool
    answered: int | None
    reason: str = ""
    average: float | None = None
    distribution: list[tuple[int, int]] | None = None
    enps: int | None = None

    def as_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "question_id": self.question_id,
            "question": self.question,
            "kind": self.kind,
            "answered": self.answered,
            "shown": self.shown,
        }
        if self.shown:
            item["average"] = self.average
            item["distribution"] = [{"value": v, "count": c} for v, c in self.distribution or []]
            if self.enps is not None:
                item["enps"] = self.enps
        else:
            item["reason"] = self.reason
        return item


@dataclass(frozen=True)
class GroupResult:
    key: str
    label: str
    level: str  # "organisation", "department", "team"
    parent: str | None
    shown: bool
    reason: str
    answered: int | None
    team_id: int | None = None
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class RoundResult:
    round: PulseRound
    k: int
    asked: int
    answered: int
    away: int
    groups: list[GroupResult]
    comments: list[tuple[str, str]]  # (text, the group it came from, or "")

    @property
    def rate(self) -> float | None:
        return self.answered / self.asked if self.asked else None

    @property
    def organisation(self) -> GroupResult:
        return self.groups[0]


def _department_key(department: str) -> str:
    return f"d:{department}"


def _team_key(department: str, team_ref: int | None) -> str:
    return f"t:{department}:{team_ref if team_ref is not None else '-'}"


def _tree(segments: Counter[tuple[str, int | None]]) -> list[Group]:
    groups = [Group(ROOT, None, sum(segments.values()))]
    departments: Counter[str] = Counter()
    for (department, team_ref), count in segments.items():
        departments[department] += count
        groups.append(Group(_team_key(department, team_ref), _department_key(department), count))
    groups += [Group(_department_key(d), ROOT, c) for d, c in departments.items()]
    return groups


def round_disclosure(responses: list[PulseResponse], k: int) -> dict[str, Disclosure]:
    """Which groups of one round's answers may be shown (see `engine.disclosure`)."""
    segments: Counter[tuple[str, int | None]] = Counter(
        (r.department, r.team_ref) for r in responses
    )
    return disclose(_tree(segments), k=k)


Segment = tuple[str, int | None]  # (department, team_ref): the finest group an answer has


class _AnswerValue(Func):
    """One answer of a response (`answers[key]`) as an integer, read in SQL. Django's own key
    transform takes a key of digits for an array index, so the path is written here."""

    output_field = IntegerField()

    def __init__(self, key: str) -> None:
        super().__init__(F("answers"))
        self.key = key

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, tuple[str | int, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"(({sql}) ->> %s)::integer", (*params, self.key)
        return f"json_extract({sql}, %s)", (*params, f'$."{self.key}"')


def _segment_counts(round: PulseRound) -> Counter[Segment]:
    """How many answers each segment of a round holds (one aggregate query)."""
    rows = (
        PulseResponse.objects.filter(round=round)
        .values_list("department", "team_ref")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({(department, team_ref): n for department, team_ref, n in rows})


_EVERYONE: Segment = ("\0everyone", None)  # all segments at once, when only totals are wanted


def _value_counts(
    round: PulseRound, question_ids: list[int], by_segment: bool = True
) -> dict[Segment, dict[int, Counter[int]]]:
    """Per segment and question, how often each value was given (one aggregate query per
    question, never a row per answer); with `by_segment=False`, the round's totals only,
    under `_EVERYONE`."""
    counts: dict[Segment, dict[int, Counter[int]]] = defaultdict(lambda: defaultdict(Counter))
    fields = ("department", "team_ref") if by_segment else ()
    for question_id in question_ids:
        rows = (
            PulseResponse.objects.filter(round=round)
            .annotate(value=_AnswerValue(str(question_id)))
            .filter(value__isnull=False)
            .values_list(*fields, "value")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for *segment, value, n in rows:
            key = (segment[0], segment[1]) if by_segment else _EVERYONE
            counts[key][question_id][int(value)] += n
    return counts


def _figure(question: PulseQuestion, values: list[int], shown: bool, reason: str) -> Figure:
    return _figure_of_counts(question, Counter(values), shown, reason)


def _figure_of_counts(
    question: PulseQuestion, counts: Counter[int], shown: bool, reason: str, text: str = ""
) -> Figure:
    text = text or question_text(question)
    if not shown:
        return Figure(question.pk, text, question.kind, False, None, reason or FEWER_THAN_K)
    low, high = SCALES.get(question.kind, (1, 5))
    answered = sum(counts.values())
    total = sum(value * count for value, count in counts.items())
    enps = None
    if question.kind == QuestionKind.SCORE and answered:
        promoters = sum(count for value, count in counts.items() if value >= 9)
        detractors = sum(count for value, count in counts.items() if value <= 6)
        enps = round(100 * (promoters - detractors) / answered)
    return Figure(
        question.pk,
        text,
        question.kind,
        True,
        answered,
        average=round(total / answered, 2) if answered else None,
        distribution=[(v, counts.get(v, 0)) for v in range(low, high + 1)],
        enps=enps,
    )


def _labels(round: PulseRound) -> dict[int, str]:
    return dict(scoped(Team, round.organisation).values_list("pk", "name"))


def _group_label(key: str, teams: dict[int, str]) -> tuple[str, str, int | None]:
    if key == ROOT:
        return _("Everyone"), "organisation", None
    if key.startswith("d:"):
        return key[2:] or _("Other (no department)"), "department", None
    _prefix, department, team = key.split(":", 2)
    if team == "-":
        where = department or _("no department")
        return _("No team (%(department)s)") % {"department": where}, "team", None
    team_id = int(team)
    return teams.get(team_id, _("A team that was removed")), "team", team_id


def _counts(round: PulseRound) -> tuple[int, int, int]:
    if round.closed and round.asked_count is not None:
        return round.asked_count, round.answered_count or 0, round.away_count or 0
    invites = PulseInvite.objects.filter(round=round)
    return (
        invites.filter(away=False).count(),
        invites.filter(away=False, answered=True).count(),
        invites.filter(away=True).count(),
    )


def pulse_round_results(
    *,
    round: PulseRound,
    k: int | None = None,
    comments: bool = True,
    teams: dict[int, str] | None = None,
    figures_for: Callable[[str], bool] | None = None,
) -> RoundResult:
    """The figures of one closed round for every group, hidden where they must be, the
    response rate, and the comments that may be shown (random order, no date, the group
    only when that group is shown; none with `comments=False`). The answers are counted
    in the database: a fixed number of queries however many answered. `teams` (id: name)
    saves reading the team names again for each of several rounds; `figures_for`, when
    given, names the groups (by key) whose figures are wanted, the others get none."""
    if k is None:
        k = ritual_settings_of(round.organisation).anonymity_threshold
    asked, answered, away = _counts(round)
    questions = {q.pk: q for q in PulseQuestion.objects.filter(pk__in=round.question_ids)}
    ordered = [questions[q] for q in round.question_ids if q in questions]
    texts = {question.pk: question_text(question) for question in ordered}
    segments = _segment_counts(round) if round.closed else Counter()
    decisions = disclose(_tree(segments), k=k)
    wanted = {key for key in decisions if figures_for is None or figures_for(key)}
    # Everyone's figures only (a trend): the round's totals, not every segment's.
    totals_only = wanted == {ROOT}
    values = (
        _value_counts(round, [q.pk for q in ordered], by_segment=not totals_only)
        if segments
        else {}
    )
    # The segments each group is made of: everyone, a department's, or a team's own.
    members: dict[str, list[Segment]] = defaultdict(list)
    for segment in segments:
        members[ROOT].append(segment)
        members[_department_key(segment[0])].append(segment)
        members[_team_key(*segment)].append(segment)
    if teams is None:
        teams = _labels(round)
    groups: list[GroupResult] = []
    for key, decision in decisions.items():
        label, level, team_id = _group_label(key, teams)
        parent = (
            None
            if key == ROOT
            else (ROOT if level == "department" else "d:" + key.split(":", 2)[1])
        )
        figures = []
        parts = [_EVERYONE] if totals_only and key == ROOT else members[key]
        for question in ordered if key in wanted else []:
            counts: Counter[int] = Counter()
            if decision.shown:
                for segment in parts:
                    counts.update(values.get(segment, {}).get(question.pk, {}))
            figures.append(
                _figure_of_counts(
                    question, counts, decision.shown, decision.reason, texts[question.pk]
                )
            )
        groups.append(
            GroupResult(
                key=key,
                label=str(label),
                level=level,
                parent=parent,
                shown=decision.shown,
                reason=decision.reason,
                answered=sum(segments[s] for s in members[key]) if decision.shown else None,
                team_id=team_id,
                figures=figures,
            )
        )
    order = {"organisation": 0, "department": 1, "team": 2}
    groups.sort(key=lambda g: (g.key != ROOT, g.parent or "", order[g.level], g.label.lower()))
    groups = _tree_order(groups)
    shown_comments: list[tuple[str, str]] = []
    if comments and round.closed and decisions.get(ROOT) and decisions[ROOT].shown:
        by_key = {g.key: g for g in groups}
        for comment in PulseComment.objects.filter(round=round):
            team = by_key.get(_team_key(comment.department, comment.team_ref))
            department = by_key.get(_department_key(comment.department))
            where = ""
            if team is not None and team.shown and team.team_id is not None:
                where = team.label
            elif department is not None and department.shown:
                where = department.label
            shown_comments.append((comment.text, where))
        random.SystemRandom().shuffle(shown_comments)
    return RoundResult(round, k, asked, answered, away, groups, shown_comments)


def _tree_order(groups: list[GroupResult]) -> list[GroupResult]:
    """Organisation, then each department followed by its teams."""
    children: dict[str | None, list[GroupResult]] = defaultdict(list)
    for group in groups:
        children[group.parent].append(group)
    ordered: list[GroupResult] = []

    def visit(parent: str | None) -> None:
        for group in sorted(children[parent], key=lambda g: g.label.lower()):
            ordered.append(group)
            visit(group.key)

    visit(None)
    return ordered


def team_figures(result: RoundResult, team_id: int) -> list[Figure]:
    """A team's figures: shown only when every group it makes up in the tree is shown (a
    team spread over departments is the sum of shown groups then, revealing nothing)."""
    parts = [g for g in result.groups if g.team_id == team_id]
    ordered = list(result.organisation.figures)
    if not parts or not all(g.shown for g in parts):
        reason = next((g.reason for g in parts if not g.shown), FEWER_THAN_K) or FEWER_THAN_K
        return [Figure(f.question_id, f.question, f.kind, False, None, reason) for f in ordered]
    if len(parts) == 1:
        return parts[0].figures
    figures = []
    for index, base in enumerate(ordered):
        values: list[int] = []
        for part in parts:
            for value, count in part.figures[index].distribution or []:
                values += [value] * count
        question = PulseQuestion(pk=base.question_id, kind=base.kind, text=base.question)
        figures.append(_figure(question, values, True, ""))
    return figures


def closed_rounds(pulse: Pulse, count: int = TREND_ROUNDS) -> list[PulseRound]:
    """The latest `count` closed rounds, oldest first."""
    rounds = list(PulseRound.objects.filter(pulse=pulse, closed=True).order_by("-day")[:count])
    return rounds[::-1]


@dataclass(frozen=True)
class TrendPoint:
    round: PulseRound
    average: float | None  # None: not asked that round, or hidden
    shown: bool
    asked_question: bool


def pulse_trends(
    *, pulse: Pulse, k: int, count: int = TREND_ROUNDS, team_id: int | None = None
) -> dict[int, list[TrendPoint]]:
    """For each question of the pulse: its average in each of the latest closed rounds
    (the organisation's, or one team's where k allows), oldest first."""
    rounds = closed_rounds(pulse, count)
    trends: dict[int, list[TrendPoint]] = {q.pk: [] for q in pulse.questions.all()}
    teams = dict(scoped(Team, pulse.organisation).values_list("pk", "name")) if rounds else {}

    # Only the figures a trend shows: everyone's, or the groups the team makes up.
    def wanted(key: str) -> bool:
        if key == ROOT:
            return True
        return (
            team_id is not None and key.startswith("t:") and key.rsplit(":", 1)[1] == str(team_id)
        )

    for round in rounds:
        result = pulse_round_results(
            round=round, k=k, comments=False, teams=teams, figures_for=wanted
        )
        figures = (
            team_figures(result, team_id) if team_id is not None else result.organisation.figures
        )
        by_question = {f.question_id: f for f in figures}
        for question_id, points in trends.items():
            figure = by_question.get(question_id)
            points.append(
                TrendPoint(
                    round=round,
                    average=figure.average if figure is not None and figure.shown else None,
                    shown=bool(figure and figure.shown),
                    asked_question=figure is not None,
                )
            )
    return trends


def latest_closed_round(pulse: Pulse) -> PulseRound | None:
    return PulseRound.objects.filter(pulse=pulse, closed=True).order_by("-day").first()


def named_answers(round: PulseRound) -> list[tuple[str, dict[str, int], str]]:
    """A named round's answers by person (name, answers, comment): organisers only."""
    if round.anonymous:
        return []
    invites = (
        PulseInvite.objects.filter(round=round, answered=True)
        .select_related("person")
        .order_by("person__name", "pk")
    )
    return [(i.person.name, i.named_answers or {}, i.named_comment) for i in invites]
