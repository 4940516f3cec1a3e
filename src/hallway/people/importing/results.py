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


@dataclass(frozen=True)
class NewName:
    """A team or location the import would create, and how many people it would hold."""

    name: str
    people: int


@dataclass(frozen=True)
class RejectedRow:
    """A row left out by an import that skips bad rows: its cells as text and every problem."""

    number: int
    values: list[str]
    problems: list[Problem]


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
    # Names that do not exist in the organisation yet, from the rows without problems.
    new_teams: list[NewName] = field(default_factory=list)
    new_locations: list[NewName] = field(default_factory=list)
    # Rows an import that skips bad rows would leave out (the rows with problems, and the
    # rows whose manager is only in one of those).
    rows_with_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def can_skip_bad_rows(self) -> bool:
        """Whether skipping rows would leave something to import: no problem is the file's."""
        return (
            bool(self.problems)
            and all(problem.row is not None for problem in self.problems)
            and self.rows_with_problems < self.rows
        )

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
            "new_teams": [asdict(name) for name in self.new_teams],
            "new_locations": [asdict(name) for name in self.new_locations],
            "rows_with_problems": self.rows_with_problems,
            "problems": [problem.as_dict() for problem in self.problems],
        }


@dataclass
class ImportResult:
    """What applying the file did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    columns: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)  # when bad rows were skipped

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": len(self.rejected),
        }


class ImportRejected(Exception):
    """Raised by apply when the file has problems; nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(f"the import has {len(preview.problems)} problem(s)")
        self.preview = preview
