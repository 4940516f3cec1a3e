"""What the orders and touches imports share: a CSV or XLSX file read by the people
importer's reader, its columns recognised by their headings (English, German or Dutch,
compared as the people importer compares them), and the required columns checked."""

from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from hallway.people.importing.columns import normalise
from hallway.people.importing.reading import FileProblem, Table, read_table
from hallway.people.importing.results import ImportPreview, Problem

COMPANY_HEADINGS = "company firma unternehmen bedrijf organisatie client kunde klant"


def heading_mapping(columns: list[str], headings: Mapping[str, str]) -> dict[str, str]:
    """Source heading -> field key ("" = ignored), the first column of a field winning.
    `headings` spells each field's headings separated by spaces; "_" stands for a space
    within one heading ("ordered_on")."""
    words = {
        normalise(word.replace("_", " ")): key
        for key, spelled in headings.items()
        for word in (key, *spelled.split())
    }
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        key = words.get(normalise(column), "")
        mapping[column] = "" if key in taken else key
        if key:
            taken.add(key)
    return mapping


def read_mapped_table(
    *,
    preview: ImportPreview,
    filename: str,
    content: bytes,
    headings: Mapping[str, str],
    required: Mapping[str, StrOrPromise],
) -> Table | None:
    """The file's table with `preview` told its columns; None (and the problems in
    `preview`) when the file cannot be read or lacks a required column."""
    try:
        table = read_table(
            content=content, max_rows=settings.HALLWAY_IMPORT_MAX_ROWS, filename=filename
        )
    except FileProblem as problem:
        preview.problems.append(Problem(None, None, None, problem.code, problem.message))
        return None
    preview.columns, preview.skipped = list(table.columns), table.blank_rows
    preview.mapping = heading_mapping(table.columns, headings)
    present = set(preview.mapping.values())
    for key, label in required.items():
        if key not in present:
            preview.problems.append(Problem(None, None, key, "missing_column", _(
                "No column holds the %(field)s."
            ) % {"field": label}))  # fmt: skip
    return None if preview.problems else table
