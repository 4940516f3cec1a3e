"""`hallway project list|coverage|plan-one-on-ones`: client projects from the command line,
each answering JSON with `--json`. Bad input exits 2 with every problem and changes nothing.

    hallway project list --org acme --json
    hallway project coverage 3 --org acme --json
    hallway project plan-one-on-ones 3 --org acme --weeks 3 --per-week 2 --dry-run --json
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import input_error, input_invalid, organisation_by_slug
from hallway.accounts.models import Organisation
from hallway.projects.models import Project
from hallway.projects.selectors.coverage import project_coverage
from hallway.projects.selectors.roster import projects_of
from hallway.projects.services.one_on_ones import one_on_ones_plan, reason_text


def _project(organisation: Organisation, number: int) -> Project:
    project = projects_of(organisation).filter(pk=number).first()
    if project is None:
        raise input_error(_("No project %(id)s in this organisation.") % {"id": number})
    return project


def coverage_json(project: Project) -> dict[str, Any]:
    coverage = project_coverage(project=project)
    pairs = []
    for pair in coverage.pairs:
        row: dict[str, Any] = {
            "ours": pair.ours.email,
            "theirs": pair.theirs.email,
            "status": pair.status,
        }
        if pair.at is not None:
            row["at"] = pair.at.isoformat()
        pairs.append(row)
    return {"pairs": pairs, "covered": coverage.covered, "required": coverage.required}


class Command(BaseCommand):
    help = "Client projects: list them, read the 1:1 coverage, plan the missing 1:1s."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="The organisation's projects.")
        listing.add_argument("--org", required=True, help="The organisation's slug.")
        listing.add_argument("--json", action="store_true", help="Answer in JSON.")
        coverage = actions.add_parser("coverage", help="Who of ours has met whom of theirs.")
        coverage.add_argument("id", type=int)
        coverage.add_argument("--org", required=True, help="The organisation's slug.")
        coverage.add_argument("--json", action="store_true", help="Answer in JSON.")
        plan = actions.add_parser("plan-one-on-ones", help="Plan and send the missing 1:1s.")
        plan.add_argument("id", type=int)
        plan.add_argument("--org", required=True, help="The organisation's slug.")
        plan.add_argument(
            "--weeks", type=int, default=None, help="Weeks ahead (default: the project's)."
        )
        plan.add_argument(
            "--per-week", type=int, default=None, help="1:1s per person and week, at most."
        )
        plan.add_argument(
            "--dry-run", action="store_true", help="Say what would be planned; send nothing."
        )
        plan.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        if action == "list":
            result: Any = [
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
            return
        project = _project(organisation, options["id"])
        if action == "coverage":
            result = coverage_json(project)
            self._out(
                result,
                options["json"],
                lambda r: (
                    [f"{p['ours']} × {p['theirs']}: {p['status']}" for p in r["pairs"]]
                    + [_("%(covered)s of %(required)s required 1:1s took place.") % r]
                ),
            )
            return
        try:
            plan = one_on_ones_plan(
                project=project,
                weeks=options["weeks"] or project.coverage_weeks,
                per_week=options["per_week"] or project.one_on_ones_per_week,
                now=timezone.now(),
                dry_run=options["dry_run"],
            )
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        result = {
            "meetings": [
                {"ours": m.ours.email, "theirs": m.theirs.email, "start": m.start.isoformat()}
                for m in plan.meetings
            ],
            "unplannable": [
                {"ours": u.ours.email, "theirs": u.theirs.email, "reason": u.reason}
                for u in plan.unplannable
            ],
        }
        self._out(
            result,
            options["json"],
            lambda r: (
                [f"{m['start']}: {m['ours']} × {m['theirs']}" for m in r["meetings"]]
                + [
                    f"{u['ours']} × {u['theirs']}: {reason_text(u['reason'])}"
                    for u in r["unplannable"]
                ]
            ),
        )

    def _out(self, result: Any, as_json: bool, lines: Any) -> None:
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            for line in lines(result):
                self.stdout.write(line)
