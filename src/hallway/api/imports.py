"""/api/v1/people/import: the same preview-then-apply import as the web page.

`dry_run` (the default) previews: it reports what applying would do and writes nothing.
`dry_run=false` applies the file in one transaction. Either way a file with problems is
a 422 whose details name each problem's row, column, field and reason, and nothing is
written.
"""

import json
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from hallway.accounts.models import Role
from hallway.api.auth import TokenAuth, organisation_of
from hallway.api.errors import ApiError
from hallway.api.schemas import error_responses
from hallway.people.importing import (
    ImportPreview,
    ImportRejected,
    people_import_apply,
    people_import_preview,
)

router = Router(tags=["people"])


class ImportProblemOut(Schema):
    row: int | None = Field(..., description="Spreadsheet row; the header is row 1.")
    column: str | None = Field(..., description="The column heading as written in the file.")
    field: str | None = Field(..., description="The directory field the column feeds.")
    code: str
    message: str


class ImportPreviewOut(Schema):
    ok: bool
    columns: list[str]
    mapping: dict[str, str] = Field(..., description="Column heading → field ('' = ignored).")
    ignored_columns: list[str]
    rows: int
    would_create: int
    would_update: int
    unchanged: int
    skipped: int
    examples: dict[str, list[str]] = Field(
        default_factory=dict, description="A few values of each column, to help map it."
    )
    problems: list[ImportProblemOut]


class ImportResultOut(Schema):
    created: int
    updated: int
    unchanged: int
    skipped: int


class ImportPreviewResponse(Schema):
    dry_run: Literal[True]
    preview: ImportPreviewOut


class ImportAppliedResponse(Schema):
    dry_run: Literal[False]
    result: ImportResultOut


def _mapping(raw: str | None) -> dict[str, str] | None:
    if raw is None or not raw.strip():
        return None
    try:
        mapping = json.loads(raw)
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        message = _(
            'The mapping must be a JSON object from column heading to field, such as {"E-Mail": "email", "Notes": ""}.'
        )
        raise ApiError(400, "invalid_input", message, [_detail("mapping", message, "invalid")])
    return mapping


def _detail(field: str | None, message: str, code: str) -> dict[str, Any]:
    return {"field": field, "message": message, "code": code}


def _rejected(preview: ImportPreview) -> ApiError:
    count = len(preview.problems)
    return ApiError(
        422,
        "validation_error",
        ngettext(
            "The file has %(count)d problem. Nothing was imported.",
            "The file has %(count)d problems. Nothing was imported.",
            count,
        )
        % {"count": count},
        [
            {**_detail(p.field, p.message, p.code), "row": p.row, "column": p.column}
            for p in preview.problems
        ],
    )


@router.post(
    "/people/import",
    response={
        200: ImportPreviewResponse | ImportAppliedResponse,
        **error_responses(400, 403, 413, 422),
    },
    auth=TokenAuth(Role.ORGANISER),
)
def people_import(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
    mapping: Form[str | None] = None,
) -> dict[str, Any]:
    """Upload a CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX file of people.

    Rows are matched to the directory by email: new ones are created, known ones updated.
    `mapping` overrides the detected columns, as JSON: `{"E-Mail": "email", "Notes": ""}`.
    """
    limit = settings.HALLWAY_IMPORT_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ApiError(
            413,
            "payload_too_large",
            _("The file is larger than %(max)s MB. Please split it into smaller files.")
            % {"max": limit // (1024 * 1024)},
        )
    arguments: dict[str, Any] = {
        "organisation": organisation_of(request),
        "filename": file.name or "",
        "content": file.read(),
        "mapping": _mapping(mapping),
    }
    if dry_run:
        preview = people_import_preview(**arguments)
        if not preview.ok:
            raise _rejected(preview)
        return {"dry_run": True, "preview": preview.as_dict()}
    try:
        result = people_import_apply(**arguments)
    except ImportRejected as rejected:
        raise _rejected(rejected.preview) from rejected
    return {"dry_run": False, "result": result.as_dict()}
