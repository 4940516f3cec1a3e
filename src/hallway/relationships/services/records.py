"""Writing companies and contacts. Forms, imports and the API all go through these.

Data arrives as plain dicts (`CompanyData`, `ContactData`); only the keys present change.
Owners are given by email and must be members of the organisation; tags by name (created
when new); a contact's company by object. Every problem is raised at once as one
ValidationError keyed by field.
"""

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallway.accounts.models import Membership, Organisation, User
from hallway.accounts.tenancy import scoped
from hallway.relationships.models import Company, Contact, ContactEmail, ContactTag


class WorkingWeekData(TypedDict, total=False):
    language: str
    timezone: str
    work_start: datetime.time | None
    work_end: datetime.time | None
    working_days: list[int] | None
    holiday_region: str


class CompanyData(WorkingWeekData, total=False):
    name: str
    kind: str
    industry: str
    website: str
    owner_emails: list[str]


class ContactData(WorkingWeekData, total=False):
    name: str
    email: str
    other_emails: list[str]
    phone: str
    kind: str
    company: Company | None
    job_title: str
    tags: list[str]
    owner_emails: list[str]
    legal_basis: str
    consent_on: datetime.date | None
    source: str
    profile_url: str
    cadence_days: int | None


_RELATED = {"owner_emails", "tags", "other_emails"}


def members_by_email(organisation: Organisation, emails: Iterable[str]) -> dict[str, User]:
    """The organisation's members among `emails` (lower-case keys)."""
    wanted = {email.strip().lower() for email in emails if email and email.strip()}
    if not wanted:
        return {}
    memberships = Membership.objects.filter(
        organisation=organisation, user__email__in=wanted
    ).select_related("user")
    return {membership.user.email.lower(): membership.user for membership in memberships}


def _owners(organisation: Organisation, emails: list[str], errors: dict[str, Any]) -> list[User]:
    found = members_by_email(organisation, emails)
    missing = sorted({e.strip().lower() for e in emails if e.strip()} - set(found))
    if missing:
        errors["owner_emails"] = _("Not members of this organisation: %(emails)s") % {
            "emails": ", ".join(missing)
        }
    return list(found.values())


def _apply(obj: Company | Contact, data: dict[str, Any]) -> dict[str, Any]:
    for key, value in data.items():
        if key in _RELATED:
            continue
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, key, value)
    errors: dict[str, Any] = {}
    try:
        obj.full_clean(exclude=["organisation"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    return errors


def company_save(
    *, organisation: Organisation, data: CompanyData, company: Company | None = None
) -> Company:
    """Create a company (or change `company`) from `data`."""
    company = company or Company(organisation=organisation)
    if company.organisation_id != organisation.pk:
        raise ValueError("company belongs to another organisation")
    errors = _apply(company, dict(data))
    owners = _owners(organisation, data.get("owner_emails") or [], errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        company.save()
        if "owner_emails" in data:
            company.owners.set(owners)
    return company


def _other_emails(data: ContactData, errors: dict[str, Any]) -> list[str]:
    emails = []
    for raw in data.get("other_emails") or []:
        email = raw.strip().lower()
        if not email:
            continue
        try:
            ContactEmail._meta.get_field("email").run_validators(email)
        except ValidationError:
            errors["other_emails"] = _("Not an email address: %(email)s") % {"email": raw}
        emails.append(email)
    return sorted(set(emails) - {(data.get("email") or "").strip().lower()})


def contact_save(
    *, organisation: Organisation, data: ContactData, contact: Contact | None = None
) -> Contact:
    """Create a contact (or change `contact`) from `data`."""
    contact = contact or Contact(organisation=organisation)
    if contact.organisation_id != organisation.pk:
        raise ValueError("contact belongs to another organisation")
    errors = _apply(contact, dict(data))
    owners = _owners(organisation, data.get("owner_emails") or [], errors)
    others = _other_emails(data, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact.save()
        if "owner_emails" in data:
            contact.owners.set(owners)
        if "tags" in data:
            contact.tags.set(tags_by_name(organisation, data.get("tags") or []))
        if "other_emails" in data:
            contact.other_emails.exclude(email__in=others).delete()
            known = set(contact.other_emails.values_list("email", flat=True))
            ContactEmail.objects.bulk_create(
                ContactEmail(organisation=organisation, contact=contact, email=email)
                for email in others
                if email not in known
            )
    return contact


def tags_by_name(organisation: Organisation, names: Iterable[str]) -> list[ContactTag]:
    """The organisation's tags with these names (any case), created when new."""
    wanted = {" ".join(name.split()): None for name in names if name and name.strip()}
    existing = {tag.name.lower(): tag for tag in scoped(ContactTag, organisation)}
    tags = []
    for name in wanted:
        tag = existing.get(name.lower())
        if tag is None:
            tag = ContactTag.objects.create(organisation=organisation, name=name[:60])
            existing[name.lower()] = tag
        tags.append(tag)
    return tags


def contacts_by_email(organisation: Organisation, emails: Iterable[str]) -> dict[str, Contact]:
    """Contacts by any of their addresses (lower-case keys); where two contacts share an
    address, the older one."""
    wanted = {email.strip().lower() for email in emails if email and email.strip()}
    if not wanted:
        return {}
    found: dict[str, Contact] = {}
    for contact in scoped(Contact, organisation).filter(email__in=wanted).order_by("-id"):
        found[contact.email] = contact
    others = (
        scoped(ContactEmail, organisation)
        .filter(email__in=wanted - set(found))
        .select_related("contact")
        .order_by("-contact_id")
    )
    for other in others:
        found[other.email] = other.contact
    return found
