"""Import orders (a client's requests for work) from CSV or XLSX: company (by name, an
existing one), title, date and status, with headings in English, German or Dutch.

A row whose company, title and date are already recorded is left as it is, so importing
the same file twice records nothing new.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.people import cell_values
from hallway.people.cell_values import CellProblem
from hallway.people.importing.results import ImportPreview, Problem
from hallway.relationships.importing.planning import choice_words, company_key, squash
from hallway.relationships.importing.tables import COMPANY_HEADINGS, read_mapped_table
from hallway.relationships.models import Company, Order, OrderStatus
from hallway.relationships.services.orders import order_record

HEADINGS = {
    "company": COMPANY_HEADINGS,
    "title": "title order titel auftrag bezeichnung opdracht omschrijving vacancy vakanz vacature",
    "at": "date datum ordered_on bestellt_am",
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
    required = {"company": _("company"), "title": _("title"), "at": _("date")}
    table = read_mapped_table(
        preview=preview, filename=filename, content=content, headings=HEADINGS, required=required
    )
    if table is None:
        return plan
    column_of = {key: column for column, key in preview.mapping.items() if key}
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
