"""Write a checked contacts plan: companies first, then contacts in bulk, then their tags,
owners and other addresses. Called inside the import's one transaction.

Bulk writes keep a 20,000-row LinkedIn export within seconds; the rows were checked by the
plan, so nothing here validates again.
"""

import datetime
from typing import Any

from django.db import connection, models
from django.utils.timezone import now

from hallway.accounts.models import Organisation
from hallway.relationships.importing.planning import ContactPlan, company_key
from hallway.relationships.models import Company, Contact, ContactEmail
from hallway.relationships.services.records import tags_by_name

BATCH = 500
FIELDS = ("name", "email", "kind", "job_title", "phone", "language", "timezone",
          "legal_basis", "source", "cadence_days", "profile_url")  # fmt: skip


def apply_contacts_plan(*, organisation: Organisation, plan: ContactPlan) -> None:
    companies = dict(plan.companies)
    new = [Company(organisation=organisation, name=name) for name in plan.new_companies.values()]
    Company.objects.bulk_create(new, batch_size=BATCH)
    for key, created_company in zip(plan.new_companies, new, strict=True):
        companies[key] = created_company

    created: list[tuple[Contact, dict[str, Any]]] = []
    plain: list[dict[str, Any]] = []  # new contacts without tags, owners or other addresses
    updated: list[tuple[Contact, dict[str, Any]]] = []
    changed_fields: set[str] = set()
    stamp = now()
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        values = row.values
        company = companies[company_key(values["company"])] if values.get("company") else None
        if row.contact is None and not _RELATED & set(values):
            plain.append(
                {
                    **{key: values[key] for key in FIELDS if key in values},
                    "kind": values.get("kind", "other"),
                    "company_id": company.pk if company else None,
                }
            )
            continue
        contact = row.contact or Contact(
            organisation=organisation, kind=values.get("kind", "other"), created_at=stamp
        )
        for key in FIELDS:
            if key in values:
                setattr(contact, key, values[key])
                changed_fields.add(key)
        if company is not None:
            contact.company = company
            changed_fields.add("company")
        contact.updated_at = stamp
        (updated if row.contact else created).append((contact, values))

    _insert_plain(organisation, plain, stamp)
    Contact.objects.bulk_create([c for c, _v in created], batch_size=BATCH)
    if updated:
        Contact.objects.bulk_update(
            [c for c, _v in updated], sorted(changed_fields | {"updated_at"}), batch_size=BATCH
        )
    _relations(organisation, created + updated, plan)


_RELATED = {"tags", "owners", "other_emails"}
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def _insert_plain(
    organisation: Organisation, rows: list[dict[str, Any]], stamp: datetime.datetime
) -> None:
    """Insert new contacts that need no id afterwards in plain INSERT statements: making
    model instances and the ORM's per-value preparation are most of the time of a large
    LinkedIn import. The values are those `bulk_create` would write: the row's, else each
    field's default."""
    if not rows:
        return
    fields = [f for f in Contact._meta.concrete_fields if not f.primary_key]
    fixed = {"organisation_id": organisation.pk, "created_at": stamp, "updated_at": stamp}
    defaults = {f.attname: fixed.get(f.attname, f.get_default()) for f in fields}
    prepared: dict[tuple[str, Any], Any] = {}

    def value(field: models.Field[Any, Any], raw: Any) -> Any:
        if raw is None or isinstance(field, _AS_IS):
            return raw
        key = (field.attname, raw)
        if key not in prepared:
            prepared[key] = field.get_db_prep_save(raw, connection)
        return prepared[key]

    table = connection.ops.quote_name(Contact._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column or f.attname) for f in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    values = [[value(f, row.get(f.attname, defaults[f.attname])) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # SQLite runs a prepared statement per row in-process: fastest there.
            sql = f"INSERT INTO {table} ({columns}) VALUES {row_marks}"  # noqa: S608
            cursor.executemany(sql, values)
            return
        if connection.vendor == "postgresql":
            # COPY: no per-value binding in Python, which dominates large INSERTs there.
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in values:
                    copy.write_row(row)
            return
        Contact.objects.bulk_create(
            [Contact(organisation=organisation, **row) for row in rows], batch_size=BATCH
        )


def _relations(
    organisation: Organisation, written: list[tuple[Contact, dict[str, Any]]], plan: ContactPlan
) -> None:
    tag_names = {name for _c, values in written for name in values.get("tags", [])}
    tags = {tag.name.lower(): tag for tag in tags_by_name(organisation, tag_names)}
    TagLink = Contact.tags.through
    OwnerLink = Contact.owners.through
    with_tags = [c.pk for c, values in written if "tags" in values]
    with_owners = [c.pk for c, values in written if "owners" in values]
    for start in range(0, len(with_tags), BATCH):
        TagLink.objects.filter(contact_id__in=with_tags[start : start + BATCH]).delete()
    for start in range(0, len(with_owners), BATCH):
        OwnerLink.objects.filter(contact_id__in=with_owners[start : start + BATCH]).delete()
    TagLink.objects.bulk_create(
        [
            TagLink(contact_id=c.pk, contacttag_id=tags[" ".join(name.split()).lower()].pk)
            for c, values in written
            for name in dict.fromkeys(n.lower() for n in values.get("tags", []))
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    OwnerLink.objects.bulk_create(
        [
            OwnerLink(contact_id=c.pk, user_id=plan.members[email].pk)
            for c, values in written
            for email in dict.fromkeys(values.get("owners", []))
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    ContactEmail.objects.bulk_create(
        [
            ContactEmail(organisation=organisation, contact=c, email=email)
            for c, values in written
            for email in dict.fromkeys(values.get("other_emails", []))
            if email != c.email
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
