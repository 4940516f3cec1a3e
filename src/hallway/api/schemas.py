"""Schemas shared by every endpoint: the error format and list pages."""

from typing import Annotated, Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import StrictInt

MAX_LIMIT = 200
# Larger than any list can be, small enough for every database's integers.
MAX_OFFSET = 2**31 - 1
DEFAULT_LIMIT = 50
# Ids are 64-bit: a larger number in a path or a body is refused before any query.
MAX_ID = 2**63 - 1

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a JSON body: a number, not a string that looks like one.
BodyId = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omittable(**constraints: Any) -> Any:
    """A body field that may be left out but is never null (`exclude_unset` drops it)."""
    return Field(None, json_schema_extra=_without_default, **constraints)


class ErrorDetail(Schema):
    field: str | None = Field(None, description="The field the problem is about, if any.")
    message: str
    code: str
    row: int | None = Field(None, description="Imports only: the spreadsheet row (header = 1).")
    column: str | None = Field(None, description="Imports only: the column heading in the file.")


class ErrorBody(Schema):
    code: str = Field(..., description="Machine-readable, e.g. not_found or validation_error.")
    message: str = Field(..., description="Human-readable, in the request's language.")
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


# What an operation with a JSON body can also answer: malformed JSON (400), a body over
# the upload limit (413), values that do not fit the schema or the rules (422).
JSON_BODY = (400, 413, 422)


def error_responses(*statuses: int) -> dict[int, Any]:
    """Document the error format on an operation (handlers produce it, not the view)."""
    return dict.fromkeys((401, 404, *statuses), ErrorOut)


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}."
    )
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description=f"How many results to skip, at most {MAX_OFFSET}."
    )


def paginate(request: HttpRequest, queryset: QuerySet[Any], page: PageParams) -> dict[str, Any]:
    """`{"count", "next", "previous", "results"}`; next/previous are absolute URLs or null."""
    count = queryset.count()
    results = list(queryset[page.offset : page.offset + page.limit])

    def link(offset: int) -> str:
        query = request.GET.copy()
        query["limit"] = str(page.limit)
        query["offset"] = str(offset)
        return request.build_absolute_uri(
            f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
        )

    has_next = page.offset + page.limit < count
    has_previous = page.offset > 0
    return {
        "count": count,
        "next": link(page.offset + page.limit) if has_next else None,
        "previous": link(max(page.offset - page.limit, 0)) if has_previous else None,
        "results": results,
    }
