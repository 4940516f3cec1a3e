"""`hallway pulse create|show|results|export --org SLUG [--json]`: pulses from the command
line. Results and the export carry aggregated figures only, hidden where k requires; the
rounds themselves run from `hallway ritual run-due` and the worker. Bad input exits 2 with
every problem and changes nothing."""

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hallway.accounts.command_input import (
    input_error,
    input_invalid,
    organisation_by_slug,
)
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.csv_files import csv_bytes
from hallway.people.models import Location, Team
from hallway.rituals.models import Cadence, CircleKind, Pulse, PulseRound
from hallway.rituals.selectors.pulse import pulse_export_table, pulse_results_json
from hallway.rituals.selectors.pulse_results import latest_closed_round
from hallway.rituals.selectors.settings import ritual_settings_of
from hallway.rituals.services.pulse import pulse_rule, pulse_save


def _describe(pulse: Pulse) -> dict[str, Any]:
    return {
        "id": pulse.pk,
        "name": pulse.name,
        "anonymous": pulse.anonymous,
        "cadence": pulse.cadence,
        "rule": pulse_rule(pulse),
        "ask_at": pulse.ask_at.strftime("%H:%M"),
        "timezone": pulse.timezone,
        "starts_on": pulse.starts_on.isoformat(),
        "open_days": pulse.open_days,
        "questions_per_round": pulse.questions_per_round,
        "circle_kind": pulse.circle_kind,
        "active": pulse.active,
        "rounds": PulseRound.objects.filter(pulse=pulse).count(),
    }


class Command(BaseCommand):
    help = "Create pulses, show them, and read their (aggregated) results."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a pulse with the default questions.")
        create.add_argument("--name", required=True)
        create.add_argument("--cadence", choices=Cadence.values, default=Cadence.WEEKLY)
        create.add_argument("--weekday", type=int, default=2, help="1 (Monday) to 5 (Friday).")
        create.add_argument("--at", default="10:00", help="HH:MM in each person's zone.")
        create.add_argument("--starts", required=True, help="YYYY-MM-DD.")
        create.add_argument("--open-days", type=int, default=3)
        create.add_argument("--named", action="store_true", help="Not anonymous.")
        audience = create.add_mutually_exclusive_group()
        audience.add_argument("--team", help="A team's name.")
        audience.add_argument("--department", help="A department's name.")
        audience.add_argument("--location", help="A location's name.")
        show = actions.add_parser("show", help="A pulse, or all of them.")
        show.add_argument("id", type=int, nargs="?")
        results = actions.add_parser("results", help="A closed round's figures.")
        results.add_argument("id", type=int)
        results.add_argument("--team", help="A team's name.")
        results.add_argument("--round", type=int, help="A closed round's id (else the latest).")
        export = actions.add_parser("export", help="Aggregated figures as CSV.")
        export.add_argument("id", type=int)
        for sub in (create, show, results, export):
            sub.add_argument("--org", required=True, help="The organisation's slug.")
            sub.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        if action == "export":
            pulse = self._pulse(organisation, options["id"])
            k = ritual_settings_of(organisation).anonymity_threshold
            table = pulse_export_table(pulse=pulse, k=k)
            self.stdout.write(csv_bytes([table.headers, *table.rows]).decode("utf-8"), ending="")
            return
        handler = {"create": self._create, "show": self._show, "results": self._results}[action]
        try:
            result = handler(organisation, options)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if action == "results":
            self._print_results(result)
            return
        for item in result if isinstance(result, list) else [result]:
            for key, value in item.items():
                self.stdout.write(f"{key}: {value}")
            self.stdout.write("")

    def _pulse(self, organisation: Organisation, pk: int) -> Pulse:
        pulse = scoped(Pulse, organisation).filter(pk=pk).first()
        if pulse is None:
            raise input_error(_("No pulse %(id)s in this organisation.") % {"id": pk})
        return pulse

    def _team(self, organisation: Organisation, name: str) -> Team:
        team = scoped(Team, organisation).filter(name=name).first()
        if team is None:
            raise input_error(_("No team called “%(name)s”.") % {"name": name})
        return team

    def _create(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        try:
            starts = datetime.date.fromisoformat(options["starts"])
            at = datetime.time.fromisoformat(options["at"])
        except ValueError as exc:
            raise input_error(_("--starts is YYYY-MM-DD and --at is HH:MM.")) from exc
        pulse = Pulse(
            organisation=organisation,
            name=options["name"],
            anonymous=not options["named"],
            cadence=options["cadence"],
            weekday=options["weekday"],
            ask_at=at,
            starts_on=starts,
            open_days=options["open_days"],
            timezone=organisation.timezone,
            circle_kind=CircleKind.EVERYONE,
        )
        if options.get("team"):
            pulse.circle_kind = CircleKind.TEAM
            pulse.circle_team = self._team(organisation, options["team"])
        elif options.get("department"):
            pulse.circle_kind, pulse.circle_department = (
                CircleKind.DEPARTMENT,
                options["department"],
            )
        elif options.get("location"):
            location = scoped(Location, organisation).filter(name=options["location"]).first()
            if location is None:
                raise input_error(
                    _("No location called “%(name)s”.") % {"name": options["location"]}
                )
            pulse.circle_kind, pulse.circle_location = CircleKind.LOCATION, location
        return _describe(pulse_save(pulse=pulse))

    def _show(self, organisation: Organisation, options: dict[str, Any]) -> Any:
        if options.get("id") is not None:
            return _describe(self._pulse(organisation, options["id"]))
        return [_describe(pulse) for pulse in scoped(Pulse, organisation).order_by("name", "id")]

    def _results(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        pulse = self._pulse(organisation, options["id"])
        team_id = self._team(organisation, options["team"]).pk if options.get("team") else None
        if options.get("round"):
            round = PulseRound.objects.filter(pulse=pulse, closed=True, pk=options["round"]).first()
            if round is None:
                raise input_error(
                    _("No closed round %(id)s in this pulse.") % {"id": options["round"]}
                )
        else:
            round = latest_closed_round(pulse)
        k = ritual_settings_of(organisation).anonymity_threshold
        return pulse_results_json(pulse=pulse, k=k, round=round, team_id=team_id)

    def _print_results(self, result: dict[str, Any]) -> None:
        if result["round"] is None:
            self.stdout.write(_("No round has closed yet."))
            return
        rate = result["response_rate"]
        self.stdout.write(
            f"{result['round']['day']}: {rate['answered']}/{rate['asked']} "
            + _("answered, %(away)d away") % {"away": rate["away"]}
        )
        for item in result["results"]:
            if item["shown"]:
                figure = f"{item['average']:.1f} ({item['answered']})"
            elif item["reason"] == "protects_smaller":
                figure = _("hidden to protect a smaller group")
            else:
                figure = _("hidden: fewer than %(k)d answers") % {"k": result["k"]}
            self.stdout.write(f"  {item['question']}: {figure}")
