"""`hallway import-contacts FILE --org SLUG [--dry-run]`: contacts from CSV, XLSX, vCard
(.vcf) or LinkedIn's Connections.csv, upserted by email (or by LinkedIn profile).

Exit code 0 when the file was imported (or, with --dry-run, would import cleanly), 2 when
anything is wrong with the input; then every problem is listed by row and nothing is written.
"""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hallway.people.importing.results import ImportPreview, ImportRejected
from hallway.relationships.importing import contacts_import_apply, contacts_import_preview
from hallway.relationships.management.commands._importing import (
    ImportCommand,
    file_content,
    organisation_by_slug,
)


class Command(ImportCommand):
    help = (
        "Import contacts from a CSV, XLSX, vCard (.vcf) or LinkedIn Connections.csv file "
        "(upsert by email, else by LinkedIn profile)."
    )

    def _report(self, preview: ImportPreview) -> None:
        self.report(preview)
        new_companies = getattr(preview, "new_companies", [])
        if new_companies:
            self.stdout.write(
                _("New companies:")
                + " "
                + ", ".join(f"{new.name} ({new.people})" for new in new_companies[:20])
                + (" …" if len(new_companies) > 20 else "")
            )

    def handle(self, *args: Any, file: str, org: str, dry_run: bool, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        content = file_content(file)
        name = Path(file).name
        if dry_run:
            preview = contacts_import_preview(
                organisation=organisation, filename=name, content=content
            )
            self._report(preview)
            if not preview.ok:
                self.fail(preview)
            self.stdout.write(_("Dry run: nothing was written."))
            return
        # Applying checks the file again inside its transaction: no separate preview first
        # (a large LinkedIn export would be read and checked twice).
        try:
            result = contacts_import_apply(
                organisation=organisation, filename=name, content=content
            )
        except ImportRejected as rejected:
            self._report(rejected.preview)
            self.fail(rejected.preview)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported into %(organisation)s: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(skipped)s empty rows skipped."
                )
                % {"organisation": organisation.slug, **result.as_dict()}
            )
        )
