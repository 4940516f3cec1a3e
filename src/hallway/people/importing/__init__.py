"""Import people from CSV and XLSX files: preview every problem first, then apply all or nothing.

The web UI, the REST API and the `hallway import-people` command all call these two
functions with the file's bytes; nothing else in the package is meant to be called
from outside.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.people.importing.applying import apply_plan
from hallway.people.importing.columns import FIELDS, field_choices
from hallway.people.importing.planning import plan_import
from hallway.people.importing.reading import FileProblem, read_table
from hallway.people.importing.results import (
    ImportPreview,
    ImportRejected,
    ImportResult,
    Problem,
    RejectedRow,
)

__all__ = [
    "FIELDS",
    "ImportPreview",
    "ImportRejected",
    "ImportResult",
    "Problem",
    "RejectedRow",
    "field_choices",
    "people_import_apply",
    "people_import_columns",
    "people_import_preview",
]


def people_import_preview(
    *,
    organisation: Organisation,
    filename: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
) -> ImportPreview:
    """What importing `content` would do, with every problem by row and column. Writes nothing.

    `mapping` (source heading -> field key, "" to ignore a column) overrides the detected
    mapping for the columns it names.
    """
    return plan_import(
        organisation=organisation, filename=filename, content=content, mapping=mapping
    ).preview


def people_import_apply(
    *,
    organisation: Organisation,
    filename: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
    skip_bad_rows: bool = False,
) -> ImportResult:
    """Create or update (by email) everyone in the file, in one transaction.

    Checks the file again first and raises ImportRejected, writing nothing, when it has
    any problem. With `skip_bad_rows`, rows with problems are left out instead and the
    others are written; the result lists the rows left out with their problems. A problem
    of the whole file (unreadable, a column missing) still rejects it.
    """
    try:
        with transaction.atomic():
            plan = plan_import(
                organisation=organisation, filename=filename, content=content, mapping=mapping
            )
            if not plan.preview.ok and not (skip_bad_rows and _only_row_problems(plan.preview)):
                raise ImportRejected(plan.preview)
            apply_plan(organisation=organisation, plan=plan)
    except IntegrityError as exc:
        # Someone added the same person at the same moment; the transaction is rolled back.
        conflict = Problem(None, None, None, "conflict", _(
            "The directory changed while the file was being imported, so nothing was "
            "imported. Please try again."
        ))  # fmt: skip
        raise ImportRejected(ImportPreview(problems=[conflict])) from exc
    actions = [row.action for row in plan.rows]
    return ImportResult(
        created=actions.count("create"),
        updated=actions.count("update"),
        unchanged=actions.count("unchanged"),
        skipped=plan.preview.skipped,
        columns=plan.preview.columns,
        rejected=plan.rejected,
    )


def _only_row_problems(preview: ImportPreview) -> bool:
    return all(problem.row is not None for problem in preview.problems)


def people_import_columns(*, content: bytes) -> list[str]:
    """The column headings of a file as the preview names them ([] when it cannot be read)."""
    try:
        return read_table(content=content, max_rows=settings.HALLWAY_IMPORT_MAX_ROWS).columns
    except FileProblem:
        return []
