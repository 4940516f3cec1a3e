"""`hallway import-people FILE --org SLUG [--dry-run] [--map SOURCE=field ...]
[--skip-bad-rows [--rejected-rows CSV]]`.

Exit code 0 when the file was imported (or, with --dry-run, would import cleanly),
2 when anything is wrong with the input; then nothing is written. With --skip-bad-rows
the rows without problems are imported and the others left out (exit code 0, the
problems listed); only a problem of the whole file still stops the import.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.people.importing import (
    FIELDS,
    ImportPreview,
    ImportRejected,
    ImportResult,
    people_import_apply,
    people_import_preview,
)
from hallway.people.importing.report import rejected_rows_csv

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Import people from a CSV or XLSX file into an organisation (upsert by email)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="A .csv, .txt (tab separated) or .xlsx file.")
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and show what would change."
        )
        parser.add_argument(
            "--map",
            action="extend",
            nargs="+",
            default=[],
            metavar="SOURCE=FIELD",
            help="Map a column heading to a field, overriding detection; an empty field "
            "ignores the column. Fields: " + ", ".join(field.key for field in FIELDS) + ".",
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the rows without problems and leave out the others "
            "(by default nothing is written when any row has a problem).",
        )
        parser.add_argument(
            "--rejected-rows",
            metavar="CSV",
            help="With --skip-bad-rows: write the rows left out, with their problems, "
            "to this CSV file.",
        )

    def handle(
        self,
        *args: Any,
        file: str,
        org: str,
        dry_run: bool,
        skip_bad_rows: bool,
        rejected_rows: str | None,
        **options: Any,
    ) -> None:
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(
                _("No organisation has the slug “%(slug)s”.") % {"slug": org},
                returncode=INVALID_INPUT,
            )
        if rejected_rows and not skip_bad_rows:
            raise CommandError(
                _("--rejected-rows needs --skip-bad-rows."), returncode=INVALID_INPUT
            )
        mapping = _parse_mapping(options["map"])
        path = Path(file)
        try:
            if path.stat().st_size > settings.HALLWAY_IMPORT_MAX_BYTES:
                # Said by the preview too, but without reading a huge file into memory first.
                raise CommandError(
                    _("%(file)s is larger than %(max)s MB.")
                    % {"file": file, "max": settings.HALLWAY_IMPORT_MAX_BYTES // (1024 * 1024)},
                    returncode=INVALID_INPUT,
                )
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror},
                returncode=INVALID_INPUT,
            ) from exc

        preview = people_import_preview(
            organisation=organisation, filename=path.name, content=content, mapping=mapping
        )
        self._report(preview)
        if not preview.ok and not (skip_bad_rows and preview.can_skip_bad_rows):
            self._fail(preview)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            result = people_import_apply(
                organisation=organisation,
                filename=path.name,
                content=content,
                mapping=mapping,
                skip_bad_rows=skip_bad_rows,
            )
        except ImportRejected as rejected:  # the directory changed since the preview
            self._report_problems(rejected.preview)
            self._fail(rejected.preview)
        if result.rejected:
            self._report_rejected(result, rejected_rows)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported into %(organisation)s: %(created)s created, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(skipped)s empty rows skipped."
                )
                % {"organisation": organisation.slug, **result.as_dict()}
            )
        )

    def _report(self, preview: ImportPreview) -> None:
        write = self.stdout.write
        if preview.columns:
            write(_("Columns:"))
            width = max(len(column) for column in preview.columns)
            for column in preview.columns:
                target = preview.mapping.get(column) or _("(ignored)")
                write(f"  {column.ljust(width)}  -> {target}")
        if preview.ok:
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
        else:
            write(_("Rows: %(rows)s.") % {"rows": preview.rows})
        for heading, names in (
            (_("New teams:"), preview.new_teams),
            (_("New locations:"), preview.new_locations),
        ):
            if names:
                write(heading + " " + ", ".join(f"{new.name} ({new.people})" for new in names))
        self._report_problems(preview)

    def _report_rejected(self, result: ImportResult, path: str | None) -> None:
        self.stderr.write(
            _("%(count)s row(s) with problems were left out.") % {"count": len(result.rejected)}
        )
        if not path:
            return
        report = rejected_rows_csv(columns=result.columns, rows=result.rejected)
        try:
            Path(path).write_bytes(report)
        except OSError as exc:
            # The import is done; only the list could not be written.
            self.stderr.write(
                _("Cannot write %(file)s: %(reason)s") % {"file": path, "reason": exc.strerror}
            )
        else:
            self.stderr.write(_("The rows left out are listed in %(file)s.") % {"file": path})

    def _report_problems(self, preview: ImportPreview) -> None:
        if not preview.problems:
            return
        self.stderr.write(_("Problems (%(count)s):") % {"count": len(preview.problems)})
        for problem in preview.problems:
            self.stderr.write(f"  {problem.location}: {problem.message}")

    def _fail(self, preview: ImportPreview) -> None:
        raise CommandError(
            _("The file has %(count)s problem(s); nothing was written.")
            % {"count": len(preview.problems)},
            returncode=INVALID_INPUT,
        )


def _parse_mapping(pairs: list[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        if "=" not in pair:
            raise CommandError(
                _("--map expects SOURCE=FIELD, for example “E-Mail=email”, not “%(pair)s”.")
                % {"pair": pair},
                returncode=INVALID_INPUT,
            )
        source, field = pair.rsplit("=", 1)
        mapping[source.strip()] = field.strip()
    return mapping or None
