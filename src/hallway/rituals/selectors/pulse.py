"""Reads for the pulse's pages, API and CLI: the list, questions, charts and the export."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.charts import Chart, Series, Table, line_chart, number
from hallway.core.dates import short_date
from hallway.engine.cadence import next_occurrence
from hallway.people.models import Team
from hallway.rituals.models import Pulse, PulseQuestion, PulseRound
from hallway.rituals.models.pulse import SCALES
from hallway.rituals.pulse_questions import question_text
from hallway.rituals.selectors.circles import circle_label
from hallway.rituals.selectors.pulse_results import (
    TREND_ROUNDS,
    closed_rounds,
    pulse_round_results,
    pulse_trends,
)
from hallway.rituals.services.pulse import pulse_recurrence

REASONS = {
    "fewer_than_k": "fewer_than_k",
    "protects_smaller": "protects_smaller",
}


def pulses_of(organisation: Organisation) -> QuerySet[Pulse]:
    return scoped(Pulse, organisation).order_by("name", "id")


@dataclass(frozen=True)
class PulseOverview:
    pulse: Pulse
    circle: str
    next_day: datetime.date | None
    open_round: PulseRound | None
    last_round: PulseRound | None

    @property
    def last_percent(self) -> int | None:
        last = self.last_round
        if last is None or not last.asked_count:
            return None
        return round(100 * (last.answered_count or 0) / last.asked_count)


def pulse_next_day(pulse: Pulse, now: datetime.datetime) -> datetime.date | None:
    """The day of the next round still to open, in the pulse's zone."""
    if not pulse.active:
        return None
    start = max(
        now, datetime.datetime.combine(pulse.starts_on, datetime.time(0), tzinfo=datetime.UTC)
    )
    found = next_occurrence(pulse_recurrence(pulse), start - datetime.timedelta(days=1))
    while found is not None and PulseRound.objects.filter(pulse=pulse, day=found.date()).exists():
        found = next_occurrence(pulse_recurrence(pulse), found)
    return found.date() if found else None


def pulse_overview(*, organisation: Organisation, now: datetime.datetime) -> list[PulseOverview]:
    found = []
    for pulse in pulses_of(organisation).select_related("circle_team", "circle_location"):
        rounds = PulseRound.objects.filter(pulse=pulse)
        found.append(
            PulseOverview(
                pulse=pulse,
                circle=circle_label(pulse),
                next_day=pulse_next_day(pulse, now),
                open_round=rounds.filter(closed=False).order_by("day").first(),
                last_round=rounds.filter(closed=True).order_by("-day").first(),
            )
        )
    return found


@dataclass(frozen=True)
class QuestionRow:
    question: PulseQuestion
    text: str
    bank: bool


def pulse_question_rows(pulse: Pulse) -> list[QuestionRow]:
    return [
        QuestionRow(question, question_text(question), bool(question.key))
        for question in pulse.questions.order_by("position", "id")
    ]


def pulse_charts(*, pulse: Pulse, k: int, team: Team | None = None) -> list[Chart]:
    """One line chart per question: its average in each of the latest closed rounds, for
    everyone or one team, with a gap where it was not asked or is hidden."""
    trends = pulse_trends(
        pulse=pulse, k=k, count=TREND_ROUNDS, team_id=team.pk if team is not None else None
    )
    charts = []
    for question in pulse.questions.order_by("position", "id"):
        points = trends.get(question.pk, [])
        if not any(p.asked_question for p in points):
            continue
        labels = [short_date(p.round.day) for p in points]
        low, high = SCALES.get(question.kind, (1, 5))
        title = question_text(question)
        rows: list[list[object]] = [
            [
                p.round.day,
                p.average if p.shown else None,
                ""
                if p.shown or not p.asked_question
                else _("hidden: fewer than k answers or protecting a smaller group"),
            ]
            for p in points
        ]
        who = team.name if team is not None else _("everyone")
        charts.append(
            line_chart(
                slug=f"question-{question.pk}",
                title=title,
                description=_("Average answer (%(low)d to %(high)d) per round, %(who)s.")
                % {"low": low, "high": high, "who": who},
                labels=labels,
                series=[Series(who, [p.average if p.shown else None for p in points])],
                table=Table([_("Round"), _("Average"), _("Note")], rows),
                min_value=float(low),
                max_value=float(high),
                value_format=lambda value: number(value, 1),
            )
        )
    return charts


def pulse_export_table(*, pulse: Pulse, k: int, count: int = TREND_ROUNDS * 3) -> Table:
    """The aggregated figures of the latest closed rounds (one row per round, group and
    question, hidden groups without numbers): never a row per answer."""
    rows: list[list[object]] = []
    rounds = closed_rounds(pulse, count)
    teams = dict(scoped(Team, pulse.organisation).values_list("pk", "name")) if rounds else {}
    for round in rounds:
        result = pulse_round_results(round=round, k=k, comments=False, teams=teams)
        for group in result.groups:
            for figure in group.figures:
                rows.append(
                    [
                        round.day,
                        round.number,
                        group.label,
                        group.level,
                        figure.question,
                        figure.answered,
                        "yes" if figure.shown else "no",
                        figure.average,
                        figure.enps,
                        figure.reason,
                        round.asked_count if group.level == "organisation" else None,
                        round.answered_count if group.level == "organisation" else None,
                    ]
                )
    return Table(
        [
            "round_day",
            "round",
            "group",
            "level",
            "question",
            "answered",
            "shown",
            "average",
            "enps",
            "reason",
            "asked",
            "responded",
        ],
        rows,
    )


def pulse_results_json(
    *, pulse: Pulse, k: int, round: PulseRound | None, team_id: int | None
) -> dict[str, Any]:
    """The API's and CLI's results: one closed round's figures for everyone or a team."""
    from hallway.rituals.selectors.pulse_results import team_figures

    if round is None:
        return {"round": None, "k": k, "response_rate": None, "results": []}
    result = pulse_round_results(round=round, k=k, comments=False)
    figures = team_figures(result, team_id) if team_id is not None else result.organisation.figures
    return {
        "round": {"id": round.pk, "number": round.number, "day": round.day.isoformat()},
        "k": k,
        "response_rate": {
            "asked": result.asked,
            "answered": result.answered,
            "away": result.away,
        },
        "results": [figure.as_json() for figure in figures],
    }
