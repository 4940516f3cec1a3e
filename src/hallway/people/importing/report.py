"""The rows an import left out, as CSV to fix and upload again.

The file's own columns keep their headings, so the importer maps them again; the row
number and the problems come first and last under headings it ignores.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from hallway.core.csv_files import csv_bytes
from hallway.people.importing.results import RejectedRow


def rejected_rows_csv(
    *, columns: list[str], rows: list[RejectedRow], delimiter: str = ","
) -> bytes:
    """UTF-8 CSV with a BOM for Excel; no cell a spreadsheet would run as a formula."""

    def lines() -> Iterator[list[str]]:
        yield [_("Row"), *columns, _("Problems")]
        for row in rows:
            problems = "\n".join(
                f"{problem.column}: {problem.message}" if problem.column else problem.message
                for problem in row.problems
            )
            values = (row.values + [""] * len(columns))[: len(columns)]
            yield [str(row.number), *values, problems]

    return csv_bytes(lines(), delimiter=delimiter)
