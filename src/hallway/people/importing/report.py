"""The rows an import left out, as CSV to fix and upload again.

The file's own columns keep their headings, so the importer maps them again; the row
number and the problems come first and last under headings it ignores.
"""

import csv
import io

from django.utils.translation import gettext as _

from hallway.people.exporting import spreadsheet_safe
from hallway.people.importing.results import RejectedRow


def rejected_rows_csv(
    *, columns: list[str], rows: list[RejectedRow], delimiter: str = ","
) -> bytes:
    """UTF-8 CSV with a BOM for Excel; every cell is escaped like the people export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(cell) for cell in (_("Row"), *columns, _("Problems"))])
    for row in rows:
        problems = "\n".join(
            f"{problem.column}: {problem.message}" if problem.column else problem.message
            for problem in row.problems
        )
        values = (row.values + [""] * len(columns))[: len(columns)]
        writer.writerow(
            [str(row.number), *map(spreadsheet_safe, values), spreadsheet_safe(problems)]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
