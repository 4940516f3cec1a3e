"""`hallway import-orders FILE --org SLUG [--dry-run]`: orders from CSV or XLSX (columns
company, title, date and status; the company must exist). Exit code 2 with every problem by
row on bad input; then nothing is written."""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hallway.people.importing.results import ImportRejected
from hallway.relationships.importing import orders_import_apply, orders_import_preview
from hallway.relationships.management.commands._importing import (
    ImportCommand,
    file_content,
    organisation_by_slug,
)


class Command(ImportCommand):
    help = "Import orders (company, title, date, status) from a CSV or XLSX file."

    def handle(self, *args: Any, file: str, org: str, dry_run: bool, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        content = file_content(file)
        name = Path(file).name
        preview = orders_import_preview(organisation=organisation, filename=name, content=content)
        self.report(preview)
        if not preview.ok:
            self.fail(preview)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            result = orders_import_apply(organisation=organisation, filename=name, content=content)
        except ImportRejected as rejected:
            self.problems(rejected.preview)
            self.fail(rejected.preview)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported into %(organisation)s: %(created)s orders created, %(unchanged)s already known."
                )
                % {"organisation": organisation.slug, **result.as_dict()}
            )
        )
