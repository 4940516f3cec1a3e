"""`hallway import-orders FILE --org SLUG [--dry-run]`: orders from CSV or XLSX (columns
company, title, date and status; the company must exist). Exit code 2 with every problem by
row on bad input; then nothing is written."""

from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.people.importing.results import ImportPreview, ImportResult
from hallway.relationships.importing import orders_import_apply, orders_import_preview
from hallway.relationships.management.commands._importing import RecordsImportCommand


class Command(RecordsImportCommand):
    help = "Import orders (company, title, date, status) from a CSV or XLSX file."

    def preview(
        self, *, organisation: Organisation, filename: str, content: bytes
    ) -> ImportPreview:
        return orders_import_preview(organisation=organisation, filename=filename, content=content)

    def apply(self, *, organisation: Organisation, filename: str, content: bytes) -> ImportResult:
        return orders_import_apply(organisation=organisation, filename=filename, content=content)

    def done(self, organisation: Organisation, result: ImportResult) -> str:
        return _(
            "Imported into %(organisation)s: %(created)s orders created, %(unchanged)s already known."
        ) % {"organisation": organisation.slug, **result.as_dict()}
