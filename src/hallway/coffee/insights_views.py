"""Insights pages: a program's rounds as charts, each with its numbers as a table and CSV."""

import datetime
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.http import MemberRequest
from hallway.accounts.models import Organisation, Role
from hallway.accounts.tenancy import get_scoped_or_404, role_required
from hallway.coffee.models import Program
from hallway.coffee.selectors.insights import (
    Heatmap,
    ProgramInsights,
    RoundFigures,
    insight_programs,
    program_insights,
)
from hallway.core import charts
from hallway.core.charts import PALETTE, Chart, Series, Table, csv_response
from hallway.core.timezones import organisation_today


class ProgramCharts:
    """Builds each chart of one program on demand, sharing the queries between them."""

    def __init__(
        self, *, organisation: Organisation, program: Program | None, now: datetime.datetime
    ):
        self.organisation = organisation
        self.program = program
        self.now = now
        self.today = organisation_today(organisation, now)

    @cached_property
    def data(self) -> ProgramInsights | None:
        if self.program is None:
            return None
        return program_insights(program=self.program, organisation=self.organisation, now=self.now)

    @property
    def rounds(self) -> list[RoundFigures]:
        return self.data.rounds if self.data else []

    def _round_label(self, figures: RoundFigures) -> str:
        return _("#%(number)d") % {"number": figures.number}

    def _date(self, day: datetime.date) -> datetime.date:
        return day

    def participation(self) -> Chart:
        rounds = self.rounds
        table = Table(
            [_("Round"), _("Date"), _("Paired"), _("Left out"), _("Participants")],
            [
                [r.number, self._date(r.scheduled_for), r.paired, r.left_out, r.participants]
                for r in rounds
            ],
        )
        latest = rounds[-1] if rounds else None
        description = (
            _(
                "%(count)s people took part in the latest round, %(left)s of them could not be paired."
            )
            % {"count": charts.number(latest.participants), "left": charts.number(latest.left_out)}
            if latest
            else _("No rounds yet.")
        )
        return charts.bar_chart(
            slug="participation",
            title=_("Participation per round"),
            description=description,
            labels=[self._round_label(r) for r in rounds],
            series=[
                Series(_("Paired"), [r.paired for r in rounds], PALETTE[0]),
                Series(_("Left out"), [r.left_out for r in rounds], PALETTE[1]),
            ],
            table=table,
            stacked=True,
        )

    def meeting_rate(self) -> Chart:
        rounds = self.rounds
        table = Table(
            [_("Round"), _("Date"), _("Pairings"), _("Answered"), _("Met"), _("Meeting rate (%)")],
            [
                [
                    r.number,
                    self._date(r.scheduled_for),
                    r.pairings,
                    r.answered,
                    r.met,
                    None if r.meeting_rate is None else round(r.meeting_rate * 100, 1),
                ]
                for r in rounds
            ],
        )
        rate = self.data.meeting_rate if self.data else None
        description = (
            _("%(rate)s of the pairings met (someone answered “we met”).")
            % {"rate": charts.percent(rate)}
            if rate is not None
            else _("Nobody has answered yet.")
        )
        return charts.line_chart(
            slug="meeting-rate",
            title=_("Meeting rate"),
            description=description,
            labels=[self._round_label(r) for r in rounds],
            series=[Series(_("Meeting rate"), [r.meeting_rate for r in rounds], PALETTE[2])],
            table=table,
            max_value=1.0,
            value_format=charts.percent,
        )

    def rating(self) -> Chart:
        rounds = self.rounds
        table = Table(
            [_("Round"), _("Date"), _("Ratings"), _("Average rating (1-5)")],
            [
                [
                    r.number,
                    self._date(r.scheduled_for),
                    r.ratings,
                    None if r.average_rating is None else round(r.average_rating, 2),
                ]
                for r in rounds
            ],
        )
        count = self.data.ratings if self.data else 0
        average = self.data.average_rating if self.data else None
        description = (
            ngettext(
                "%(count)s rating, %(average)s on average out of 5.",
                "%(count)s ratings, %(average)s on average out of 5.",
                count,
            )
            % {"count": charts.number(count), "average": charts.number(average, 1)}
            if average is not None
            else _("No ratings yet.")
        )
        return charts.line_chart(
            slug="rating",
            title=_("Average rating"),
            description=description,
            labels=[self._round_label(r) for r in rounds],
            series=[Series(_("Average rating"), [r.average_rating for r in rounds], PALETTE[0])],
            table=table,
            min_value=1.0,
            max_value=5.0,
            value_format=lambda v: charts.number(v, 1),
        )

    def new_connections(self) -> Chart:
        rounds = self.rounds
        table = Table(
            [_("Round"), _("Date"), _("Pairings that met"), _("New connections")],
            [
                [
                    r.number,
                    self._date(r.scheduled_for),
                    r.met,
                    r.new_connections if r.sent else None,
                ]
                for r in rounds
            ],
        )
        total = sum(r.new_connections for r in rounds)
        description = ngettext(
            "%(count)s pair met who had never met before.",
            "%(count)s pairs met who had never met before.",
            total,
        ) % {"count": charts.number(total)}
        return charts.bar_chart(
            slug="new-connections",
            title=_("New connections per round"),
            description=description,
            labels=[self._round_label(r) for r in rounds],
            series=[
                Series(
                    _("New connections"),
                    [r.new_connections if r.sent else None for r in rounds],
                    PALETTE[3],
                )
            ],
            table=table,
        )

    def colleagues(self) -> Chart:
        buckets = self.data.colleagues if self.data else []
        table = Table([_("Colleagues met"), _("People")], [list(b) for b in buckets])
        people = sum(n for _label, n in buckets)
        reached = sum(n for label, n in buckets if label != "0")
        description = _(
            "%(reached)s of %(people)s people have met at least one colleague through the program."
        ) % {"reached": charts.number(reached), "people": charts.number(people)}
        return charts.bar_chart(
            slug="colleagues",
            title=_("Colleagues met per person"),
            description=description,
            labels=[label for label, _n in buckets],
            series=[Series(_("People"), [n for _label, n in buckets], PALETTE[4])],
            table=table,
        )

    def teams(self) -> Chart:
        heat = self.data.heatmap if self.data else None
        names = self._heat_labels(heat) if heat else []
        counts = heat.counts if heat else []
        by_department = bool(heat and heat.by_department)
        rows = [
            [names[i], names[j], counts[i][j]]
            for i in range(len(names))
            for j in range(i, len(names))
            if counts[i][j]
        ]
        kind = _("Department") if by_department else _("Team")
        table = Table([kind, kind, _("Connections")], rows)
        if heat and heat.total:
            text = (
                _("%(across)s of %(total)s connections were made across departments.")
                if by_department
                else _("%(across)s of %(total)s connections were made across teams.")
            )
            description = text % {
                "across": charts.number(heat.across),
                "total": charts.number(heat.total),
            }
        else:
            description = _("No connections yet.")
        return charts.heatmap(
            slug="teams",
            title=_("Connections between departments")
            if by_department
            else _("Connections between teams"),
            description=description,
            rows=names,
            counts=counts,
            table=table,
        )

    @staticmethod
    def _heat_labels(heat: Heatmap) -> list[str]:
        labels = [label or _("No department") for label in heat.labels]
        if heat.others:
            labels[-1] = _("All other departments") if heat.by_department else _("All other teams")
        return labels

    def builders(self) -> dict[str, Callable[[], Chart]]:
        return {
            "participation": self.participation,
            "meeting-rate": self.meeting_rate,
            "rating": self.rating,
            "new-connections": self.new_connections,
            "colleagues": self.colleagues,
            "teams": self.teams,
        }


def _charts(request: MemberRequest, program: Program | None) -> ProgramCharts:
    organisation = request.organisation
    return ProgramCharts(organisation=organisation, program=program, now=timezone.now())


def _page(request: MemberRequest, programs: list[Program], program: Program | None) -> HttpResponse:
    builder = _charts(request, program)
    rounds = builder.rounds
    data = builder.data
    rate = data.meeting_rate if data else None
    average = data.average_rating if data else None
    summary = [
        (_("Rounds"), charts.number(len(rounds))),
        (_("People in the latest round"), charts.number(rounds[-1].participants if rounds else 0)),
        (_("Meeting rate"), charts.percent(rate) if rate is not None else "–"),
        (_("Average rating"), charts.number(average, 1) if average is not None else "–"),
        (_("New connections"), charts.number(sum(r.new_connections for r in rounds))),
    ]
    builders = builder.builders()
    context = {
        "programs": programs,
        "program": program,
        "summary": summary if program else [],
        "charts": [
            replace(
                build(), csv_url=f"{reverse('coffee:insights_csv', args=[program.pk])}?chart={slug}"
            )
            for slug, build in builders.items()
        ]
        if program
        else [],
        "computed_at": builder.data.computed_at if builder.data else None,
        "cached": bool(builder.data and builder.data.cached),
    }
    return render(request, "coffee/insights/page.html", context)


@role_required(Role.ORGANISER)
def insights(request: MemberRequest) -> HttpResponse:
    """The first program's insights (the program picker sends ?program=<id>)."""
    organisation = request.organisation
    chosen = request.GET.get("program")
    if chosen:
        program = get_scoped_or_404(Program, organisation, pk=chosen)
        return redirect("coffee:insights_program", pk=program.pk)
    programs = list(insight_programs(organisation=organisation))
    return _page(request, programs, programs[0] if programs else None)


@role_required(Role.ORGANISER)
def insights_program(request: MemberRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    program = get_scoped_or_404(Program, organisation, pk=pk)
    return _page(request, list(insight_programs(organisation=organisation)), program)


@role_required(Role.ORGANISER)
def insights_csv(request: MemberRequest, pk: int) -> HttpResponse:
    """The numbers behind one chart (?chart=<name>) of a program, as CSV."""
    organisation = request.organisation
    program = get_scoped_or_404(Program, organisation, pk=pk)
    chart = request.GET.get("chart", "participation")
    build = _charts(request, program).builders().get(chart)
    if build is None:
        raise Http404
    return csv_response(build().table, f"{program.slug}-{chart}")
