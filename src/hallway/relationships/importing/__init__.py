"""Import contacts from CSV, XLSX, vCard and LinkedIn's Connections.csv, and orders and
touches from CSV or XLSX: preview every problem by row and column first, then apply all or
nothing.

The web pages and the `hallway import-contacts` / `import-orders` / `import-touches` commands call these
functions with the file's bytes. Files are read by the people importer's reader and
problems reported in its structures (`Problem`, `ImportPreview`, `ImportRejected`).
"""

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
from hallway.relationships.importing.planning import ContactImportPreview, plan_contacts_import
from hallway.relationships.importing.touches import (
    TouchImportPreview,
    apply_touches_plan,
    plan_touches_import,
)

__all__ = [
    "ContactImportPreview",
    "ImportRejected",
    "ImportResult",
    "OrderImportPreview",
    "TouchImportPreview",
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
