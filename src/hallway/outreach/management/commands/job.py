"""`hallway job list|candidates|add-candidate|stage|freeze|freeze-client`: jobs (orders of relationships)
and their candidates from the command line, each answering JSON with `--json`. Bad input
exits 2 with every problem and changes nothing.

    hallway job list --org acme --json
    hallway job candidates 12 --org acme --json
    hallway job add-candidate 12 --org acme --contact 40 --stage applied --recruiter anna@acme.test
    hallway job stage 7 --org acme --stage interview --notify
    hallway job freeze 12 --org acme --until 2027-01-11 --stages applied,screening --json
    hallway job freeze-client 4 --org acme --until 2027-01-11 --stages applied --json
        → {"notified": 7, "follow_up_on": "2027-01-11"}
"""

import datetime
import json
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
from hallway.accounts.selectors import member_by_email
from hallway.outreach.job_exporting import candidacy_json, job_json
from hallway.outreach.models import Candidacy, Stage
from hallway.outreach.selectors.jobs import candidacies_of, job_rows
from hallway.outreach.services.candidates import candidacy_add, candidacy_stage_set
from hallway.outreach.services.freezes import freeze_announce, freeze_audience, freeze_scope
from hallway.relationships.interface import Company, Contact, Order


def _order(organisation: Organisation, number: int) -> Order:
    order = (
        Order.objects.filter(organisation=organisation, pk=number).select_related("company").first()
    )
    if order is None:
        raise input_error(_("No job %(id)s in this organisation.") % {"id": number})
    return order


def _recruiter(organisation: Organisation, email: str | None) -> User | None:
    if not email:
        return None
    member = member_by_email(organisation, email)
    if member is None:
        raise input_error(
            _("Nobody with this email is a member here: %(email)s") % {"email": email}
        )
    return member


class Command(BaseCommand):
    help = "Jobs and their candidates: list, add, move on, freeze hiring."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)

        def action(name: str, help_text: str, *, with_id: str = "") -> Any:
            sub = actions.add_parser(name, help=help_text)
            if with_id:
                sub.add_argument("id", type=int, metavar=with_id)
            sub.add_argument("--org", required=True, help="The organisation's slug.")
            sub.add_argument("--json", action="store_true", help="Answer in JSON.")
            return sub

        action("list", "Open jobs with their candidates per stage.")
        action("candidates", "A job's candidates.", with_id="ORDER_ID")
        add = action("add-candidate", "Put a contact on a job.", with_id="ORDER_ID")
        add.add_argument("--contact", type=int, required=True, help="The contact's id.")
        add.add_argument("--stage", default=Stage.APPLIED, help="applied (default), screening, …")
        add.add_argument("--recruiter", help="The recruiter's email (a member).")
        stage = action("stage", "Move a candidate to another stage.", with_id="CANDIDACY_ID")
        stage.add_argument("--stage", required=True)
        stage.add_argument(
            "--notify", action="store_true", help="Tell the candidate, in their language."
        )
        freeze = action(
            "freeze", "Tell a job's candidates that hiring is paused.", with_id="ORDER_ID"
        )
        client = action(
            "freeze-client",
            "Tell the candidates of all a client's live jobs that hiring is paused.",
            with_id="COMPANY_ID",
        )
        for sub in (freeze, client):
            sub.add_argument("--until", required=True, help="The resume date, YYYY-MM-DD.")
            sub.add_argument(
                "--stages",
                required=True,
                help="Comma-separated: applied,screening,interview,offer.",
            )
            sub.add_argument(
                "--message-file", help="Your own message (UTF-8) instead of the built-in text."
            )

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        now = timezone.now()
        handler = getattr(self, "_" + action.replace("-", "_"))
        try:
            result = handler(organisation, now, options)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        elif isinstance(result, list):
            for row in result:
                self.stdout.write(" · ".join(str(value) for value in row.values()))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")

    def _list(
        self, organisation: Organisation, now: datetime.datetime, options: dict[str, Any]
    ) -> Any:
        return [job_json(row) for row in job_rows(organisation)]

    def _candidates(
        self, organisation: Organisation, now: datetime.datetime, options: dict[str, Any]
    ) -> Any:
        return [candidacy_json(c) for c in candidacies_of(_order(organisation, options["id"]))]

    def _add_candidate(
        self, organisation: Organisation, now: datetime.datetime, options: dict[str, Any]
    ) -> Any:
        order = _order(organisation, options["id"])
        contact = Contact.objects.filter(organisation=organisation, pk=options["contact"]).first()
        if contact is None:
            raise input_error(
                _("No contact %(id)s in this organisation.") % {"id": options["contact"]}
            )
        candidacy = candidacy_add(
            order=order,
            contact=contact,
            stage=options["stage"],
            owner=_recruiter(organisation, options.get("recruiter")),
            now=now,
        )
        return candidacy_json(candidacy)

    def _stage(
        self, organisation: Organisation, now: datetime.datetime, options: dict[str, Any]
    ) -> Any:
        candidacy = (
            Candidacy.objects.filter(organisation=organisation, pk=options["id"])
            .select_related("contact__company", "order__company", "owner", "organisation")
            .first()
        )
        if candidacy is None:
            raise input_error(
                _("No candidacy %(id)s in this organisation.") % {"id": options["id"]}
            )
        message = candidacy_stage_set(
            candidacy=candidacy, stage=options["stage"], now=now, notify=options["notify"], by=None
        )
        return {**candidacy_json(candidacy), "notified": message is not None}

    def _freeze(
        self, organisation: Organisation, now: datetime.datetime, options: dict[str, Any]
    ) -> Any:
        return self._announce(organisation, now, options, order=_order(organisation, options["id"]))

    def _freeze_client(
        self, organisation: Organisation, now: datetime.datetime, options: dict[str, Any]
    ) -> Any:
        company = Company.objects.filter(organisation=organisation, pk=options["id"]).first()
        if company is None:
            raise input_error(_("No company %(id)s in this organisation.") % {"id": options["id"]})
        return self._announce(organisation, now, options, company=company)

    def _announce(
        self,
        organisation: Organisation,
        now: datetime.datetime,
        options: dict[str, Any],
        *,
        order: Order | None = None,
        company: Company | None = None,
    ) -> Any:
        try:
            resume_on = datetime.date.fromisoformat(options["until"])
        except ValueError:
            raise input_error(_("--until: enter a date as YYYY-MM-DD.")) from None
        stages = [stage.strip() for stage in options["stages"].split(",") if stage.strip()]
        message = ""
        if options.get("message_file"):
            try:
                message = file_content(options["message_file"]).decode("utf-8")
            except UnicodeDecodeError:
                raise input_error(_("--message-file: the file is not UTF-8 text.")) from None
        freeze = freeze_announce(
            organisation=organisation,
            order=order,
            company=company,
            stages=stages,
            resume_on=resume_on,
            message=message,
            by=None,
            now=now,
        )
        unreached = freeze_audience(freeze_scope(freeze)).unreached
        for item in unreached:
            self.stderr.write(
                _("Not told: %(name)s (%(reason)s)")
                % {"name": item.candidacy.contact.name, "reason": item.reason}
            )
        return {"notified": freeze.notified, "follow_up_on": freeze.resume_on.isoformat()}
