"""Import orders (a client's requests for work) from CSV or XLSX: company (by name, an
existing one), title, date and status, with headings in English, German or Dutch.

A row whose company, title and date are already recorded is left as it is, so importing
the same file twice records nothing new.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.people import cell_values
from hallway.people.cell_values import CellProblem
from hallway.people.importing.columns import normalise
from hallway.people.importing.reading import FileProblem, read_table
from hallway.people.importing.results import ImportPreview, Problem
from hallway.relationships.importing.planning import choice_words, company_key, squash
from hallway.relationships.models import Company, Order, OrderStatus
from hallway.relationships.services.orders import order_record

HEADINGS = {
    "company": "company firma unternehmen bedrijf organisatie client kunde klant",
    "title": "title order titel auftrag bezeichnung opdracht omschrijving vacancy vakanz vacature",
    "at": "date datum ordered on bestellt am",
    "status": "status zustand",
}
STATUS_WORDS = {
    OrderStatus.OPEN: "offen",
    OrderStatus.ON_HOLD: "pausiert wachtend",
    OrderStatus.FILLED: "besetzt vervuld erledigt done",
    OrderStatus.CANCELLED: "storniert abgesagt geannuleerd",
    OrderStatus.LOST: "verloren",
}


class OrderImportPreview(ImportPreview):
    pass


@dataclass
class OrderRow:
    number: int
    company: Company
    title: str
    at: Any
    status: str


@dataclass
class OrderPlan:
    preview: OrderImportPreview
    rows: list[OrderRow] = field(default_factory=list)


def _mapping(columns: list[str]) -> dict[str, str]:
    words = {normalise(word): key for key, spelled in HEADINGS.items() for word in spelled.split()}
    words[normalise("ordered on")] = "at"
    mapping, taken = {}, set()
    for column in columns:
        key = words.get(normalise(column), "")
        mapping[column] = "" if key in taken else key
        taken.add(key)
    return mapping


def _status(cell: Any) -> str:
    extra = tuple((str(k), v) for k, v in STATUS_WORDS.items())
    value = choice_words(tuple(OrderStatus.choices), extra).get(squash(cell_values.text(cell)))
    if value is None:
        raise CellProblem("invalid_status", _("“%(value)s” is not an order status. Use one of: %(choices)s.") % {
            "value": cell_values.text(cell), "choices": ", ".join(OrderStatus.values)})  # fmt: skip
    return value


def plan_orders_import(*, organisation: Organisation, filename: str, content: bytes) -> OrderPlan:
    preview = OrderImportPreview()
    plan = OrderPlan(preview=preview)
    try:
        table = read_table(
            content=content, max_rows=settings.HALLWAY_IMPORT_MAX_ROWS, filename=filename
        )
    except FileProblem as problem:
        preview.problems.append(Problem(None, None, None, problem.code, problem.message))
        return plan
    preview.columns, preview.skipped = list(table.columns), table.blank_rows
    preview.mapping = _mapping(table.columns)
    column_of = {key: column for column, key in preview.mapping.items() if key}
    for key in ("company", "title", "at"):
        if key not in column_of:
            preview.problems.append(Problem(None, None, key, "missing_column", _(
                "No column holds the %(field)s."
            ) % {"field": {"company": _("company"), "title": _("title"), "at": _("date")}[key]}))  # fmt: skip
    if preview.problems:
        return plan
    companies = {company_key(c.name): c for c in scoped(Company, organisation)}
    known = set(scoped(Order, organisation).values_list("company_id", "title", "at"))
    preview.rows = len(table.rows)
    for row in table.rows:
        cells = dict(zip(table.columns, row.cells, strict=True))
        values: dict[str, Any] = {"status": OrderStatus.OPEN}
        for key, parse in (
            ("company", cell_values.text),
            ("title", lambda c: " ".join(cell_values.text(c).split())),
            ("at", cell_values.date),
            ("status", _status),
        ):
            column = column_of.get(key)
            cell = cells.get(column) if column else None
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                if key != "status":
                    preview.problems.append(Problem(row.number, column, key, "required", _(
                        "This cell is empty."
                    )))  # fmt: skip
                continue
            try:
                values[key] = parse(cell)
            except CellProblem as problem:
                preview.problems.append(
                    Problem(row.number, column, key, problem.code, problem.message)
                )
        company = companies.get(company_key(values.get("company", "")))
        if "company" in values and company is None:
            preview.problems.append(Problem(row.number, column_of["company"], "company", "unknown_company", _(
                "No company is called “%(name)s”. Add it first, or correct the name."
            ) % {"name": values["company"]}))  # fmt: skip
        if len(values.get("title", "")) > 200:
            preview.problems.append(Problem(row.number, column_of["title"], "title", "too_long", _(
                "Enter at most %(max)s characters."
            ) % {"max": 200}))  # fmt: skip
        if company is None or {"title", "at"} - set(values):
            continue
        if (company.pk, values["title"], values["at"]) in known:
            preview.unchanged += 1
            continue
        known.add((company.pk, values["title"], values["at"]))
        plan.rows.append(
            OrderRow(row.number, company, values["title"], values["at"], values["status"])
        )
    preview.would_create = len(plan.rows)
    preview.rows_with_problems = len({p.row for p in preview.problems})
    return plan


def apply_orders_plan(*, organisation: Organisation, plan: OrderPlan, actor: User | None) -> int:
    for row in plan.rows:
        order_record(
            organisation=organisation,
            company=row.company,
            title=row.title,
            at=row.at,
            status=row.status,
            by=actor,
        )
    return len(plan.rows)
