"""Write a checked contacts plan: companies first, then contacts in bulk, then their tags,
owners and other addresses. Called inside the import's one transaction.

Bulk writes keep a 20,000-row LinkedIn export within seconds; the rows were checked by the
plan, so nothing here validates again.
"""

from typing import Any

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
    for key, company in zip(plan.new_companies, new, strict=True):
        companies[key] = company

    created: list[tuple[Contact, dict[str, Any]]] = []
    updated: list[tuple[Contact, dict[str, Any]]] = []
    changed_fields: set[str] = set()
    stamp = now()
    for row in plan.rows:
        if row.action == "unchanged":
            continue
        values = row.values
        contact = row.contact or Contact(
            organisation=organisation, kind=values.get("kind", "other"), created_at=stamp
        )
        for key in FIELDS:
            if key in values:
                setattr(contact, key, values[key])
                changed_fields.add(key)
        if values.get("company"):
            contact.company = companies[company_key(values["company"])]
            changed_fields.add("company")
        contact.updated_at = stamp
        (updated if row.contact else created).append((contact, values))

    Contact.objects.bulk_create([c for c, _v in created], batch_size=BATCH)
    if updated:
        Contact.objects.bulk_update(
            [c for c, _v in updated], sorted(changed_fields | {"updated_at"}), batch_size=BATCH
        )
    _relations(organisation, created + updated, plan)


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
            TagLink(contact_id=c.pk, tag_id=tags[" ".join(name.split()).lower()].pk)
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
