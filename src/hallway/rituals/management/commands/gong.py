"""`hallway gong post|kudos|webhook-create|webhook-list`: the gong from the command line,
each answering JSON with `--json`. Bad input exits 2 with every problem and changes
nothing. A new webhook's secret is printed this once."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.command_input import (
    input_error,
    input_invalid,
    organisation_by_slug,
)
from hallway.accounts.links import absolute_url
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.models import Person, Team
from hallway.rituals.models import CelebrationKind, CelebrationSource
from hallway.rituals.selectors.gong import gong_webhooks, kudos_balance
from hallway.rituals.services.gong import celebration_post
from hallway.rituals.services.gong_webhook import DEFAULT_MAPPING, gong_webhook_create
from hallway.rituals.services.kudos import kudos_give


def _person(organisation: Organisation, email: str, option: str) -> Person:
    found = scoped(Person, organisation).filter(email__iexact=email.strip()).first()
    if found is None:
        raise input_error(
            _("%(option)s: nobody in the directory has the address %(email)s.")
            % {"option": option, "email": email}
        )
    return found


class Command(BaseCommand):
    help = "Ring the gong, give kudos, set up webhooks for the gong."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        post = actions.add_parser("post", help="Ring the gong (the wall and its channels).")
        post.add_argument("--kind", required=True, choices=CelebrationKind.values)
        post.add_argument("--title", required=True)
        post.add_argument("--text", default="")
        post.add_argument(
            "--person", action="append", default=[], help="The email of someone to cheer."
        )
        post.add_argument("--team", help="A team's name.")
        post.add_argument("--by", help="The email of the person posting.")
        post.add_argument("--external-id", default="", help="The same id again posts nothing.")
        kudos = actions.add_parser("kudos", help="Give kudos (within the monthly quota).")
        kudos.add_argument("--from", dest="giver", required=True, help="The giver's email.")
        kudos.add_argument("--to", dest="receiver", required=True, help="The receiver's email.")
        kudos.add_argument("--message", required=True)
        kudos.add_argument("--not-on-wall", action="store_true", help="Keep it off the wall.")
        create = actions.add_parser("webhook-create", help="A webhook for an ATS or CRM.")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--mapping",
            help=f"The JSON mapping; default: {json.dumps(DEFAULT_MAPPING)}",
        )
        listing = actions.add_parser("webhook-list", help="The organisation's webhooks.")
        for sub in (post, kudos, create, listing):
            sub.add_argument("--org", required=True, help="The organisation's slug.")
            sub.add_argument("--json", action="store_true", help="Answer in JSON.")

    def handle(self, *args: Any, action: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        handler: Any = {
            "post": self._post,
            "kudos": self._kudos,
            "webhook-create": self._webhook_create,
            "webhook-list": self._webhook_list,
        }[action]
        try:
            result = handler(organisation, options)
        except ValidationError as exc:
            raise input_invalid(exc) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif isinstance(result, list):
            for row in result:
                self.stdout.write("  ".join(f"{key}: {value}" for key, value in row.items()))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")

    def _post(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        people = [_person(organisation, email, "--person") for email in options["person"]]
        team = None
        if options["team"]:
            team = scoped(Team, organisation).filter(Q(name__iexact=options["team"])).first()
            if team is None:
                raise input_error(_("No team is called %(name)s.") % {"name": options["team"]})
        by = _person(organisation, options["by"], "--by") if options["by"] else None
        celebration = celebration_post(
            organisation=organisation,
            kind=options["kind"],
            title=options["title"],
            text=options["text"],
            people=people,
            team=team,
            posted_by=by,
            source=CelebrationSource.API,
            source_ref=options["external_id"],
            now=timezone.now(),
        )
        return {"id": celebration.pk, "kind": celebration.kind, "title": celebration.title}

    def _kudos(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        giver = _person(organisation, options["giver"], "--from")
        receiver = _person(organisation, options["receiver"], "--to")
        now = timezone.now()
        kudos = kudos_give(
            giver=giver,
            receiver=receiver,
            message=options["message"],
            on_wall=not options["not_on_wall"],
            source=CelebrationSource.API,
            now=now,
        )
        return {
            "id": kudos.pk,
            "celebration_id": kudos.celebration_id,
            "left_this_month": kudos_balance(person=giver, now=now).left,
        }

    def _webhook_create(
        self, organisation: Organisation, options: dict[str, Any]
    ) -> dict[str, Any]:
        mapping: Any = DEFAULT_MAPPING
        if options["mapping"]:
            try:
                mapping = json.loads(options["mapping"])
            except json.JSONDecodeError as exc:
                raise input_error(_("--mapping is not JSON: %(error)s") % {"error": exc}) from exc
        webhook, secret = gong_webhook_create(
            organisation=organisation,
            name=options["name"],
            mapping=mapping if isinstance(mapping, dict) else {},
            now=timezone.now(),
        )
        return {
            "id": webhook.pk,
            "name": webhook.name,
            "url": absolute_url(f"/api/v1/gong/webhook/{webhook.token}"),
            "secret": secret,
        }

    def _webhook_list(
        self, organisation: Organisation, options: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return [
            {
                "id": webhook.pk,
                "name": webhook.name,
                "enabled": webhook.enabled,
                "url": absolute_url(f"/api/v1/gong/webhook/{webhook.token}"),
            }
            for webhook in gong_webhooks(organisation)
        ]
