"""`hallway send-test --org SLUG (--to ADDRESS | --channel NAME [--to ADDRESS])`: send a test
message through the outbox now.

The message goes the way every message goes (outbox, transport, attempt record), so a
success proves the whole path; it is transactional, so no sending window holds it back.
Without --channel it is an email through the installation's mail server. Exit code 1 when
the receiver refused it, 2 for bad input.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.messaging.channel_setup import channel_by_name, channel_test_send
from hallway.messaging.models import Status

INVALID_INPUT = 2
NOT_SENT = 1


class Command(BaseCommand):
    help = "Send a test message through the outbox now, and say whether it went out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument(
            "--channel",
            default="",
            help="Name of one of the organisation's channels (default: email).",
        )
        parser.add_argument(
            "--to",
            default="",
            help="The recipient: an email address, a Slack member ID; not needed for webhooks.",
        )
        parser.add_argument(
            "--language", default="", help="en, de or nl (default: the organisation's)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"].strip()).first()
        if organisation is None:
            raise CommandError(
                _("No organisation has the slug %(slug)s.") % {"slug": options["org"]},
                returncode=INVALID_INPUT,
            )
        channel = None
        if options["channel"].strip():
            channel = channel_by_name(organisation, options["channel"])
            if channel is None:
                raise CommandError(
                    _("%(org)s has no channel called “%(name)s” (see `hallway channel list`).")
                    % {"org": organisation.slug, "name": options["channel"]},
                    returncode=INVALID_INPUT,
                )
        elif not options["to"].strip():
            raise CommandError(_("Give --to ADDRESS, or --channel NAME."), returncode=INVALID_INPUT)
        if options["language"] and options["language"] not in dict(settings.LANGUAGES):
            raise CommandError(_("--language is en, de or nl."), returncode=INVALID_INPUT)
        try:
            message = channel_test_send(
                channel=channel,
                organisation=organisation,
                address=options["to"],
                language=options["language"],
                sent_by="hallway send-test",
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=INVALID_INPUT) from exc
        if message.status != Status.SENT:
            raise CommandError(
                _("Message %(id)d was not sent (%(status)s): %(error)s")
                % {"id": message.pk, "status": message.status, "error": message.last_error},
                returncode=NOT_SENT,
            )
        self.stdout.write(
            _("Sent message %(id)d to %(to)s (%(message_id)s).")
            % {
                "id": message.pk,
                "to": message.address,
                "message_id": message.external_id or message.channel,
            }
        )
