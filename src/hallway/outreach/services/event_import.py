"""Inbound events from a CSV file: what the signed webhook accepts from an ATS ("candidate
stage changed", "placement started/ended", "order created"), one event a row.

The file is UTF-8 (a BOM is fine), separated by `;` or `,` (sniffed), with a column `event`
and flat dotted columns that become the nested payload (`candidate.email` →
`{"candidate": {"email": …}}`); empty cells are left out, and `true` / `false` become
JSON's booleans (`notify`), as the webhook's JSON would carry them; everything else stays
text (ids and dates included), which every handler reads. Each row goes to the handler
registered for its event in `messaging.inbound` — the same code the webhook runs.

`event_import_preview` runs every row inside a transaction that is rolled back: each row's
problem (its row number, the header being row 1) is found by the handler itself, and
nothing is written. `event_import_apply` runs them again in ONE transaction and keeps it
only when every row went through: all or nothing. A handler must therefore write only
to the database (messages go through the outbox, which is the database too).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.messaging.inbound import inbound_event_get, inbound_events

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
EVENT = "event"
BOOLEANS = {"true": True, "false": False}


class EventFileError(ValidationError):
    """The file as a whole cannot be read (not CSV, not UTF-8, too large, no `event`)."""


@dataclass
class EventRow:
    number: int
    event: str
    payload: dict[str, Any]
    problem: str = ""
    note: str = ""


@dataclass
class EventImport:
    columns: list[str] = field(default_factory=list)
    rows: list[EventRow] = field(default_factory=list)
    applied: bool = False

    @property
    def problems(self) -> list[EventRow]:
        return [row for row in self.rows if row.problem]

    def as_dict(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "rows": len(self.rows),
            "problems": [{"row": row.number, "message": row.problem} for row in self.problems],
            "results": [
                {"row": row.number, "event": row.event, "note": row.note}
                for row in self.rows
                if not row.problem
            ],
        }


class _Rollback(Exception):
    pass


def _text(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise EventFileError(
            _("The file is larger than %(max)d MB.") % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise EventFileError(_("The file is empty."))
    if b"\x00" in content[:4096] or content[:4] == b"PK\x03\x04":
        raise EventFileError(_("This is not a CSV file. Save it as CSV (UTF-8), one event a row."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EventFileError(
            _(
                "The file is not UTF-8 (a byte at position %(position)d cannot be read). "
                "Save it as CSV UTF-8."
            )
            % {"position": exc.start}
        ) from exc


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    header = text.splitlines()[0] if text else ""
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=";,")
    except csv.Error:
        return csv.excel if header.count(",") >= header.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _columns(header: list[str]) -> list[str]:
    columns = [cell.strip() for cell in header]
    lowered = [column.lower() for column in columns]
    if EVENT not in lowered:
        raise EventFileError(
            _("The file has no “event” column (found: %(columns)s). Is it a CSV file?")
            % {"columns": ", ".join(column for column in columns if column) or "—"}
        )
    seen: set[str] = set()
    for column in columns:
        if not column:
            continue
        parts = column.split(".")
        if any(not part.strip() for part in parts):
            raise EventFileError(
                _("The column “%(column)s” has an empty name part.") % {"column": column}
            )
        if column in seen:
            raise EventFileError(_("The column “%(column)s” appears twice.") % {"column": column})
        seen.add(column)
    for column in seen:
        for other in seen:
            if other.startswith(column + "."):
                raise EventFileError(
                    _("The columns “%(column)s” and “%(other)s” cannot both be given.")
                    % {"column": column, "other": other}
                )
    return columns


def _payload(columns: list[str], cells: list[str]) -> tuple[str, dict[str, Any]]:
    event = ""
    payload: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=False):
        value = cell.strip()
        if not column or not value:
            continue
        if column.lower() == EVENT:
            event = value
            continue
        target: dict[str, Any] = payload
        *path, last = [part.strip() for part in column.split(".")]
        for part in path:
            target = target.setdefault(part, {})
        target[last] = BOOLEANS.get(value.lower(), value)
    return event, {EVENT: event, **payload}


def event_file_read(*, content: bytes) -> EventImport:
    """The rows of the file, each with the problems found without a handler (unknown
    event, too many cells); raises EventFileError when the file cannot be read at all."""
    text = _text(content)
    try:
        reader = list(csv.reader(io.StringIO(text), _dialect(text)))
    except csv.Error as exc:
        raise EventFileError(
            _("This is not a CSV file the import can read: %(reason)s") % {"reason": exc}
        ) from exc
    if not reader:
        raise EventFileError(_("The file is empty."))
    result = EventImport(columns=_columns(reader[0]))
    known = ", ".join(event.name for event in inbound_events()) or "—"
    for number, cells in enumerate(reader[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.rows) >= MAX_ROWS:
            raise EventFileError(_("At most %(max)d events a file.") % {"max": MAX_ROWS})
        event, payload = _payload(result.columns, cells)
        row = EventRow(number=number, event=event, payload=payload)
        if len(cells) > len(result.columns):
            row.problem = _("More cells than columns (%(cells)d of %(columns)d).") % {
                "cells": len(cells),
                "columns": len(result.columns),
            }
        elif not event:
            row.problem = _("No event given.")
        elif inbound_event_get(event) is None:
            row.problem = _("Unknown event “%(event)s”; known events: %(known)s.") % {
                "event": event,
                "known": known,
            }
        result.rows.append(row)
    if not result.rows:
        raise EventFileError(_("The file has no events, only its header."))
    return result


def _problem_of(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
            )
        return " ".join(exc.messages)
    return _("A field is missing or has the wrong form (%(detail)s).") % {"detail": exc}


def _run(organisation: Organisation, result: EventImport, now: datetime.datetime) -> None:
    """Each row through its handler, each in a savepoint (a row's failure undoes only it)."""
    for row in result.rows:
        if row.problem:
            continue
        event = inbound_event_get(row.event)
        assert event is not None
        try:
            with transaction.atomic():
                row.note = event.handler(organisation, row.payload, now) or ""
        except (ValidationError, KeyError, TypeError, ValueError) as exc:
            row.problem = _problem_of(exc)


def event_import_preview(
    *, organisation: Organisation, content: bytes, now: datetime.datetime
) -> EventImport:
    """Every row checked by its handler, nothing written (see the module's docstring)."""
    result = event_file_read(content=content)
    try:
        with transaction.atomic():
            _run(organisation, result, now)
            raise _Rollback
    except _Rollback:
        pass
    return result


def event_import_apply(
    *, organisation: Organisation, content: bytes, now: datetime.datetime
) -> EventImport:
    """All rows in one transaction, kept only when none has a problem (`applied`)."""
    result = event_file_read(content=content)
    try:
        with transaction.atomic():
            _run(organisation, result, now)
            if result.problems:
                raise _Rollback
    except _Rollback:
        for row in result.rows:
            row.note = ""
        return result
    result.applied = True
    return result
