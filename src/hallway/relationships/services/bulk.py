"""Bulk actions of the contacts and companies lists: owner, tag, kind, delete.

Each takes the ids ticked on a page, keeps only the organisation's own and returns how many
it changed. Deleting is recorded in the audit log (names are copied: the rows are gone).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.audit.services import audit_record
from hallway.relationships.models import Company, CompanyKind, Contact, ContactKind
from hallway.relationships.services.records import members_by_email, tags_by_name

AUDIT_NAMES_KEPT = 50


def _contacts(organisation: Organisation, ids: Iterable[int]) -> list[int]:
    return list(scoped(Contact, organisation).filter(pk__in=list(ids)).values_list("pk", flat=True))


def _companies(organisation: Organisation, ids: Iterable[int]) -> list[int]:
    return list(scoped(Company, organisation).filter(pk__in=list(ids)).values_list("pk", flat=True))


def _member(organisation: Organisation, owner: User) -> User:
    if not members_by_email(organisation, [owner.email]):
        raise ValidationError({"owner": _("Choose a member of this organisation.")})
    return owner


@transaction.atomic
def contacts_bulk_set_owner(
    *, organisation: Organisation, contact_ids: Iterable[int], owner: User
) -> int:
    """Make `owner` the one owner of these contacts."""
    _member(organisation, owner)
    ids = _contacts(organisation, contact_ids)
    through = Contact.owners.through
    through.objects.filter(contact_id__in=ids).delete()
    through.objects.bulk_create(through(contact_id=pk, user_id=owner.pk) for pk in ids)
    Contact.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    return len(ids)


@transaction.atomic
def contacts_bulk_tag(
    *, organisation: Organisation, contact_ids: Iterable[int], tag_name: str
) -> int:
    """Add the tag `tag_name` (created when new) to these contacts."""
    if not " ".join(tag_name.split()):
        raise ValidationError({"tag_name": _("Enter the tag to add.")})
    ids = _contacts(organisation, contact_ids)
    if not ids:
        return 0
    (tag,) = tags_by_name(organisation, [tag_name])
    through = Contact.tags.through
    tagged = set(
        through.objects.filter(contacttag=tag, contact_id__in=ids).values_list(
            "contact_id", flat=True
        )
    )
    through.objects.bulk_create(
        through(contact_id=pk, contacttag_id=tag.pk) for pk in ids if pk not in tagged
    )
    return len(ids) - len(tagged)


def contacts_bulk_kind(*, organisation: Organisation, contact_ids: Iterable[int], kind: str) -> int:
    if kind not in ContactKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of contact.")})
    ids = _contacts(organisation, contact_ids)
    return Contact.objects.filter(pk__in=ids).update(kind=kind, updated_at=timezone.now())


@transaction.atomic
def contacts_bulk_delete(
    *, organisation: Organisation, contact_ids: Iterable[int], by: User | None = None
) -> int:
    """Delete these contacts with their touches' links, details and notes."""
    contacts = scoped(Contact, organisation).filter(pk__in=list(contact_ids))
    names = list(contacts.order_by("name").values_list("name", flat=True))
    if not names:
        return 0
    contacts.delete()
    audit_record(
        "contacts_deleted",
        organisation=organisation,
        actor=by,
        target=", ".join(names[:AUDIT_NAMES_KEPT]),
        details={"count": len(names)},
    )
    return len(names)


@transaction.atomic
def companies_bulk_set_owner(
    *, organisation: Organisation, company_ids: Iterable[int], owner: User
) -> int:
    _member(organisation, owner)
    ids = _companies(organisation, company_ids)
    through = Company.owners.through
    through.objects.filter(company_id__in=ids).delete()
    through.objects.bulk_create(through(company_id=pk, user_id=owner.pk) for pk in ids)
    Company.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    return len(ids)


def companies_bulk_kind(
    *, organisation: Organisation, company_ids: Iterable[int], kind: str
) -> int:
    if kind not in CompanyKind.values:
        raise ValidationError({"kind": _("Choose one of the kinds of company.")})
    ids = _companies(organisation, company_ids)
    return Company.objects.filter(pk__in=ids).update(kind=kind, updated_at=timezone.now())


@transaction.atomic
def companies_bulk_delete(
    *, organisation: Organisation, company_ids: Iterable[int], by: User | None = None
) -> int:
    """Delete these companies with their touches and orders; their contacts stay, without a
    company."""
    companies = scoped(Company, organisation).filter(pk__in=list(company_ids))
    names = list(companies.order_by("name").values_list("name", flat=True))
    if not names:
        return 0
    companies.delete()
    audit_record(
        "companies_deleted",
        organisation=organisation,
        actor=by,
        target=", ".join(names[:AUDIT_NAMES_KEPT]),
        details={"count": len(names)},
    )
    return len(names)
