"""`hallway channel add|list|remove|rotate-keys`: the organisation's channels.

    hallway channel add --org acme --kind teams --name "Teams: People" --url https://…
    hallway channel add --org acme --kind slack --name Slack --token xoxb-… --secret …
    hallway channel list --org acme [--json]

Secrets (webhook addresses, tokens) are masked in every listing, never printed whole.
`rotate-keys` re-encrypts every stored secret with the first of HALLWAY_ENCRYPTION_KEYS
(channels, single sign-on, and what other apps registered with `core.crypto`).
"""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.sso_services import sso_secrets_rotate
from hallway.core.crypto import secrets_rotations
from hallway.messaging.channel_setup import (
    channel_by_name,
    channel_delete,
    channel_kind_or_error,
    channel_save,
    channel_summary,
    channels_of,
    secrets_rotate,
)
from hallway.messaging.channels import kind_choices

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Add, list and remove an organisation's channels (Teams, Slack, email, …)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help="Add a channel, or change the one with that name.")
        add.add_argument("--org", required=True, help="Slug of the organisation.")
        add.add_argument(
            "--kind", required=True, help=", ".join(slug for slug, _label in kind_choices())
        )
        add.add_argument(
            "--name", required=True, help="A name people recognise, e.g. “Teams: People”."
        )
        add.add_argument("--url", default="", help="The webhook address (or mail server).")
        add.add_argument("--token", default="", help="A token (Slack: the bot token).")
        add.add_argument("--secret", default="", help="A signing secret (Slack, webhooks).")
        add.add_argument("--disabled", action="store_true", help="Add it switched off.")
        listing = actions.add_parser("list", help="List the organisation's channels.")
        listing.add_argument("--org", required=True, help="Slug of the organisation.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        remove = actions.add_parser("remove", help="Remove a channel by its name.")
        remove.add_argument("--org", required=True, help="Slug of the organisation.")
        remove.add_argument("--name", required=True)
        actions.add_parser(
            "rotate-keys",
            help="Re-encrypt every stored secret with the first of HALLWAY_ENCRYPTION_KEYS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "rotate-keys":
            count, unreadable = secrets_rotate()
            self.stdout.write(
                _("Re-encrypted the secrets of %(count)d channels.") % {"count": count}
            )
            sso_count, sso_unreadable = sso_secrets_rotate()
            self.stdout.write(
                _("Re-encrypted the client secrets of %(count)d single sign-on providers.")
                % {"count": sso_count}
            )
            unreadable += sso_unreadable
            for label, rotate in secrets_rotations():
                more, more_unreadable = rotate()
                self.stdout.write(
                    _("Re-encrypted the secrets of %(count)d %(what)s.")
                    % {"count": more, "what": label}
                )
                unreadable += more_unreadable
            if unreadable:
                raise CommandError(
                    _("No configured key opens the secrets of: %(channels)s.")
                    % {"channels": ", ".join(unreadable)},
                    returncode=1,
                )
            return
        organisation = Organisation.objects.filter(slug=options["org"].strip()).first()
        if organisation is None:
            raise CommandError(
                _("No organisation has the slug %(slug)s.") % {"slug": options["org"]},
                returncode=INVALID_INPUT,
            )
        if action == "add":
            self.add(organisation, options)
        elif action == "remove":
            channel = channel_by_name(organisation, options["name"])
            if channel is None:
                raise CommandError(
                    _("%(org)s has no channel called “%(name)s”.")
                    % {"org": organisation.slug, "name": options["name"]},
                    returncode=INVALID_INPUT,
                )
            channel_delete(channel=channel)
            self.stdout.write(_("Removed the channel “%(name)s”.") % {"name": channel.name})
        else:
            self.list(organisation, as_json=options["json"])

    def add(self, organisation: Organisation, options: dict[str, Any]) -> None:
        try:
            kind = channel_kind_or_error(options["kind"].strip())
            existing = channel_by_name(organisation, options["name"])
            if existing is not None and existing.kind != kind.slug:
                raise ValidationError(
                    {
                        "name": _("“%(name)s” is a %(kind)s channel already.")
                        % {"name": existing.name, "kind": existing.kind}
                    }
                )
            values = {
                field: options[flag]
                for flag, field in kind.form.cli_fields.items()
                if options.get(flag)
            }
            unused = [
                f"--{flag}"
                for flag in ("url", "token", "secret")
                if options.get(flag) and flag not in kind.form.cli_fields
            ]
            if unused:
                raise ValidationError(
                    _("A %(kind)s channel takes no %(flags)s.")
                    % {"kind": kind.slug, "flags": ", ".join(unused)}
                )
            channel = channel_save(
                organisation=organisation,
                kind=kind.slug,
                name=options["name"],
                values=values,
                enabled=not options["disabled"],
                channel=existing,
            )
        except ValidationError as exc:
            raise CommandError(_problems(exc), returncode=INVALID_INPUT) from exc
        self.stdout.write(
            (
                _("Changed the channel “%(name)s” (%(kind)s).")
                if existing
                else _("Added the channel “%(name)s” (%(kind)s).")
            )
            % {"name": channel.name, "kind": channel.kind}
        )

    def list(self, organisation: Organisation, *, as_json: bool) -> None:
        summaries = [channel_summary(channel) for channel in channels_of(organisation)]
        if as_json:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "name": s.name,
                            "kind": s.kind,
                            "enabled": s.enabled,
                            "settings": s.settings,
                            "secrets": s.secrets,
                            "problem": s.problem,
                        }
                        for s in summaries
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not summaries:
            self.stdout.write(
                _("No channels yet; email goes through the installation's mail server.")
            )
        for s in summaries:
            state = _("on") if s.enabled else _("off")
            details = ", ".join(f"{k}={v}" for k, v in {**s.settings, **s.secrets}.items())
            line = f"{s.name}\t{s.kind}\t{state}\t{details}"
            self.stdout.write(line + (f"\t{s.problem}" if s.problem else ""))


def _problems(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
