"""`hallway sequences run-due|list|enroll`: outreach's sequences from the command line,
each answering JSON with `--json`. Bad input exits 2 with every problem and changes nothing.

    hallway sequences run-due --org acme      # what the worker runs every five minutes
    hallway sequences list --org acme --json
    hallway sequences enroll 4 --org acme --contacts 12,13 --json
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import input_error, input_invalid, organisation_by_slug
from hallway.accounts.models import Organisation
from hallway.outreach.models import Sequence
from hallway.outreach.selectors.sequences import exits_of, sequences_of
from hallway.outreach.services.due import outreach_run_due
from hallway.outreach.services.sequences import sequence_enroll


def _contact_ids(text: str) -> list[int]:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(part.isdigit() and len(part) < 19 for part in parts):
        raise input_error(_("--contacts is a comma-separated list of contact ids."))
    return [int(part) for part in parts]


def _listed(organisation: Organisation) -> list[dict[str, Any]]:
    return [
        {
            "id": sequence.pk,
            "name": sequence.name,
            "status": sequence.status,
            "trigger": sequence.trigger,
            "steps": sequence.steps.count(),
            "active": sequence.active,  # type: ignore[attr-defined]
            "done": sequence.done,  # type: ignore[attr-defined]
            "left": sequence.left,  # type: ignore[attr-defined]
            "exits": {row["reason"]: row["count"] for row in exits_of(sequence)},
        }
        for sequence in sequences_of(organisation)
    ]


def _enroll(organisation: Organisation, sequence_id: int, contacts: str) -> dict[str, Any]:
    sequence = Sequence.objects.filter(organisation=organisation, pk=sequence_id).first()
    if sequence is None:
        raise input_error(_("No sequence %(id)s in this organisation.") % {"id": sequence_id})
    wanted = _contact_ids(contacts)
    try:
        entered = sequence_enroll(sequence=sequence, contact_ids=wanted, now=timezone.now())
    except ValidationError as exc:
        raise input_invalid(exc) from exc
    found = {enrollment.contact_id for enrollment in entered}
    return {
        "entered": len(entered),
        "enrollments": [enrollment.pk for enrollment in entered],
        "passed_over": [pk for pk in dict.fromkeys(wanted) if pk not in found],
    }


class Command(BaseCommand):
    help = "Outreach sequences: run what is due, list them, add contacts to one."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser(
            "run-due",
            help="Send what is due: sequence steps, follow-ups, check-ins (idempotent).",
        )
        run.add_argument("--org", required=True, help="The organisation's slug.")
        run.add_argument("--json", action="store_true", help="Answer in JSON.")
        listing = actions.add_parser("list", help="The sequences with who is in them.")
        listing.add_argument("--org", required=True, help="The organisation's slug.")
        listing.add_argument("--json", action="store_true", help="Answer in JSON.")
        enroll = actions.add_parser("enroll", help="Add contacts to a sequence by hand.")
        enroll.add_argument("sequence_id", type=int, help="The sequence's id.")
        enroll.add_argument("--org", required=True, help="The organisation's slug.")
        enroll.add_argument("--contacts", required=True, help="Contact ids: 12,13,14.")
        enroll.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        now = timezone.now()
        result: Any = {}
        if action == "run-due":
            result = outreach_run_due(organisation=organisation, now=now).as_dict()
        elif action == "list":
            result = _listed(organisation)
        elif action == "enroll":
            result = _enroll(organisation, options["sequence_id"], options["contacts"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        if isinstance(result, list):
            for row in result:
                self.stdout.write(
                    f"{row['id']}\t{row['name']}\t{row['status']}\t{row['trigger']}\t"
                    f"active {row['active']}, done {row['done']}, left {row['left']}"
                )
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
