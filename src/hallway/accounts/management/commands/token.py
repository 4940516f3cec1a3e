"""`hallway token create|revoke|list`: API tokens from the command line.

`create` prints only the raw token on stdout, so scripts can capture it:
    TOKEN=$(hallway token create --org acme --user alice@acme.test)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _

from hallway.accounts.models import ApiToken, Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.accounts.tokens import token_create, token_revoke

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Create, revoke and list API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser(
            "create", help="Create a token for a user in an organisation; prints only the token."
        )
        create.add_argument("--org", required=True, help="Slug of the organisation.")
        create.add_argument("--user", required=True, help="Email address of a member.")
        create.add_argument("--name", default="", help="What the token is for, e.g. “HR sync”.")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id or its hint.")
        revoke.add_argument("token", help="The token's id, or its hint such as hw_AbC123.")
        revoke.add_argument("--org", required=True, help="Slug of the organisation.")
        listing = actions.add_parser("list", help="List the tokens of an organisation.")
        listing.add_argument("--org", required=True, help="Slug of the organisation.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = _organisation(options["org"])
        if options["action"] == "create":
            self.create(organisation, options["user"], options["name"])
        elif options["action"] == "revoke":
            self.revoke(organisation, options["token"])
        else:
            self.list(organisation)

    def create(self, organisation: Organisation, email: str, name: str) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                _("No user has the email address %(email)s.") % {"email": email},
                returncode=INVALID_INPUT,
            )
        if not Membership.objects.filter(organisation=organisation, user=user).exists():
            raise CommandError(
                _("%(email)s is not a member of the organisation %(slug)s.")
                % {"email": user.email, "slug": organisation.slug},
                returncode=INVALID_INPUT,
            )
        _token, raw = token_create(organisation=organisation, user=user, name=name)
        self.stdout.write(raw)

    def revoke(self, organisation: Organisation, id_or_hint: str) -> None:
        id_or_hint = id_or_hint.strip().rstrip("…").rstrip(".")
        lookup = Q(hint=id_or_hint)
        if id_or_hint.isdigit():
            lookup |= Q(pk=int(id_or_hint))
        matches = list(scoped(ApiToken, organisation).filter(lookup).select_related("user"))
        if not matches:
            raise CommandError(
                _("The organisation %(slug)s has no token %(token)s.")
                % {"slug": organisation.slug, "token": id_or_hint},
                returncode=INVALID_INPUT,
            )
        if len(matches) > 1:
            raise CommandError(
                _("Several tokens match %(token)s; revoke one by its id: %(ids)s.")
                % {"token": id_or_hint, "ids": ", ".join(str(t.pk) for t in matches)},
                returncode=INVALID_INPUT,
            )
        token = matches[0]
        token_revoke(token=token)
        self.stdout.write(
            _("Revoked the token %(hint)s… of %(email)s.")
            % {"hint": token.hint, "email": token.user.email}
        )

    def list(self, organisation: Organisation) -> None:
        header = (_("ID"), _("HINT"), _("USER"), _("NAME"), _("LAST USED"), _("STATE"))
        rows = [
            (
                str(t.pk),
                t.hint + "…",
                t.user.email,
                t.name,
                f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "-",
                _("revoked") if t.revoked_at else _("active"),
            )
            for t in scoped(ApiToken, organisation).select_related("user").order_by("pk")
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug.strip()).first()
    if organisation is None:
        raise CommandError(
            _("No organisation has the slug %(slug)s.") % {"slug": slug},
            returncode=INVALID_INPUT,
        )
    return organisation
