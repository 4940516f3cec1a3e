"""Import touches (calls, meetings, mails… had outside Hallway) from CSV or XLSX: kind,
time, contacts (their emails), company, summary and the member who had it, with headings in
English, German or Dutch.

Each row's touch carries an id made from its content, so importing the same file twice
records nothing twice. Rhythms move as for any touch (`touch_record`).
"""

import datetime
import hashlib
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.people import cell_values
from hallway.people.cell_values import CellProblem
from hallway.people.importing.results import ImportPreview, Problem
from hallway.relationships.importing.planning import (
    CHUNK,
    choice_words,
    company_key,
    email_list,
    squash,
)
from hallway.relationships.importing.tables import COMPANY_HEADINGS, read_mapped_table
from hallway.relationships.models import Company, Contact, Touch, TouchKind, TouchSource
from hallway.relationships.services.records import contacts_by_email, members_by_email
from hallway.relationships.services.touches import touch_record

HEADINGS = {
    "kind": "type art typ soort",
    "at": "when date time datum zeit zeitpunkt wann wanneer tijd tijdstip",
    "contacts": "contact emails email e-mail kontakte kontakt contactpersonen contactpersoon",
    "company": COMPANY_HEADINGS,
    "summary": "notes zusammenfassung notizen samenvatting notities description beschreibung",
    "by": "member who wer wie von door colleague kollege kollegin collega mitglied lid",
}
# Gatherings are recorded by the gatherings themselves, not imported.
IMPORTED_KINDS = tuple(choice for choice in TouchKind.choices if choice[0] != TouchKind.GATHERING)
KIND_WORDS = {
    TouchKind.CALL: "phone phonecall anruf telefonat gesprek telefoongesprek",
    TouchKind.VIDEO: "videocall videoanruf videokonferenz videogesprek",
    TouchKind.MEETING: "treffen besprechung termin afspraak vergadering",
    TouchKind.EMAIL: "mail",
    TouchKind.MESSAGE: "chat nachricht bericht",
    TouchKind.COFFEE: "kaffee koffie",
    TouchKind.NOTE: "notiz notitie",
}
SUMMARY_MAX = 5000
DATE_ONLY = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})")
DAY_FIRST_TIME = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}) (\d{1,2}):(\d{2})")
NOON = datetime.time(12)


class TouchImportPreview(ImportPreview):
    pass


@dataclass
class TouchRow:
    number: int
    kind: str
    at: datetime.datetime
    contacts: list[Contact]
    company: Company | None
    summary: str
    by: User | None
    external_id: str


@dataclass
class TouchPlan:
    preview: TouchImportPreview
    rows: list[TouchRow] = field(default_factory=list)


def _kind(cell: Any) -> str:
    extra = tuple((str(k), v) for k, v in KIND_WORDS.items())
    value = choice_words(IMPORTED_KINDS, extra).get(squash(cell_values.text(cell)))
    if value is None:
        raise CellProblem("invalid_kind", _("“%(value)s” is not a kind of touch. Use one of: %(choices)s.") % {
            "value": cell_values.text(cell), "choices": ", ".join(k for k, _l in IMPORTED_KINDS)})  # fmt: skip
    return value


def _at(cell: Any, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """An aware time: with its offset as written, else in the organisation's zone; a bare
        date at noon there (the middle of the working day, whatever the zone of the reader). A
    spreadsheet's date cell arrives as midnight: a bare date too."""
    if isinstance(cell, datetime.datetime) and (cell.tzinfo or cell.time() != datetime.time()):
        moment = cell
    elif isinstance(cell, datetime.date) or DATE_ONLY.fullmatch(cell_values.text(cell)):
        moment = datetime.datetime.combine(cell_values.date(cell), NOON)
    else:
        value = cell_values.text(cell)
        day_first = DAY_FIRST_TIME.fullmatch(value)
        try:
            if day_first:
                day, month, year, hour, minute = (int(part) for part in day_first.groups())
                moment = datetime.datetime(year, month, day, hour, minute)
            else:
                moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise CellProblem("invalid_time", _(
                "“%(value)s” is not a time. Write it as 2026-12-01 14:30, with an offset "
                "(2026-12-01T14:30+01:00) or without (then in the organisation's time zone)."
            ) % {"value": value}) from None  # fmt: skip
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _external_id(
    kind: str, at: datetime.datetime, emails: list[str], company: str, summary: str
) -> str:
    content = "\x1f".join(
        (kind, at.astimezone(datetime.UTC).isoformat(), ",".join(sorted(set(emails))),
         company_key(company), summary)
    )  # fmt: skip
    return "row:" + hashlib.sha256(content.encode()).hexdigest()


def _cells(table_columns: list[str], cells: list[Any], column_of: dict[str, str]) -> dict[str, Any]:
    by_column = dict(zip(table_columns, cells, strict=True))
    found = {}
    for key, column in column_of.items():
        cell = by_column.get(column)
        if cell is not None and not (isinstance(cell, str) and not cell.strip()):
            found[key] = cell
    return found


def plan_touches_import(*, organisation: Organisation, filename: str, content: bytes) -> TouchPlan:
    preview = TouchImportPreview()
    plan = TouchPlan(preview=preview)
    required = {"kind": _("kind of touch"), "at": _("time"), "contacts": _("contacts")}
    table = read_mapped_table(
        preview=preview, filename=filename, content=content, headings=HEADINGS, required=required
    )
    if table is None:
        return plan
    column_of = {key: column for column, key in preview.mapping.items() if key}
    zone = zoneinfo.ZoneInfo(organisation.timezone)
    preview.rows = len(table.rows)

    def problem(number: int, key: str, code: str, message: str) -> None:
        preview.problems.append(Problem(number, column_of.get(key), key, code, message))

    parsed: list[tuple[int, dict[str, Any]]] = []
    for row in table.rows:
        cells = _cells(table.columns, row.cells, column_of)
        values: dict[str, Any] = {}
        for key, parse in (
            ("kind", _kind),
            ("at", lambda cell: _at(cell, zone)),
            ("contacts", email_list),
            ("company", cell_values.text),
            ("summary", cell_values.text_keeping_lines),
            ("by", cell_values.email),
        ):
            if key not in cells:
                if key in required:
                    problem(row.number, key, "required", _("This cell is empty."))
                continue
            try:
                values[key] = parse(cells[key])
            except CellProblem as cell_problem:
                problem(row.number, key, cell_problem.code, cell_problem.message)
        if len(values.get("summary", "")) > SUMMARY_MAX:
            problem(row.number, "summary", "too_long", _("Enter at most %(max)s characters.") % {"max": SUMMARY_MAX})  # fmt: skip
        parsed.append((row.number, values))

    emails = sorted({email for _n, values in parsed for email in values.get("contacts", [])})
    contacts: dict[str, Contact] = {}
    for start in range(0, len(emails), CHUNK):
        contacts |= contacts_by_email(organisation, emails[start : start + CHUNK])
    members = members_by_email(organisation, {v["by"] for _n, v in parsed if "by" in v})
    companies = {company_key(c.name): c for c in scoped(Company, organisation)}

    for number, values in parsed:
        for email in values.get("contacts", []):
            if email not in contacts:
                problem(number, "contacts", "unknown_contact", _(
                    "No contact of this organisation has the address %(email)s."
                ) % {"email": email})  # fmt: skip
        company = companies.get(company_key(values.get("company", "")))
        if "company" in values and company is None:
            problem(number, "company", "unknown_company", _(
                "No company is called “%(name)s”. Add it first, or correct the name."
            ) % {"name": values["company"]})  # fmt: skip
        by = members.get(values.get("by", ""))
        if "by" in values and by is None:
            problem(number, "by", "unknown_member", _(
                "Not members of this organisation: %(emails)s"
            ) % {"emails": values["by"]})  # fmt: skip
        if {"kind", "at", "contacts"} - set(values):
            continue
        summary = " ".join(values.get("summary", "").split())
        external_id = _external_id(values["kind"], values["at"], values["contacts"],
                                   values.get("company", ""), summary)  # fmt: skip
        row_contacts = list({contacts[e].pk: contacts[e] for e in values["contacts"] if e in contacts}.values())  # fmt: skip
        plan.rows.append(TouchRow(number, values["kind"], values["at"], row_contacts, company,
                                  values.get("summary", "").strip(), by, external_id))  # fmt: skip

    preview.rows_with_problems = len({p.row for p in preview.problems})
    _drop_known(organisation, plan)
    return plan


def _drop_known(organisation: Organisation, plan: TouchPlan) -> None:
    """Rows imported before, or twice in this file, are recorded once: they count as
    unchanged."""
    known = _known_ids(organisation, [planned.external_id for planned in plan.rows])
    new_rows: list[TouchRow] = []
    for planned in plan.rows:
        if planned.external_id in known:
            plan.preview.unchanged += 1
        else:
            known.add(planned.external_id)
            new_rows.append(planned)
    plan.rows = new_rows
    plan.preview.would_create = len(new_rows)


def _known_ids(organisation: Organisation, ids: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        known.update(
            scoped(Touch, organisation)
            .filter(source=TouchSource.IMPORT, external_id__in=ids[start : start + CHUNK])
            .values_list("external_id", flat=True)
        )
    return known


def apply_touches_plan(*, organisation: Organisation, plan: TouchPlan) -> int:
    for row in plan.rows:
        touch_record(
            organisation=organisation,
            kind=row.kind,
            at=row.at,
            contacts=row.contacts,
            company=row.company,
            by=row.by,
            summary=row.summary,
            source=TouchSource.IMPORT,
            external_id=row.external_id,
        )
    return len(plan.rows)
