"""`hallway sequences run-due|list`: outreach's sequences from the command line, each
answering JSON with `--json`. Bad input exits 2 with every problem and changes nothing.

    hallway sequences run-due --org acme      # what the worker runs every five minutes
"""

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from hallway.accounts.command_input import organisation_by_slug
from hallway.outreach.services.due import outreach_run_due


class Command(BaseCommand):
    help = "Outreach sequences: run what is due."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser(
            "run-due",
            help="Send what is due: sequence steps, follow-ups, check-ins (idempotent).",
        )
        run.add_argument("--org", required=True, help="The organisation's slug.")
        run.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        now = timezone.now()
        result: Any = {}
        if action == "run-due":
            result = outreach_run_due(organisation=organisation, now=now).as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
