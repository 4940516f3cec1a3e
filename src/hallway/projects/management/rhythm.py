"""`hallway project health|kickoff|card|series|series-add`: a project's rhythm from the command
line, in the shapes of the API (`hallway.projects.exporting_rhythm`). Bad input exits 2 with
every problem and writes nothing; only `kickoff --at` and `series-add` send invitations."""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import input_invalid
from hallway.projects.card_links import card_url
from hallway.projects.exporting_rhythm import (
    health_json,
    kickoff_json,
    kickoff_state_json,
    series_json,
)
from hallway.projects.lookup import roster_by_email, series_rule_given
from hallway.projects.models import Project
from hallway.projects.selectors.card import project_card, who_is_who
from hallway.projects.selectors.roster import roster_of
from hallway.projects.selectors.series import series_row, series_rows
from hallway.projects.services.kickoff import (
    MINUTES_MAX,
    MINUTES_MIN,
    kickoff_problems,
    kickoff_schedule,
)
from hallway.projects.services.series import SeriesFields, series_create, series_problems

Problems = dict[str, list[str]]
Out = Callable[[Any, bool, Callable[[Any], list[str]]], None]
Handler = Callable[[Project, dict[str, Any]], None]


def add_rhythm_arguments(actions: Any, org_argument: Callable[..., None]) -> None:
    org_argument(
        actions.add_parser("health", help="Coverage, cadence, sponsor, blockers, attention."),
        with_id=True,
    )
    kickoff = actions.add_parser("kickoff", help="Propose, or schedule and send, the kickoff.")
    org_argument(kickoff, with_id=True)
    kickoff.add_argument(
        "--propose", action="store_true", help="The best times and who pays (the default)."
    )
    kickoff.add_argument("--at", default=None, help="Schedule: ISO 8601 with its offset.")
    kickoff.add_argument("--minutes", type=int, default=None, help="Default: the project's.")
    kickoff.add_argument("--agenda", default=None, help="One item a line (default: the usual).")
    org_argument(actions.add_parser("card", help="The card's link for the client."), with_id=True)
    org_argument(actions.add_parser("series", help="The project's meeting series."), with_id=True)
    add = actions.add_parser("series-add", help="Create a series and send the invitations.")
    org_argument(add, with_id=True)
    add.add_argument("--name", required=True)
    add.add_argument("--kind", required=True, help="daily, weekly, monthly or check_in.")
    add.add_argument("--preset", default=None, help="workdays, weekly, biweekly or monthly.")
    add.add_argument("--weekday", default=None, help="MO … SU (default: the first day's).")
    add.add_argument(
        "--rule", default=None, help="An RRULE of your own (instead of --preset and --weekday)."
    )
    add.add_argument("--starts", required=True, help="The first day, YYYY-MM-DD.")
    add.add_argument("--at", required=True, help="HH:MM in the series' zone.")
    add.add_argument("--minutes", type=int, default=30)
    add.add_argument("--circle", default="roster", help="roster, ours, sub_project or chosen.")
    add.add_argument("--sub-project", default="")
    add.add_argument("--members", default="", help="Roster members' emails, comma-separated.")
    add.add_argument("--timezone", default="", help="Default: the project's.")
    add.add_argument(
        "--with-checkins", action="store_true", help="Async check-ins in between (our side)."
    )


def _moment(value: str, problems: Problems) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        problems["at"] = [_("Enter a date and time as ISO 8601, e.g. 2026-12-10T16:00+01:00.")]
        return None


def _pays_text(pays: list[dict[str, Any]]) -> str:
    if not pays:
        return _("suits everyone")
    return "; ".join(f"{p['name']} {p['local_start'][11:16]} ({_price(p)})" for p in pays)


def _price(pays: dict[str, Any]) -> str:
    if pays["day_off"]:
        return _("a day off")
    if pays["early"]:
        return _("%(minutes)s min early") % pays
    return _("%(minutes)s min late") % pays


def rhythm_handlers(out: Out) -> dict[str, Handler]:
    """The subcommands' handlers, writing through the command's `out`."""

    def health(project: Project, options: dict[str, Any]) -> None:
        out(
            health_json(project, timezone.now()),
            options["json"],
            lambda r: [
                _("%(covered)s of %(required)s required 1:1s took place.") % r["coverage"],
                f"planned {r['coverage']['planned']}, overdue {r['coverage']['overdue']}",
                f"cadence {r['cadence']['held']}/{r['cadence']['planned']}",
                f"sponsor {r['sponsor']}",
                f"open blockers {r['open_blockers']}",
                f"attention {r['attention_score']}",
            ],
        )

    def kickoff(project: Project, options: dict[str, Any]) -> None:
        problems: Problems = {}
        minutes = options["minutes"]
        if options["at"] is None:
            if minutes is not None and not MINUTES_MIN <= minutes <= MINUTES_MAX:
                problems["minutes"] = [
                    _("Choose a length from %(low)d to %(high)d minutes.")
                    % {"low": MINUTES_MIN, "high": MINUTES_MAX}
                ]
            if problems:
                raise input_invalid(ValidationError(problems))
            out(
                kickoff_json(project, timezone.now(), minutes),
                options["json"],
                lambda r: [f"{o['start']}: {_pays_text(o['pays'])}" for o in r["proposal"]],
            )
            return
        if options["propose"]:
            problems["propose"] = [_("Give either --propose or --at.")]
        start = _moment(options["at"], problems)
        minutes = project.kickoff_minutes if minutes is None else minutes
        agenda = project.kickoff_agenda if options["agenda"] is None else options["agenda"]
        found = kickoff_problems(start=start, minutes=minutes, agenda=agenda, now=timezone.now())
        if "at" not in problems and "start" in found:
            problems["at"] = found.pop("start")
        found.pop("start", None)
        problems.update(found)
        if problems or start is None:
            raise input_invalid(ValidationError(problems))
        kickoff_schedule(
            project=project, start=start, minutes=minutes, agenda=agenda, now=timezone.now()
        )
        out(
            kickoff_state_json(project, roster_of(project)),
            options["json"],
            lambda r: [f"{r['kickoff_at']} ({r['minutes']} min): {_pays_text(r['pays'])}"],
        )

    def card(project: Project, options: dict[str, Any]) -> None:
        result = {
            "url": card_url(project),
            "people": who_is_who(project_card(project=project, now=timezone.now())),
        }
        out(result, options["json"], lambda r: [r["url"]])

    def series(project: Project, options: dict[str, Any]) -> None:
        out(
            [series_json(row) for row in series_rows(project=project, now=timezone.now())],
            options["json"],
            lambda r: [
                f"{s['id']}: {s['name']} ({s['cadence']}, {s['at']}, {s['minutes']} min"
                + (f", ended {s['ended_on']}" if s["ended_on"] else "")
                + ")"
                for s in r
            ],
        )

    def series_add(project: Project, options: dict[str, Any]) -> None:
        now = timezone.now()
        values, problems = _series_values(project, options)
        for field, messages in series_problems(project=project, values=values).items():
            problems.setdefault(field, messages)
        if problems:
            raise input_invalid(ValidationError(problems))
        try:
            created = series_create(project=project, values=values, by=None, now=now)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        out(
            series_json(series_row(created, now)),
            options["json"],
            lambda r: [f"{r['id']}: {r['name']} ({r['cadence']}, {r['at']})"],
        )

    return {
        "health": health,
        "kickoff": kickoff,
        "card": card,
        "series": series,
        "series-add": series_add,
    }


def _series_values(project: Project, options: dict[str, Any]) -> tuple[SeriesFields, Problems]:
    problems: Problems = {}
    starts_on = None
    try:
        starts_on = datetime.date.fromisoformat(options["starts"])
    except ValueError:
        problems["starts_on"] = [_("Enter a date as YYYY-MM-DD.")]
    at = datetime.time(9, 0)
    try:
        at = datetime.time.fromisoformat(options["at"])
    except ValueError:
        problems["at"] = [_("Enter a time as HH:MM.")]
    emails = [e.strip() for e in options["members"].split(",") if e.strip()]
    members, missing = roster_by_email(project, emails)
    problems.update(missing)
    rule, cadence = series_rule_given(
        kind=options["kind"],
        preset=options["preset"],
        weekday=options["weekday"],
        nth=None,
        rule=options["rule"],
        starts_on=starts_on,
    )
    problems.update(cadence)
    values = SeriesFields(
        name=options["name"],
        kind=options["kind"],
        rule=rule,
        starts_on=starts_on or timezone.localdate(),
        at=at,
        minutes=options["minutes"],
        circle=options["circle"],
        sub_project=options["sub_project"],
        members=members,
        timezone=options["timezone"],
        with_checkins=options["with_checkins"],
    )
    return values, problems
