"""`hallway contact export --org SLUG --email EMAIL` (JSON on stdout: everything about the
contact, GDPR Art. 15/20) and `hallway contact erase --org SLUG --email EMAIL --yes`
(Art. 17; without --yes it says what would be erased and exits 2). Both are audited."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hallway.relationships.management.commands._importing import (
    INVALID_INPUT,
    organisation_by_slug,
)
from hallway.relationships.models import Contact
from hallway.relationships.services.privacy import (
    contact_by_email,
    contact_erase,
    contact_erasure_summary,
    contact_export,
)


class Command(BaseCommand):
    help = "Export everything about one contact as JSON, or erase the contact (GDPR)."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Everything about the contact, as JSON.")
        erase = actions.add_parser("erase", help="Erase the contact and everything about them.")
        for sub in (export, erase):
            sub.add_argument("--org", required=True, help="The organisation's slug.")
            sub.add_argument("--email", required=True, help="Any of the contact's addresses.")
        erase.add_argument("--yes", action="store_true", help="Really erase.")

    def _contact(self, org: str, email: str) -> Contact:
        contact = contact_by_email(organisation=organisation_by_slug(org), email=email)
        if contact is None:
            raise CommandError(
                _("No contact of %(org)s has the address %(email)s.")
                % {"org": org, "email": email},
                returncode=INVALID_INPUT,
            )
        return contact

    def handle(self, *args: Any, action: str, org: str, email: str, **options: Any) -> None:
        contact = self._contact(org, email)
        if action == "export":
            data = contact_export(contact=contact, actor_label="command line", form="json")
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not options["yes"]:
            counts = contact_erasure_summary(contact=contact)
            self.stderr.write(
                _(
                    "Would erase %(name)s <%(email)s>: %(emails)s address(es), %(details)s "
                    "personal detail(s), %(notes)s note(s); %(touches)s touch(es) and %(orders)s "
                    "order(s) would stay without them."
                )
                % {
                    "name": contact.name,
                    "email": contact.email,
                    "emails": counts["emails"],
                    "details": counts["details"],
                    "notes": counts["notes"],
                    "touches": counts["touches_unlinked"],
                    "orders": counts["orders_unlinked"],
                }
            )
            raise CommandError(_("Add --yes to erase."), returncode=INVALID_INPUT)
        contact_erase(contact=contact, actor_label="command line")
        self.stdout.write(self.style.SUCCESS(_("Erased %(name)s.") % {"name": contact.name}))
