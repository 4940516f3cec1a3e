"""Import contacts from CSV, XLSX, vCard and LinkedIn's Connections.csv, and orders and
touches from CSV or XLSX: preview every problem by row and column first, then apply all or
nothing.

The web pages and the `hallway import-contacts` / `import-orders` / `import-touches` commands call these
functions with the file's bytes. Files are read by the people importer's reader and
problems reported in its structures (`Problem`, `ImportPreview`, `ImportRejected`).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.audit.services import audit_record
from hallway.people.importing.results import ImportRejected, ImportResult, Problem
from hallway.relationships.importing.applying import apply_contacts_plan
from hallway.relationships.importing.orders import (
    OrderImportPreview,
    apply_orders_plan,
    plan_orders_import,
)
from hallway.relationships.importing.planning import (
    ContactImportPreview,
    company_key,
    plan_contacts_import,
)
from hallway.relationships.importing.touches import (
    TouchImportPreview,
    apply_touches_plan,
    plan_touches_import,
)
from hallway.relationships.models import Contact, ContactKind
from hallway.relationships.services.records import contacts_by_email

__all__ = [
    "Attendee",
    "ContactImportPreview",
    "ImportRejected",
    "ImportResult",
    "OrderImportPreview",
    "TouchImportPreview",
    "attendees_import_apply",
    "contacts_import_apply",
    "contacts_import_preview",
    "orders_import_apply",
    "orders_import_preview",
    "touches_import_apply",
    "touches_import_preview",
]


def contacts_import_preview(
    *, organisation: Organisation, filename: str, content: bytes
) -> ContactImportPreview:
    """What importing `content` would do, with every problem by row and column."""
    return plan_contacts_import(
        organisation=organisation, filename=filename, content=content
    ).preview


def _conflict() -> ImportRejected:
    from hallway.people.importing.results import ImportPreview

    problem = Problem(None, None, None, "conflict", _(
        "The client book changed while the file was being imported, so nothing was imported. "
        "Please try again."
    ))  # fmt: skip
    return ImportRejected(ImportPreview(problems=[problem]))


def contacts_import_apply(
    *, organisation: Organisation, filename: str, content: bytes, actor: User | None = None
) -> ImportResult:
    """Create or update everyone in the file in one transaction; ImportRejected (nothing
    written) when the file has any problem."""
    try:
        with transaction.atomic():
            plan = plan_contacts_import(
                organisation=organisation, filename=filename, content=content
            )
            if not plan.preview.ok:
                raise ImportRejected(plan.preview)
            apply_contacts_plan(organisation=organisation, plan=plan)
            actions = [row.action for row in plan.rows]
            result = ImportResult(
                created=actions.count("create"),
                updated=actions.count("update"),
                unchanged=actions.count("unchanged"),
                skipped=plan.preview.skipped,
                columns=plan.preview.columns,
            )
            audit_record(
                "contacts_imported",
                organisation=organisation,
                actor=actor,
                target=filename,
                details={**result.as_dict(), "companies_created": len(plan.new_companies)},
            )
    except IntegrityError as exc:
        raise _conflict() from exc
    return result


@dataclass(frozen=True)
class Attendee:
    """One row of an attendee list: the contact it is (found or new) and its topics."""

    contact: Contact
    topics: tuple[str, ...]
    created: bool


def attendees_import_apply(
    *, organisation: Organisation, filename: str, content: bytes, source: str, actor: User | None
) -> list[Attendee]:
    """The people of an attendee list (CSV or XLSX, the contacts importer's headings; topics
    in a "topics" column), as contacts in the file's order: new addresses become attendee
    contacts with `source`, known ones stay as they are. All or nothing: ImportRejected with
    every problem by row when any row is wrong (an invitation needs an address on each)."""
    try:
        with transaction.atomic():
            plan = plan_contacts_import(
                organisation=organisation, filename=filename, content=content
            )
            problems = plan.preview.problems
            for row in plan.rows:
                if not row.values.get("email"):
                    problems.append(Problem(row.number, None, "email", "required", _(
                        "The email address is missing: the invitation needs one."
                    )))  # fmt: skip
            if not plan.preview.ok:
                raise ImportRejected(plan.preview)
            for row in plan.rows:
                if row.contact is None:
                    row.values.setdefault("kind", ContactKind.ATTENDEE)
                    row.values.setdefault("source", source[:200])
                else:  # an attendee list does not rewrite what the client book knows
                    row.action = "unchanged"
            needed = {
                company_key(row.values["company"])
                for row in plan.rows
                if row.action == "create" and row.values.get("company")
            }
            plan.new_companies = {k: v for k, v in plan.new_companies.items() if k in needed}
            apply_contacts_plan(organisation=organisation, plan=plan)
            found = contacts_by_email(organisation, [row.values["email"] for row in plan.rows])
            attendees = [
                Attendee(
                    contact=found[row.values["email"]],
                    topics=tuple(row.values.get("tags", ())),
                    created=row.action == "create",
                )
                for row in plan.rows
            ]
            audit_record(
                "contacts_imported",
                organisation=organisation,
                actor=actor,
                target=filename,
                details={
                    "created": sum(attendee.created for attendee in attendees),
                    "attendees": len(attendees),
                    "source": source[:200],
                },
            )
    except IntegrityError as exc:
        raise _conflict() from exc
    return attendees


def orders_import_preview(
    *, organisation: Organisation, filename: str, content: bytes
) -> OrderImportPreview:
    return plan_orders_import(organisation=organisation, filename=filename, content=content).preview


def orders_import_apply(
    *, organisation: Organisation, filename: str, content: bytes, actor: User | None = None
) -> ImportResult:
    """Record every order in the file in one transaction (a row already imported, same
    company, title and date, is left as it is)."""
    try:
        with transaction.atomic():
            plan = plan_orders_import(organisation=organisation, filename=filename, content=content)
            if not plan.preview.ok:
                raise ImportRejected(plan.preview)
            created = apply_orders_plan(organisation=organisation, plan=plan, actor=actor)
    except IntegrityError as exc:
        raise _conflict() from exc
    return ImportResult(
        created=created,
        unchanged=plan.preview.unchanged,
        skipped=plan.preview.skipped,
        columns=plan.preview.columns,
    )


def touches_import_preview(
    *, organisation: Organisation, filename: str, content: bytes
) -> TouchImportPreview:
    return plan_touches_import(
        organisation=organisation, filename=filename, content=content
    ).preview


def touches_import_apply(
    *, organisation: Organisation, filename: str, content: bytes
) -> ImportResult:
    """Record every touch in the file in one transaction (a row imported before, same kind,
    time, contacts, company and summary, is not recorded again)."""
    try:
        with transaction.atomic():
            plan = plan_touches_import(
                organisation=organisation, filename=filename, content=content
            )
            if not plan.preview.ok:
                raise ImportRejected(plan.preview)
            created = apply_touches_plan(organisation=organisation, plan=plan)
    except IntegrityError as exc:
        raise _conflict() from exc
    return ImportResult(
        created=created,
        unchanged=plan.preview.unchanged,
        skipped=plan.preview.skipped,
        columns=plan.preview.columns,
    )
