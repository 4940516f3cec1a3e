"""`hallway placement list|record|end|feedback`: contractor care from the command line,
each answering JSON with `--json`. Bad input exits 2 with every problem and changes nothing.

    hallway placement list --org acme [--status ended]
    hallway placement record --org acme --contractor-email lena@example.com --client-id 4 \\
        --start 2026-10-01 [--end 2027-03-31] [--owner-email anna@acme.test] [--external-id X]
    hallway placement end 12 --org acme --on 2027-02-28
    hallway placement feedback --org acme --client-id 4      # the anonymous report
"""

import datetime
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import input_error, input_invalid, organisation_by_slug
from hallway.accounts.models import Organisation
from hallway.accounts.selectors import member_by_email
from hallway.outreach.models import Placement
from hallway.outreach.selectors.care import client_feedback, placements_of
from hallway.outreach.services.care import placement_end, placement_record
from hallway.relationships.interface import Company, contacts_by_email


def placement_json(placement: Placement) -> dict[str, Any]:
    owner = placement.owner
    next_due = getattr(placement, "next_check_in", None)
    return {
        "id": placement.pk,
        "contractor": {"id": placement.contractor_id, "name": placement.contractor.name},
        "client": {"id": placement.company_id, "name": placement.company.name},
        "owner": owner.email if owner else None,
        "starts_on": placement.starts_on.isoformat(),
        "ends_on": placement.ends_on.isoformat() if placement.ends_on else None,
        "status": placement.status,
        "external_id": placement.external_id,
        "next_check_in": next_due.isoformat() if next_due else None,
    }


def _date(value: str | None, field: str, problems: dict[str, list[str]]) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.setdefault(field, []).append(_("Enter a date as YYYY-MM-DD."))
        return None


def _company(organisation: Organisation, number: int) -> Company:
    found = Company.objects.filter(organisation=organisation, pk=number).first()
    if found is None:
        raise input_error(_("No client with the id %(id)s here.") % {"id": number})
    return found


class Command(BaseCommand):
    help = "Contractor care: placements, their check-ins and the clients' anonymous feedback."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="Placements, soonest start first.")
        listing.add_argument("--status", choices=["active", "ended", "cancelled"])
        record = actions.add_parser("record", help="Record a placement and plan its check-ins.")
        record.add_argument("--contractor-email", required=True)
        record.add_argument("--client-id", type=int, required=True)
        record.add_argument("--start", required=True, help="YYYY-MM-DD")
        record.add_argument("--end", help="YYYY-MM-DD; left out: open-ended.")
        record.add_argument("--owner-email", help="A member; their name signs the check-ins.")
        record.add_argument("--external-id", default="")
        end = actions.add_parser("end", help="End a placement; later check-ins are dropped.")
        end.add_argument("placement_id", type=int)
        end.add_argument("--on", required=True, help="The last day, YYYY-MM-DD.")
        feedback = actions.add_parser("feedback", help="A client's anonymous feedback report.")
        feedback.add_argument("--client-id", type=int, required=True)
        for sub in (listing, record, end, feedback):
            sub.add_argument("--org", required=True, help="The organisation's slug.")
            sub.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        now = timezone.now()
        result: Any
        if action == "list":
            result = [
                placement_json(p)
                for p in placements_of(organisation, status=options.get("status") or None)
            ]
        elif action == "record":
            result = placement_json(self._record(organisation, options, now))
        elif action == "end":
            found = (
                placements_of(organisation, status=None).filter(pk=options["placement_id"]).first()
            )
            if found is None:
                raise input_error(
                    _("No placement with the id %(id)s here.") % {"id": options["placement_id"]}
                )
            problems: dict[str, list[str]] = {}
            day = _date(options["on"], "on", problems)
            if problems or day is None:
                raise input_invalid(ValidationError(problems))
            try:
                placement_end(placement=found, ended_on=day, now=now)
            except ValidationError as exc:
                raise input_invalid(exc) from exc
            result = placement_json(placements_of(organisation, status=None).get(pk=found.pk))
        else:
            company = _company(organisation, options["client_id"])
            result = client_feedback(organisation=organisation, company=company, now=now).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
            return
        self._print(action, result)

    def _record(self, organisation: Organisation, options: dict[str, Any], now: Any) -> Placement:
        problems: dict[str, list[str]] = {}
        email = options["contractor_email"].strip().lower()
        contractor = contacts_by_email(organisation, [email]).get(email)
        if contractor is None:
            problems["contractor_email"] = [_("No contact with this email address here.")]
        company = _company(organisation, options["client_id"])
        starts_on = _date(options["start"], "start", problems)
        ends_on = _date(options.get("end"), "end", problems)
        owner = None
        if options.get("owner_email"):
            owner = member_by_email(organisation, options["owner_email"])
            if owner is None:
                problems["owner_email"] = [_("Nobody with this email is a member here.")]
        if problems or contractor is None or starts_on is None:
            raise input_invalid(ValidationError(problems))
        try:
            placement = placement_record(
                organisation=organisation,
                contractor=contractor,
                company=company,
                starts_on=starts_on,
                ends_on=ends_on,
                owner=owner,
                now=now,
                external_id=options.get("external_id") or "",
            )
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        return placements_of(organisation, status=None).get(pk=placement.pk)

    def _print(self, action: str, result: Any) -> None:
        if action == "feedback":
            self.stdout.write(f"k = {result['k']}")
            for quarter in result["quarters"]:
                figures = (
                    f"average {quarter['average']}"
                    if quarter["shown"]
                    else f"hidden ({quarter['reason']})"
                )
                self.stdout.write(f"{quarter['quarter']}: {quarter['answered']} answers, {figures}")
            return
        for row in result if isinstance(result, list) else [result]:
            self.stdout.write(
                f"{row['id']}\t{row['contractor']['name']}\t{row['client']['name']}\t"
                f"{row['starts_on']}–{row['ends_on'] or ''}\t{row['status']}\t"
                f"next check-in {row['next_check_in'] or '—'}"
            )
