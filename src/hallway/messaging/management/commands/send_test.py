"""`hallway send-test --org SLUG --to EMAIL`: send a test email through the outbox now.

The message goes the way every message goes (outbox, transport, attempt record), so a
success proves the whole path; it is transactional, so no sending window holds it back.
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.messaging.delivery import outbox_deliver_now
from hallway.messaging.models import Channel, Status
from hallway.messaging.services import Recipient, message_enqueue

INVALID_INPUT = 2
NOT_SENT = 1


class Command(BaseCommand):
    help = "Send a test email to an address through the outbox, and say whether it went out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Slug of the organisation.")
        parser.add_argument("--to", required=True, help="Email address to send to.")
        parser.add_argument(
            "--language", default="", help="en, de or nl (default: the organisation's)."
        )
        parser.add_argument(
            "--queue-only",
            action="store_true",
            help="Only queue it; a running worker sends it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"].strip()).first()
        if organisation is None:
            raise CommandError(
                _("No organisation has the slug %(slug)s.") % {"slug": options["org"]},
                returncode=INVALID_INPUT,
            )
        address = options["to"].strip()
        try:
            from django.core.validators import validate_email

            validate_email(address)
            message = message_enqueue(
                organisation=organisation,
                recipient=Recipient(
                    address=address,
                    language=options["language"] or organisation.language,
                    timezone=organisation.timezone,
                ),
                channel=Channel.EMAIL,
                message_type="test",
                context={"sent_by": "hallway send-test"},
                idempotency_key=f"send-test:{uuid.uuid4()}",
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=INVALID_INPUT) from exc
        if options["queue_only"]:
            self.stdout.write(_("Queued as message %(id)d.") % {"id": message.pk})
            return
        message = outbox_deliver_now(message=message, worker="send-test")
        if message.status != Status.SENT:
            raise CommandError(
                _("Message %(id)d was not sent (%(status)s): %(error)s")
                % {"id": message.pk, "status": message.status, "error": message.last_error},
                returncode=NOT_SENT,
            )
        self.stdout.write(
            _("Sent message %(id)d to %(to)s (%(message_id)s).")
            % {"id": message.pk, "to": address, "message_id": message.external_id}
        )
