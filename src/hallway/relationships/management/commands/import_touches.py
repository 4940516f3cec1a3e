"""`hallway import-touches FILE --org SLUG [--dry-run]`: touches from CSV or XLSX (columns
kind, at, contacts, and optionally company, summary and by; the contacts, company and member
must exist). Exit code 2 with every problem by row on bad input; then nothing is written.
Importing the same file again records nothing twice."""

from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.people.importing.results import ImportPreview, ImportResult
from hallway.relationships.importing import touches_import_apply, touches_import_preview
from hallway.relationships.management.commands._importing import RecordsImportCommand


class Command(RecordsImportCommand):
    help = "Import touches (kind, at, contacts, company, summary, by) from a CSV or XLSX file."

    def preview(
        self, *, organisation: Organisation, filename: str, content: bytes
    ) -> ImportPreview:
        return touches_import_preview(organisation=organisation, filename=filename, content=content)

    def apply(self, *, organisation: Organisation, filename: str, content: bytes) -> ImportResult:
        return touches_import_apply(organisation=organisation, filename=filename, content=content)

    def done(self, organisation: Organisation, result: ImportResult) -> str:
        return _(
            "Imported into %(organisation)s: %(created)s touches recorded, %(unchanged)s already known."
        ) % {"organisation": organisation.slug, **result.as_dict()}
