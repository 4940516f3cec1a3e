"""`hallway ritual run-due|standup-create|standup-list|digest`: the rituals from the command
line, each answering JSON with `--json`. Bad input exits 2 with every problem and changes
nothing.

    hallway ritual run-due --org acme            # what the worker runs every five minutes
    hallway ritual standup-create --org acme --name "Platform daily" --team Platform
    hallway ritual digest 3 --org acme --date 2027-03-01 --json
"""

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import (
    input_error,
    input_invalid,
    organisation_by_slug,
)
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Location, Person, Team
from hallway.rituals.models import CircleKind, Occurrence, StandUp
from hallway.rituals.selectors.circles import circle_label
from hallway.rituals.selectors.standups import date_summary, summary_context
from hallway.rituals.services.due import rituals_run_due
from hallway.rituals.services.standups import (
    CADENCES,
    StandUpData,
    cadence_label,
    cadence_rule,
    standup_create,
)


def _date(text: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise input_error(
            _("%(option)s is not a date (YYYY-MM-DD): %(text)s") % {"option": option, "text": text}
        ) from exc


def _time(text: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(text)
    except ValueError as exc:
        raise input_error(
            _("--ask-at is not a time of day (HH:MM): %(text)s") % {"text": text}
        ) from exc


def _circle(organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
    if options.get("team"):
        team = scoped(Team, organisation).filter(name__iexact=options["team"]).first()
        if team is None:
            raise input_error(_("No team called “%(name)s”.") % {"name": options["team"]})
        return {"circle_kind": CircleKind.TEAM, "circle_team": team}
    if options.get("location"):
        location = scoped(Location, organisation).filter(name__iexact=options["location"]).first()
        if location is None:
            raise input_error(_("No location called “%(name)s”.") % {"name": options["location"]})
        return {"circle_kind": CircleKind.LOCATION, "circle_location": location}
    if options.get("department"):
        return {"circle_kind": CircleKind.DEPARTMENT, "circle_department": options["department"]}
    if options.get("people"):
        emails = [e.strip().lower() for e in options["people"].split(",") if e.strip()]
        people = list(scoped(Person, organisation).filter(email__in=emails))
        missing = sorted(set(emails) - {p.email.lower() for p in people})
        if missing:
            raise input_error(
                _("Not in the directory: %(emails)s") % {"emails": ", ".join(missing)}
            )
        return {"circle_kind": CircleKind.PEOPLE, "circle_people": people}
    return {"circle_kind": CircleKind.EVERYONE}


class Command(BaseCommand):
    help = "Run due rituals, create stand-ups and read their digests."
    # Run every few minutes from cron: the system checks (which import every URL, view
    # and API schema) would take longer than a run with nothing to do. `hallway check`
    # and every other command still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser(
            "run-due", help="Ask, remind and send digests whose time has come (idempotent)."
        )
        run.add_argument("--org", required=True, help="The organisation's slug.")
        run.add_argument("--json", action="store_true", help="Answer in JSON.")

        create = actions.add_parser("standup-create", help="Create a stand-up.")
        create.add_argument("--org", required=True, help="The organisation's slug.")
        create.add_argument("--name", required=True)
        circle = create.add_mutually_exclusive_group()
        circle.add_argument("--team", help="A team's name.")
        circle.add_argument("--department")
        circle.add_argument("--location", help="A location's name.")
        circle.add_argument("--people", help="Comma-separated email addresses.")
        create.add_argument("--cadence", default="daily", choices=[c for c, _label in CADENCES])
        create.add_argument("--weekday", default="MO", help="MO … SU (weekly and monthly).")
        create.add_argument("--rule", default="", help="An RRULE instead of --cadence.")
        create.add_argument("--starts", default="", help="The first day (YYYY-MM-DD).")
        create.add_argument("--ask-at", default="09:00", help="Everyone's local time (HH:MM).")
        create.add_argument("--video", action="store_true", help="A video stand-up.")
        create.add_argument("--json", action="store_true", help="Answer in JSON.")

        listing = actions.add_parser("standup-list", help="The organisation's stand-ups.")
        listing.add_argument("--org", required=True, help="The organisation's slug.")
        listing.add_argument("--json", action="store_true", help="Answer in JSON.")

        digest = actions.add_parser("digest", help="One date of a stand-up: its digest.")
        digest.add_argument("id", type=int)
        digest.add_argument("--org", required=True, help="The organisation's slug.")
        digest.add_argument("--date", default="", help="YYYY-MM-DD (default: the latest).")
        digest.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        now = timezone.now()
        if action == "run-due":
            result: Any = rituals_run_due(organisation=organisation, now=now).as_dict()
        elif action == "standup-create":
            result = self._create(organisation, options, now)
        elif action == "standup-list":
            result = [
                {
                    "id": s.pk,
                    "name": s.name,
                    "circle": circle_label(s),
                    "cadence": cadence_label(s.rule),
                    "rule": s.rule,
                    "mode": s.mode,
                    "active": s.active,
                }
                for s in scoped(StandUp, organisation).order_by("name", "id")
            ]
        else:
            result = self._digest(organisation, options["id"], options["date"], now)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        self._print(result)

    def _print(self, result: Any) -> None:
        rows = result if isinstance(result, list) else [result]
        for row in rows:
            for key, value in row.items():
                if isinstance(value, dict):  # a part's counts: "standups: asked 3, away 1"
                    value = ", ".join(f"{name} {count}" for name, count in value.items())
                self.stdout.write(f"{key}: {value}")

    def _create(
        self, organisation: Organisation, options: dict[str, Any], now: datetime.datetime
    ) -> dict[str, Any]:
        starts = (
            _date(options["starts"], "--starts") if options["starts"] else timezone.localdate(now)
        )
        try:
            rule = options["rule"].strip().upper() or cadence_rule(
                options["cadence"], options["weekday"]
            )
            data = StandUpData(
                name=options["name"],
                rule=rule,
                starts_on=starts,
                ask_at=_time(options["ask_at"]),
                mode="video" if options["video"] else "async",
                **_circle(organisation, options),
            )
            standup = standup_create(organisation=organisation, data=data, by=None, now=now)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        return {"id": standup.pk, "name": standup.name, "rule": standup.rule}

    def _digest(
        self, organisation: Organisation, pk: int, day: str, now: datetime.datetime
    ) -> dict[str, Any]:
        standup = scoped(StandUp, organisation).filter(pk=pk).first()
        if standup is None:
            raise input_error(_("No stand-up %(id)s in this organisation.") % {"id": pk})
        dates = Occurrence.objects.filter(standup=standup)
        occurrence = (
            dates.filter(date=_date(day, "--date")).first()
            if day
            else dates.order_by("-date").first()
        )
        if occurrence is None:
            raise input_error(_("The stand-up has no such date yet."))
        summary = date_summary(occurrence=occurrence, now=now)
        return {
            "standup": standup.name,
            "date": occurrence.date.isoformat(),
            **summary_context(summary),
        }
