"""`hallway project list|create|roster|roster-add|coverage|plan-one-on-ones|health|kickoff|card|
series|series-add|run-due`: client projects from the command line, each answering JSON with
`--json` (the rhythm's in the API's shapes, `hallway.projects.exporting_rhythm`). Bad input
exits 2 with every problem and changes nothing.

    hallway project list --org acme --json
    hallway project create --org acme --name "US shop rollout" --client "Lakeshore" \
        --goal "Launch the US shop by 1 March." --starts 2026-12-01 --lead lea@acme.test
    hallway project roster-add 3 --org acme --side client --email megan@lakeshore.test \
        --role "Head of e-commerce" --key
    hallway project roster 3 --org acme --json
    hallway project coverage 3 --org acme --json
    hallway project plan-one-on-ones 3 --org acme --weeks 3 --per-week 2 --dry-run --json
    hallway project health 3 --org acme --json
    hallway project kickoff 3 --org acme --propose
    hallway project kickoff 3 --org acme --at 2026-12-10T16:00:00+01:00 --minutes 45
    hallway project card 3 --org acme
    hallway project series-add 3 --org acme --name "Weekly with Lakeshore" --kind weekly \
        --weekday TH --starts 2026-12-10 --at 16:00 --minutes 45
    hallway project series 3 --org acme --json
    hallway project run-due --org acme      # what the worker runs every 15 minutes
"""

import datetime
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import input_error, input_invalid, organisation_by_slug
from hallway.accounts.models import Organisation
from hallway.accounts.selectors import member_by_email
from hallway.core.timezones import organisation_today
from hallway.projects.exporting import coverage_json, plan_json
from hallway.projects.lookup import company_by, roster_add_by
from hallway.projects.management.rhythm import add_rhythm_arguments, rhythm_handlers
from hallway.projects.models import Project, ProjectStatus, RosterMember
from hallway.projects.selectors.roster import member_zone, projects_of, roster_of
from hallway.projects.services.due import projects_run_due
from hallway.projects.services.one_on_ones import one_on_ones_plan, reason_text
from hallway.projects.services.projects import ProjectFields, project_create, project_problems
from hallway.projects.services.roster import RoleFields


def _project(organisation: Organisation, number: int) -> Project:
    project = projects_of(organisation).filter(pk=number).first()
    if project is None:
        raise input_error(_("No project %(id)s in this organisation.") % {"id": number})
    return project


def _date(value: str | None, field: str, problems: dict[str, list[str]]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.setdefault(field, []).append(_("Enter a date as YYYY-MM-DD."))
        return None


def _member_json(member: RosterMember, organisation: Organisation) -> dict[str, Any]:
    return {
        "id": member.pk,
        "side": member.side,
        "name": member.name,
        "email": member.email,
        "role": member.role,
        "responsibilities": member.responsibilities,
        "key_counterpart": member.key_counterpart,
        "sub_project": member.sub_project,
        "joined_on": member.joined_on.isoformat(),
        "timezone": member_zone(member, organisation),
    }


def _org_argument(parser: Any, *, with_id: bool) -> None:
    if with_id:
        parser.add_argument("id", type=int)
    parser.add_argument("--org", required=True, help="The organisation's slug.")
    parser.add_argument("--json", action="store_true", help="Answer in JSON.")


class Command(BaseCommand):
    help = (
        "Client projects: list and create them, their rosters, the 1:1 coverage, and plan "
        "the missing 1:1s."
    )
    # Scripted and run often: the system checks (which import every URL, view and API
    # schema) would take longer than the command. `hallway check` still runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        _org_argument(
            actions.add_parser("list", help="The organisation's projects."), with_id=False
        )
        create = actions.add_parser("create", help="Create a project.")
        _org_argument(create, with_id=False)
        create.add_argument("--name", required=True)
        create.add_argument("--client", required=True, help="The client company's name or id.")
        create.add_argument("--goal", default="", help="The common goal, one paragraph.")
        create.add_argument("--starts", required=True, help="The first day, YYYY-MM-DD.")
        create.add_argument("--ends", default=None, help="The last day, YYYY-MM-DD.")
        create.add_argument("--lead", default=None, help="The project lead's email (a member).")
        create.add_argument("--status", default=None, help=", ".join(ProjectStatus.values))
        roster = actions.add_parser("roster", help="Who is on the project, on each side.")
        _org_argument(roster, with_id=True)
        add = actions.add_parser("roster-add", help="Put someone on the project's roster.")
        _org_argument(add, with_id=True)
        add.add_argument("--side", required=True, help="ours, client or partner.")
        add.add_argument(
            "--email", required=True, help="Ours: from the directory; theirs: a contact's."
        )
        add.add_argument("--role", default="")
        add.add_argument("--responsibilities", default="")
        add.add_argument("--key", action="store_true", help="A key counterpart.")
        add.add_argument("--sub-project", default="")
        add.add_argument("--joined", default=None, help="YYYY-MM-DD (default: today).")
        coverage = actions.add_parser("coverage", help="Who of ours has met whom of theirs.")
        _org_argument(coverage, with_id=True)
        plan = actions.add_parser("plan-one-on-ones", help="Plan and send the missing 1:1s.")
        _org_argument(plan, with_id=True)
        plan.add_argument(
            "--weeks", type=int, default=None, help="Weeks ahead (default: the project's)."
        )
        plan.add_argument(
            "--per-week", type=int, default=None, help="1:1s per person and week, at most."
        )
        plan.add_argument(
            "--dry-run", action="store_true", help="Say what would be planned; send nothing."
        )
        add_rhythm_arguments(actions, _org_argument)
        run_due = actions.add_parser(
            "run-due",
            help="Send what is due: agendas, 1:1 follow-ups, series again (idempotent).",
        )
        _org_argument(run_due, with_id=False)

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        if action == "list":
            self._list(organisation, options)
        elif action == "create":
            self._create(organisation, options)
        elif action == "run-due":
            report = projects_run_due(organisation=organisation, now=timezone.now())
            self._out(
                report.as_dict(), options["json"], lambda r: [f"{k}: {v}" for k, v in r.items()]
            )
        else:
            project = _project(organisation, options["id"])
            handlers: dict[str, Callable[[Project, dict[str, Any]], None]] = {
                "roster": self._roster,
                "roster-add": self._roster_add,
                "coverage": self._coverage,
                "plan-one-on-ones": self._plan,
                **rhythm_handlers(self._out),
            }
            handlers[action](project, options)

    def _list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        result = [
            {
                "id": p.pk,
                "name": p.name,
                "client": p.company.name if p.company else "",
                "status": p.status,
            }
            for p in projects_of(organisation)
        ]
        self._out(
            result,
            options["json"],
            lambda r: [f"{p['id']}: {p['name']} ({p['client']}, {p['status']})" for p in r],
        )

    def _create(self, organisation: Organisation, options: dict[str, Any]) -> None:
        problems: dict[str, list[str]] = {}
        company = company_by(organisation, options["client"])
        if company is None:
            problems["client"] = [_("No company of this organisation has this name or id.")]
        lead = None
        if options["lead"]:
            lead = member_by_email(organisation, options["lead"])
            if lead is None:
                problems["lead"] = [_("Nobody with this email is a member here.")]
        values = ProjectFields(
            name=options["name"],
            company=company,
            goal=options["goal"],
            starts_on=_date(options["starts"], "starts_on", problems),
            ends_on=_date(options["ends"], "ends_on", problems),
            status=options["status"],
            lead=lead,
        )
        for field, messages in project_problems(organisation=organisation, values=values).items():
            if field == "company" and "client" in problems:
                continue
            if field == "starts_on" and "starts_on" in problems:
                continue
            problems.setdefault(field, []).extend(messages)
        if problems:
            raise input_invalid(ValidationError(problems))
        try:
            project = project_create(organisation=organisation, values=values, created_by=lead)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        result = {"id": project.pk, "name": project.name}
        self._out(result, options["json"], lambda r: [f"{r['id']}: {r['name']}"])

    def _roster(self, project: Project, options: dict[str, Any]) -> None:
        result = [_member_json(m, project.organisation) for m in roster_of(project)]
        self._out(
            result,
            options["json"],
            lambda r: [
                f"{m['id']}: {m['name']} <{m['email']}> ({m['side']}"
                + (f", {m['role']}" if m["role"] else "")
                + (", key" if m["key_counterpart"] else "")
                + ")"
                for m in r
            ],
        )

    def _roster_add(self, project: Project, options: dict[str, Any]) -> None:
        problems: dict[str, list[str]] = {}
        joined = _date(options["joined"], "joined_on", problems)
        try:
            if problems:
                raise ValidationError(problems)
            member = roster_add_by(
                project=project,
                side=options["side"],
                email=options["email"],
                values=RoleFields(
                    role=options["role"],
                    responsibilities=options["responsibilities"],
                    key_counterpart=options["key"],
                    sub_project=options["sub_project"],
                ),
                joined_on=joined or organisation_today(project.organisation, timezone.now()),
            )
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        result = _member_json(member, project.organisation)
        self._out(result, options["json"], lambda r: [f"{r['id']}: {r['name']} ({r['side']})"])

    def _coverage(self, project: Project, options: dict[str, Any]) -> None:
        self._out(
            coverage_json(project),
            options["json"],
            lambda r: (
                [f"{p['ours']} × {p['theirs']}: {p['status']}" for p in r["pairs"]]
                + [_("%(covered)s of %(required)s required 1:1s took place.") % r]
            ),
        )

    def _plan(self, project: Project, options: dict[str, Any]) -> None:
        weeks = project.coverage_weeks if options["weeks"] is None else options["weeks"]
        per_week = (
            project.one_on_ones_per_week if options["per_week"] is None else options["per_week"]
        )
        # Both at once: the service stops at the first.
        problems = {}
        if not 1 <= weeks <= 26:
            problems["weeks"] = [_("Plan from 1 to 26 weeks ahead.")]
        if not 1 <= per_week <= 10:
            problems["per_week"] = [_("Choose from 1 to 10 1:1s per person and week.")]
        try:
            if problems:
                raise ValidationError(problems)
            plan = one_on_ones_plan(
                project=project,
                weeks=weeks,
                per_week=per_week,
                now=timezone.now(),
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        self._out(
            plan_json(plan),
            options["json"],
            lambda r: (
                [f"{m['start']}: {m['ours']} × {m['theirs']}" for m in r["meetings"]]
                + [
                    f"{u['ours']} × {u['theirs']}: {reason_text(u['reason'])}"
                    for u in r["unplannable"]
                ]
            ),
        )

    def _out(self, result: Any, as_json: bool, lines: Callable[[Any], list[str]]) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            for line in lines(result):
                self.stdout.write(line)
