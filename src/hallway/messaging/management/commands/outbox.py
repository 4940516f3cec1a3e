"""`hallway outbox [--org SLUG] [--status S] [--limit N]`: the newest outgoing messages."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.messaging.models import OutboxMessage, Status

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "List outgoing messages, newest first (all organisations unless --org)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--status", default="", help=f"One of {', '.join(Status.values)}.")
        parser.add_argument("--org", default="", help="Slug of one organisation.")
        parser.add_argument("--limit", type=int, default=50, help="At most this many (default 50).")

    def handle(self, *args: Any, **options: Any) -> None:
        status = options["status"].strip()
        if status and status not in Status.values:
            raise CommandError(
                _("“%(status)s” is not a status; use one of %(statuses)s.")
                % {"status": status, "statuses": ", ".join(Status.values)},
                returncode=INVALID_INPUT,
            )
        if options["limit"] < 1:
            raise CommandError(_("--limit must be at least 1."), returncode=INVALID_INPUT)
        # An operator's view across the installation; --org narrows it to one organisation.
        messages = OutboxMessage.objects.select_related("organisation").order_by(
            "-created_at", "-id"
        )
        if options["org"]:
            organisation = Organisation.objects.filter(slug=options["org"].strip()).first()
            if organisation is None:
                raise CommandError(
                    _("No organisation has the slug %(slug)s.") % {"slug": options["org"]},
                    returncode=INVALID_INPUT,
                )
            messages = messages.filter(organisation=organisation)
        if status:
            messages = messages.filter(status=status)
        total = messages.count()
        rows = list(messages[: options["limit"]])
        self.stdout.write(
            f"{'id':>7}  {'created (UTC)':<16}  {'org':<12}  {'status':<10}  {'channel':<10}  "
            f"{'type':<18}  {'tries':>5}  recipient"
        )
        for message in rows:
            line = (
                f"{message.pk:>7}  {message.created_at:%Y-%m-%d %H:%M}  "
                f"{message.organisation.slug[:12]:<12}  {message.status:<10}  "
                f"{message.channel:<10}  {message.message_type[:18]:<18}  "
                f"{message.attempt_count:>5}  {message.address}"
            )
            if message.last_error and message.status != Status.SENT:
                line += f"  ({message.last_error[:80]})"
            self.stdout.write(line)
        self.stdout.write(
            _("%(shown)d of %(total)d message(s)") % {"shown": len(rows), "total": total}
        )
