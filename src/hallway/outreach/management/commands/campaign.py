"""`hallway campaign list|preview|send`: shared articles from the command line, each
answering JSON with `--json` (the API's shapes). Bad input exits 2 and changes nothing.

    hallway campaign list --org acme --json
    hallway campaign preview 3 --org acme          # who gets the mail, a note, nothing
    hallway campaign send 3 --org acme --json      # once; a second send exits 2
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import input_error, input_invalid, organisation_by_slug
from hallway.accounts.models import Organisation
from hallway.outreach.models import Campaign, CampaignStatus
from hallway.outreach.selectors.campaigns import campaign_figures, campaigns_of
from hallway.outreach.services.campaigns import campaign_preview, campaign_send


def _campaign(organisation: Organisation, number: int) -> Campaign:
    campaign = campaigns_of(organisation).filter(pk=number).first()
    if campaign is None:
        raise input_error(_("No shared article %(id)s in this organisation.") % {"id": number})
    return campaign


def campaign_json(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "url": campaign.url,
        "intros": campaign.intros,
        "segment": {"id": campaign.segment.pk, "name": campaign.segment.name},
        "skip_touched_days": campaign.skip_touched_days,
        "skip_sent_days": campaign.skip_sent_days,
        "status": campaign.status,
        "created_at": campaign.created_at.isoformat(),
        "sent_at": campaign.sent_at.isoformat() if campaign.sent_at else None,
        "figures": campaign_figures(campaign=campaign).as_json(),
    }


class Command(BaseCommand):
    help = "Shared articles (content sharing): list, preview, send."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="Shared articles with their figures.")
        preview = actions.add_parser(
            "preview", help="Who would get the mail, a note for their owner, or nothing."
        )
        send = actions.add_parser("send", help="Send a draft once.")
        for sub in (preview, send):
            sub.add_argument("id", type=int, help="The article's id.")
        for sub in (listing, preview, send):
            sub.add_argument("--org", required=True, help="The organisation's slug.")
            sub.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        as_json = options["json"]
        if action == "list":
            rows = [campaign_json(c) for c in campaigns_of(organisation)]
            if as_json:
                return self._json(rows)
            for row in rows:
                figures = row["figures"]
                self.stdout.write(
                    f"{row['id']}\t{row['status']}\t{row['title']}\t"
                    + _(
                        "%(sent)d/%(recipients)d sent, %(delivered)d delivered, "
                        "%(clicked)d clicked, %(replies)d replies, %(unsubscribes)d unsubscribes"
                    )
                    % figures
                )
            return None
        campaign = _campaign(organisation, options["id"])
        if campaign.status != CampaignStatus.DRAFT:
            raise input_error(_("This article was sent already."))
        now = timezone.now()
        if action == "preview":
            plan = campaign_preview(campaign=campaign, now=now)
            if as_json:
                return self._json(plan.as_json())
            for planned in plan.mail:
                self.stdout.write(f"mail\t{planned.contact.name}\t{planned.contact.email}")
            for planned in plan.notes:
                owner = planned.owner.email if planned.owner else ""
                self.stdout.write(f"note\t{planned.contact.name}\t{owner}")
            for planned in plan.skipped:
                self.stdout.write(f"skipped\t{planned.contact.name}\t{planned.reason}")
            return None
        try:
            report = campaign_send(campaign=campaign, by=None, now=now)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        if as_json:
            return self._json(campaign_json(campaign))
        self.stdout.write(
            _("Sent: %(mail)d mails, %(notes)d notes for owners, %(skipped)d skipped.")
            % {"mail": report.mail, "notes": report.notes, "skipped": report.skipped}
        )
        return None

    def _json(self, value: object) -> None:
        self.stdout.write(json.dumps(value, ensure_ascii=False, default=str))
