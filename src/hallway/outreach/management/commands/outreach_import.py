"""`hallway outreach_import FILE --org SLUG [--apply] [--json]`: inbound events (an ATS's
"candidate stage changed", "placement started/ended", "order created") from a CSV file.

Without `--apply` it previews: every row's problem with its row number, nothing written.
With `--apply` it writes every row in one transaction, or nothing when any row has a
problem. Problems exit 2.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.accounts.command_input import INVALID_INPUT, organisation_by_slug
from hallway.outreach.services.event_import import (
    MAX_BYTES,
    EventFileError,
    EventImport,
    event_import_apply,
    event_import_preview,
)


class Command(BaseCommand):
    help = "Outreach: import inbound events (stage changes, placements, orders) from a CSV file."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="A CSV file (UTF-8): a column `event`, dotted fields.")
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument(
            "--apply", action="store_true", help="Write the events (else: preview only)."
        )
        parser.add_argument("--json", action="store_true", help="Answer in JSON.")

    def _read(self, file: str) -> bytes:
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    _("%(file)s is larger than %(max)s MB.")
                    % {"file": file, "max": MAX_BYTES // (1024 * 1024)},
                    returncode=INVALID_INPUT,
                )
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror},
                returncode=INVALID_INPUT,
            ) from exc

    def handle(self, *args: Any, file: str, org: str, **options: Any) -> None:
        organisation = organisation_by_slug(org)
        content = self._read(file)
        run = event_import_apply if options["apply"] else event_import_preview
        try:
            result = run(organisation=organisation, content=content, now=timezone.now())
        except EventFileError as exc:
            raise CommandError(" ".join(exc.messages), returncode=INVALID_INPUT) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self._report(result, applied=options["apply"])
        if result.problems:
            raise CommandError(
                _("The file has %(count)s problem(s); nothing was written.")
                % {"count": len(result.problems)},
                returncode=INVALID_INPUT,
            )

    def _report(self, result: EventImport, *, applied: bool) -> None:
        for row in result.rows:
            if row.problem:
                self.stderr.write(
                    _("Row %(row)d: %(problem)s") % {"row": row.number, "problem": row.problem}
                )
            else:
                self.stdout.write(f"{row.number}\t{row.event}\t{row.note}")
        if result.applied:
            count = len(result.rows)
            self.stdout.write(
                ngettext("Applied %(count)d event.", "Applied %(count)d events.", count)
                % {"count": count}
            )
        elif not result.problems and not applied:
            count = len(result.rows)
            self.stdout.write(
                ngettext(
                    "%(count)d event would be applied; run again with --apply.",
                    "%(count)d events would be applied; run again with --apply.",
                    count,
                )
                % {"count": count}
            )
