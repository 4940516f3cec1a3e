"""Uploaded people files kept between preview and apply (the web UI's import flow).

The file holds personal data, so it is kept only as long as needed: its bytes are
dropped once it is applied, uploads nobody applied are deleted after a week, and so is
the list of rows an import left out.
"""

import datetime
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import get_scoped_or_404
from hallway.people.importing import people_import_apply, people_import_columns
from hallway.people.importing.results import ImportResult, Problem, RejectedRow
from hallway.people.models import PeopleImport

UNAPPLIED_UPLOADS_KEPT = datetime.timedelta(days=7)
REJECTED_ROWS_KEPT = datetime.timedelta(days=7)


class AlreadyApplied(Exception):
    pass


def people_import_upload(
    *, organisation: Organisation, user: User, filename: str, content: bytes
) -> PeopleImport:
    return PeopleImport.objects.create(
        organisation=organisation,
        uploaded_by=user,
        filename=PurePath(filename).name[:255],
        content=content,
    )


def people_import_set_mapping(*, people_import: PeopleImport, choices: dict[int, str]) -> None:
    """Set the field for each column of the file by its position ("" or absent: ignored)."""
    if people_import.applied_at is not None:
        raise AlreadyApplied
    columns = people_import_columns(content=bytes(people_import.content))
    people_import.mapping = {column: choices.get(index, "") for index, column in enumerate(columns)}
    people_import.save(update_fields=["mapping"])


@transaction.atomic
def people_import_run(
    *, organisation: Organisation, pk: int, skip_bad_rows: bool = False
) -> ImportResult:
    """Apply an uploaded file once, never twice (AlreadyApplied).

    All or nothing (ImportRejected) unless `skip_bad_rows`: then the rows with problems are
    left out and kept, with their problems, for `people_import_rejected_rows`.
    """
    people_import = get_scoped_or_404(PeopleImport.objects.select_for_update(), organisation, pk=pk)
    if people_import.applied_at is not None:
        raise AlreadyApplied
    result = people_import_apply(
        organisation=organisation,
        filename=people_import.filename,
        content=bytes(people_import.content),
        mapping=people_import.mapping or None,
        skip_bad_rows=skip_bad_rows,
    )
    people_import.applied_at = timezone.now()
    people_import.result = result.as_dict()
    people_import.content = b""
    people_import.rejected_rows = (
        {"columns": result.columns, "rows": [_rejected_as_json(row) for row in result.rejected]}
        if result.rejected
        else {}
    )
    people_import.save(update_fields=["applied_at", "result", "content", "rejected_rows"])
    return result


def people_import_rejected_rows(
    *, people_import: PeopleImport
) -> tuple[list[str], list[RejectedRow]]:
    """The columns of the file and the rows its import left out ([] when none, or pruned)."""
    stored = people_import.rejected_rows or {}
    rows = [
        RejectedRow(
            number=row["row"],
            values=row["values"],
            problems=[
                Problem(row["row"], problem["column"], problem["field"], problem["code"],
                        problem["message"])
                for problem in row["problems"]
            ],
        )
        for row in stored.get("rows", [])
    ]  # fmt: skip
    return list(stored.get("columns", [])), rows


def _rejected_as_json(row: RejectedRow) -> dict[str, Any]:
    return {
        "row": row.number,
        "values": row.values,
        "problems": [problem.as_dict() for problem in row.problems],
    }


def people_imports_prune(*, now: datetime.datetime) -> int:
    """Delete uploads nobody applied within a week (idempotent). Returns how many."""
    deleted, _ = PeopleImport.objects.filter(
        applied_at__isnull=True, created_at__lt=now - UNAPPLIED_UPLOADS_KEPT
    ).delete()
    # The rows left out are personal data too; after a week they are no longer needed.
    PeopleImport.objects.filter(applied_at__lt=now - REJECTED_ROWS_KEPT).exclude(
        rejected_rows={}
    ).update(rejected_rows={})
    return deleted
