"""`hallway gathering create|invite|suggest-times|plan-rounds|repeat|series-create`:
gatherings and recurring series from the command line, each answering JSON with `--json`. Bad input exits 2 with every problem (by row for an
attendee list) and changes nothing."""

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import (
    file_content,
    input_error,
    input_invalid,
    organisation_by_slug,
)
from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.gatherings.models import Gathering, GuestRole
from hallway.gatherings.services.breakouts import breakouts_plan
from hallway.gatherings.services.gatherings import gathering_create
from hallway.gatherings.services.guests import (
    attendee_source,
    guests_invite,
    invitees_by_email,
    invitees_from_file,
)
from hallway.gatherings.services.series import gathering_repeat, series_create
from hallway.gatherings.services.times import gathering_suggest_times
from hallway.people.importing.results import ImportRejected
from hallway.people.models import Location, Team


def _moment(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as exc:
        raise input_error(
            _("--starts is not a date and time in ISO 8601 (2026-12-18T17:00+01:00): %(text)s")
            % {"text": text}
        ) from exc
    if moment.tzinfo is None:
        raise input_error(_("--starts needs its time zone offset, for example +01:00."))
    return moment


class Command(BaseCommand):
    help = "Create gatherings, invite guests, suggest times and plan breakout rounds."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a gathering.")
        create.add_argument("--org", required=True, help="The organisation's slug.")
        create.add_argument("--title", required=True)
        create.add_argument("--host", required=True, action="append", help="A host's email.")
        create.add_argument("--starts", required=True, help="ISO 8601 with an offset.")
        create.add_argument("--minutes", required=True, type=int)
        create.add_argument("--capacity", type=int, default=10)
        create.add_argument("--topic", default="")
        create.add_argument("--kind", default="cocktail")
        create.add_argument("--text", default="", help="The invitation text.")
        invite = actions.add_parser("invite", help="Invite guests (emails or an attendee list).")
        invite.add_argument("id", type=int)
        invite.add_argument("--org", required=True, help="The organisation's slug.")
        source = invite.add_mutually_exclusive_group(required=True)
        source.add_argument("--csv", help="An attendee list (CSV or XLSX).")
        source.add_argument("--emails", help="Comma-separated addresses.")
        invite.add_argument("--guest", help="The senior guest or speaker's email.")
        invite.add_argument(
            "--guest-text", help="What the senior guest reads instead of the invitation text."
        )
        suggest = actions.add_parser("suggest-times", help="Start times inside working hours.")
        suggest.add_argument("id", type=int)
        suggest.add_argument("--org", required=True, help="The organisation's slug.")
        plan = actions.add_parser("plan-rounds", help="Plan breakout rounds.")
        plan.add_argument("id", type=int)
        plan.add_argument("--org", required=True, help="The organisation's slug.")
        plan.add_argument("--rounds", required=True, type=int)
        plan.add_argument("--size", required=True, type=int)
        for sub in (create, invite, suggest, plan):
            sub.add_argument("--json", action="store_true", help="Answer in JSON.")
        repeat = actions.add_parser("repeat", help="Run a gathering again with its guests.")
        repeat.add_argument("id", type=int)
        repeat.add_argument("--org", required=True, help="The organisation's slug.")
        repeat.add_argument("--starts", required=True, help="ISO 8601 with an offset.")
        repeat.add_argument("--json", action="store_true", help="Answer in JSON.")
        series = actions.add_parser("series-create", help="Create a recurring gathering.")
        series.add_argument("--org", required=True, help="The organisation's slug.")
        series.add_argument("--title", required=True)
        series.add_argument(
            "--cadence", required=True, help="An RRULE on offer, e.g. FREQ=WEEKLY;BYDAY=FR."
        )
        audience = series.add_mutually_exclusive_group(required=True)
        audience.add_argument("--team", help="A team's name.")
        audience.add_argument("--department", help="A department's name.")
        audience.add_argument("--location", help="A location's name.")
        series.add_argument("--host", required=True, action="append", help="A host's email.")
        series.add_argument("--first-on", required=True, help="YYYY-MM-DD.")
        series.add_argument("--hour", required=True, type=int)
        series.add_argument("--minutes", required=True, type=int)
        series.add_argument("--capacity", type=int)
        series.add_argument("--kind", default="happy_hour")
        series.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        handler = {
            "create": self._create,
            "invite": self._invite,
            "suggest-times": self._suggest,
            "plan-rounds": self._plan,
            "repeat": self._repeat,
            "series-create": self._series_create,
        }[action]
        try:
            result = handler(organisation, options)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")

    def _gathering(self, organisation: Organisation, pk: int) -> Gathering:
        gathering = scoped(Gathering, organisation).filter(pk=pk).first()
        if gathering is None:
            raise input_error(_("No gathering %(id)s in this organisation.") % {"id": pk})
        return gathering

    def _hosts(self, organisation: Organisation, options: dict[str, Any]) -> list[User]:
        emails = [email.strip().lower() for email in options["host"]]
        hosts = list(
            User.objects.filter(email__in=emails, memberships__organisation=organisation).distinct()
        )
        missing = sorted(set(emails) - {host.email.lower() for host in hosts})
        if missing:
            raise input_error(
                _("Not members of this organisation: %(emails)s") % {"emails": ", ".join(missing)}
            )
        return hosts

    def _create(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        hosts = self._hosts(organisation, options)
        gathering = gathering_create(
            organisation=organisation,
            title=options["title"],
            hosts=hosts,
            starts_at=_moment(options["starts"]),
            minutes=options["minutes"],
            capacity=options["capacity"],
            kind=options["kind"],
            topic=options["topic"],
            invitation_text=options["text"],
            by=None,
        )
        return {"id": gathering.pk, "video_url": gathering.video_url}

    def _invite(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        gathering = self._gathering(organisation, options["id"])
        if options["csv"]:
            content = file_content(options["csv"])
            try:
                invitees, created = invitees_from_file(
                    gathering=gathering,
                    filename=Path(options["csv"]).name,
                    content=content,
                    actor=None,
                )
            except ImportRejected as rejected:
                lines = [
                    f"{problem.location}: {problem.message}"
                    for problem in rejected.preview.problems
                ]
                raise input_error("\n".join(lines)) from rejected
        else:
            invitees, created = invitees_by_email(
                gathering=gathering,
                emails=options["emails"].split(","),
                source=attendee_source(gathering),
            )
        result = guests_invite(
            gathering=gathering, invitees=invitees, by=None, created_contacts=created
        )
        totals = result.as_dict()
        if options["guest"]:
            seniors, senior_created = invitees_by_email(
                gathering=gathering, emails=[options["guest"]], source=attendee_source(gathering)
            )
            senior = guests_invite(
                gathering=gathering,
                invitees=seniors,
                by=None,
                role=GuestRole.SENIOR,
                senior_text=options["guest_text"],
            )
            totals["invited"] += senior.invited
            totals["created_contacts"] += senior_created
        return totals

    def _suggest(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        gathering = self._gathering(organisation, options["id"])
        suggestions = gathering_suggest_times(gathering=gathering, now=timezone.now())
        return {
            "suggestions": [
                {
                    "start": suggestion.start.isoformat(),
                    "inside_hours": suggestion.inside_hours,
                    "outside_hours": list(suggestion.outside_hours),
                }
                for suggestion in suggestions
            ]
        }

    def _plan(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        gathering = self._gathering(organisation, options["id"])
        plan = breakouts_plan(gathering=gathering, rounds=options["rounds"], size=options["size"])
        return {
            "rounds": [
                [[guest.email for guest in room] for room in rooms] for rooms in plan.rounds
            ],
            "repeat_free": plan.repeat_free,
        }

    def _repeat(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        gathering = self._gathering(organisation, options["id"])
        repeat = gathering_repeat(
            gathering=gathering, starts_at=_moment(options["starts"]), by=None
        )
        return {"id": repeat.pk, "video_url": repeat.video_url}

    def _series_create(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        hosts = self._hosts(organisation, options)
        try:
            first_on = datetime.date.fromisoformat(options["first_on"])
        except ValueError as exc:
            raise input_error(
                _("--first-on is not a date (YYYY-MM-DD): %(text)s") % {"text": options["first_on"]}
            ) from exc
        team = location = None
        if options["team"]:
            team = scoped(Team, organisation).filter(name=options["team"].strip()).first()
            if team is None:
                raise input_error(
                    _("No team %(name)s in this organisation.") % {"name": options["team"]}
                )
        if options["location"]:
            location = (
                scoped(Location, organisation).filter(name=options["location"].strip()).first()
            )
            if location is None:
                raise input_error(
                    _("No location %(name)s in this organisation.") % {"name": options["location"]}
                )
        extra = {} if options["capacity"] is None else {"capacity": options["capacity"]}
        series = series_create(
            organisation=organisation,
            title=options["title"],
            hosts=hosts,
            cadence=options["cadence"],
            first_on=first_on,
            team=team,
            department=options["department"] or "",
            location=location,
            hour=options["hour"],
            minutes=options["minutes"],
            kind=options["kind"],
            by=None,
            **extra,
        )
        return {"id": series.pk}
