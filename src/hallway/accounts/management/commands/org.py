"""`hallway org create SLUG --name NAME --owner EMAIL` and `hallway org list`."""

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.accounts import links, selectors, services

INVALID_INPUT = 2


class Command(BaseCommand):
    # A lazy string, translated when the parser is made (BaseCommand.help is typed as str).
    help = cast(str, gettext_lazy("Create organisations and list them."))

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create", help=_("Create an organisation and its owner (prints a set-password link).")
        )
        create.add_argument("slug", help=_("Short name used in URLs, such as acme."))
        create.add_argument("--name", required=True, help=_("Display name, such as “Acme Ltd”."))
        create.add_argument("--owner", required=True, help=_("Email address of the owner."))
        create.add_argument("--timezone", default="Europe/Berlin", help=_("IANA time zone."))
        create.add_argument("--language", default="en", help=_("Default language: en, de or nl."))
        actions.add_parser("list", help=_("List organisations with their member counts."))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self.create(options)
        else:
            self.list()

    def create(self, options: dict[str, Any]) -> None:
        try:
            result = services.organisation_create(
                slug=options["slug"],
                name=options["name"],
                owner_email=options["owner"],
                timezone=options["timezone"],
                language=options["language"],
            )
        except ValidationError as exc:
            raise CommandError("\n".join(_messages(exc)), returncode=INVALID_INPUT) from exc
        organisation, owner = result.organisation, result.owner
        self.stdout.write(
            _("Created the organisation %(slug)s (%(name)s).")
            % {"slug": organisation.slug, "name": organisation.name}
        )
        if result.owner_created:
            days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
            self.stdout.write(
                _("Created the user %(email)s as its owner. They choose a password here:")
                % {"email": owner.email}
            )
            self.stdout.write(links.password_set_url(owner))
            self.stdout.write(
                _(
                    "The link works once, for %(days)d days; after that, use “Forgot your password?”."
                )
                % {"days": days}
            )
        else:
            self.stdout.write(
                _("%(email)s is its owner and signs in as before.") % {"email": owner.email}
            )

    def list(self) -> None:
        rows = [
            (o.slug, o.name, str(o.member_count))
            for o in selectors.organisations_with_member_counts()
        ]
        header = (_("SLUG"), _("NAME"), _("MEMBERS"))
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{field}: {message}"
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)
