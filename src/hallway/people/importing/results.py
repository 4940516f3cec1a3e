"""What an import reports back: problems, the preview before writing, the result after."""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file.

    `row` is the spreadsheet row as the user sees it (the header is row 1, the first data
    row is row 2); None for problems with the whole file or a whole column. `column` is the
    heading as written in the file, `field` the directory field it feeds.
    """

    row: int | None
    column: str | None
    field: str | None
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def location(self) -> str:
        """Where the problem is, as the command line prints it: "row 3, column E-Mail"."""
        if self.row and self.column:
            return _("row %(row)s, column %(column)s") % {"row": self.row, "column": self.column}
        if self.row:
            return _("row %(row)s") % {"row": self.row}
        if self.column:
            return _("column %(column)s") % {"column": self.column}
        return _("file")


@dataclass
class ImportPreview:
    """What applying the file would do, and everything that stops it."""

    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    would_create: int = 0
    would_update: int = 0
    unchanged: int = 0
    skipped: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)  # a few values per column

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def ignored_columns(self) -> list[str]:
        return [column for column in self.columns if not self.mapping.get(column)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "columns": list(self.columns),
            "mapping": dict(self.mapping),
            "ignored_columns": self.ignored_columns,
            "rows": self.rows,
            "would_create": self.would_create,
            "would_update": self.would_update,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "examples": {column: list(found) for column, found in self.examples.items()},
            "problems": [problem.as_dict() for problem in self.problems],
        }


@dataclass
class ImportResult:
    """What applying the file did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class ImportRejected(Exception):
    """Raised by apply when the file has problems; nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(f"the import has {len(preview.problems)} problem(s)")
        self.preview = preview
