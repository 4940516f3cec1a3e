"""What `import-contacts`, `import-orders` and `import-touches` share: reading the file, reporting problems
by row, exit code 2 on bad input with nothing written."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hallway.accounts.command_input import INVALID_INPUT, file_content, organisation_by_slug
from hallway.accounts.models import Organisation
from hallway.people.importing.results import ImportPreview, ImportRejected, ImportResult

__all__ = ["INVALID_INPUT", "ImportCommand", "file_content", "organisation_by_slug"]


class ImportCommand(BaseCommand):
    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and show what would change."
        )

    def report(self, preview: ImportPreview) -> None:
        write = self.stdout.write
        if preview.columns:
            write(_("Columns:"))
            width = max(len(column) for column in preview.columns)
            for column in preview.columns:
                target = preview.mapping.get(column) or _("(ignored)")
                write(f"  {column.ljust(width)}  -> {target}")
        write(
            _(
                "Rows: %(rows)s; would create %(create)s, update %(update)s, "
                "leave %(unchanged)s unchanged; %(skipped)s empty rows skipped."
            )
            % {
                "rows": preview.rows,
                "create": preview.would_create,
                "update": preview.would_update,
                "unchanged": preview.unchanged,
                "skipped": preview.skipped,
            }
        )
        self.problems(preview)

    def problems(self, preview: ImportPreview) -> None:
        if not preview.problems:
            return
        self.stderr.write(_("Problems (%(count)s):") % {"count": len(preview.problems)})
        for problem in preview.problems:
            self.stderr.write(f"  {problem.location}: {problem.message}")

    def fail(self, preview: ImportPreview) -> None:
        raise CommandError(
            _("The file has %(count)s problem(s); nothing was written.")
            % {"count": len(preview.problems)},
            returncode=INVALID_INPUT,
        )


class RecordsImportCommand(ImportCommand):
    """A file of records (orders, touches) checked, then applied in one transaction."""

    def preview(
        self, *, organisation: Organisation, filename: str, content: bytes
    ) -> ImportPreview:
        raise NotImplementedError

    def apply(self, *, organisation: Organisation, filename: str, content: bytes) -> ImportResult:
        raise NotImplementedError

    def done(self, organisation: Organisation, result: ImportResult) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, file: str, org: str, dry_run: bool, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        content = file_content(file)
        name = Path(file).name
        preview = self.preview(organisation=organisation, filename=name, content=content)
        self.report(preview)
        if not preview.ok:
            self.fail(preview)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            result = self.apply(organisation=organisation, filename=name, content=content)
        except ImportRejected as rejected:
            self.problems(rejected.preview)
            self.fail(rejected.preview)
        self.stdout.write(self.style.SUCCESS(self.done(organisation, result)))
