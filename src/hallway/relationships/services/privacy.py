"""A contact's rights under the GDPR: everything about them (Art. 15 and 20) and erasure
(Art. 17), each recorded in the audit log.

The export for the data subject holds every note and personal detail about them, whoever
wrote it and however private: "private" protects a note from colleagues, not from the person
it is about. It is meant for the person, and so is only reachable by organisers, the
contact's owners and the command line.

Erasure keeps anonymous counts: touches lose the link to the contact, and a touch left with
nobody keeps its company, kind and time (the company's rhythm still counts it) but loses its
summary, which would say who it was with.
"""

import datetime
from collections.abc import Callable
from typing import Any

import vobject  # type: ignore[import-untyped]  # vobject ships no type information
from django.db import transaction

from hallway.accounts.models import Organisation, User
from hallway.audit.services import audit_record
from hallway.relationships.models import Contact, Detail, Note, Order, Touch
from hallway.relationships.services.records import contacts_by_email

# What other capabilities keep about a contact (outreach: their sequences, messages,
# candidacies, check-ins), each a named part of the export, registered at start-up.
ExportSection = Callable[[Contact], Any]
_sections: dict[str, ExportSection] = {}


def contact_export_section_register(name: str, section: ExportSection) -> None:
    """Add `name` to every contact's export: `section(contact)` gives JSON-ready values.
    Their erasure needs no hook: what they keep about a contact goes with it (CASCADE)."""
    _sections[name] = section


def _label(contact: Contact) -> str:
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name


def _when(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def contact_export_data(*, contact: Contact) -> dict[str, Any]:
    """Everything Hallway keeps about `contact`, as JSON-ready values (writes no audit)."""
    company = contact.company
    touches = (
        Touch.objects.filter(contacts=contact).select_related("by", "company").order_by("at", "id")
    )
    return {
        "contact": {
            "id": contact.pk,
            "name": contact.name,
            "email": contact.email,
            "other_emails": sorted(other.email for other in contact.other_emails.all()),
            "phone": contact.phone,
            "kind": contact.kind,
            "job_title": contact.job_title,
            "language": contact.language,
            "timezone": contact.timezone,
            "work_start": contact.work_start.isoformat() if contact.work_start else None,
            "work_end": contact.work_end.isoformat() if contact.work_end else None,
            "working_days": contact.working_days,
            "holiday_region": contact.holiday_region,
            "tags": sorted(tag.name for tag in contact.tags.all()),
            "owners": sorted(user.email for user in contact.owners.all()),
            "legal_basis": contact.legal_basis,
            "consent_on": _when(contact.consent_on),
            "source": contact.source,
            "profile_url": contact.profile_url,
            "cadence_days": contact.cadence_days,
            "created_at": _when(contact.created_at),
            "updated_at": _when(contact.updated_at),
            "last_touch_at": _when(contact.last_touch_at),
            "kept_on": _when(contact.kept_on),
        },
        "company": (
            {"id": company.pk, "name": company.name, "website": company.website}
            if company is not None
            else None
        ),
        "touches": [
            {
                "at": _when(touch.at),
                "kind": touch.kind,
                "source": touch.source,
                "direction": touch.direction,
                "by": touch.by.email if touch.by else None,
                "company": touch.company.name if touch.company else None,
                "summary": touch.summary,
            }
            for touch in touches
        ],
        "orders": [
            {"at": _when(order.at), "title": order.title, "status": order.status}
            for order in Order.objects.filter(contact=contact).order_by("at", "id")
        ],
        # Art. 15: all of them, whoever wrote them and whoever may see them.
        "details": [
            {
                "text": detail.text,
                "ask_next_time": detail.ask_next_time,
                "due_on": _when(detail.due_on),
                "sensitive": detail.sensitive,
                "author": detail.author.email,
                "visibility": detail.visibility,
                "written_at": _when(detail.created_at),
            }
            for detail in Detail.objects.filter(contact=contact).select_related("author")
        ],
        "notes": [
            {
                "text": note.text,
                "author": note.author.email,
                "visibility": note.visibility,
                "written_at": _when(note.created_at),
            }
            for note in Note.objects.filter(contact=contact).select_related("author")
        ],
        **{name: section(contact) for name, section in sorted(_sections.items())},
    }


def contact_export(
    *, contact: Contact, actor: User | None = None, actor_label: str = "", form: str = "json"
) -> Any:
    """The data subject's export (`form` "json": a dict; "vcard": vCard text), audited."""
    exported = contact_export_data(contact=contact) if form == "json" else contact_vcard(contact)
    audit_record(
        "contact_exported",
        organisation=contact.organisation,
        actor=actor,
        actor_label=actor_label,
        target=_label(contact),
        details={"format": form},
    )
    return exported


def contact_vcard(contact: Contact) -> str:
    """The contact as a vCard 3.0 card (the version every address book reads)."""
    card = vobject.vCard()
    card.add("fn").value = contact.name
    parts = contact.name.rsplit(" ", 1)
    family, given = (parts[1], parts[0]) if len(parts) == 2 else (contact.name, "")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    addresses = [contact.email] if contact.email else []
    addresses += sorted(other.email for other in contact.other_emails.all())
    for address in addresses:
        email = card.add("email")
        email.value = address
        email.type_param = "INTERNET"
    if contact.phone:
        card.add("tel").value = contact.phone
    if contact.company is not None:
        card.add("org").value = [contact.company.name]
    if contact.job_title:
        card.add("title").value = contact.job_title
    tags = sorted(tag.name for tag in contact.tags.all())
    if tags:
        card.add("categories").value = tags
    if contact.profile_url:
        card.add("url").value = contact.profile_url
    return str(card.serialize())


def contact_erase(
    *, contact: Contact, actor: User | None = None, actor_label: str = "", reason: str = ""
) -> dict[str, int]:
    """Erase `contact` and everything about them (Art. 17); what was erased, counted."""
    organisation, label = contact.organisation, _label(contact)
    with transaction.atomic():
        touches = list(Touch.objects.filter(contacts=contact).values_list("pk", flat=True))
        counts = contact_erasure_summary(contact=contact)
        contact.delete()  # emails, details and notes cascade; orders and touches lose the link
        # A touch that was with this contact alone says nothing about anyone now but its
        # company and time: what it said about them goes.
        left_alone = Touch.objects.filter(pk__in=touches, contacts__isnull=True)
        counts["summaries_cleared"] = left_alone.exclude(summary="").update(summary="")
        audit_record(
            "contact_erased",
            organisation=organisation,
            actor=actor,
            actor_label=actor_label,
            target=label,
            details={**counts, **({"reason": reason} if reason else {})},
        )
    return counts


def contact_erasure_summary(*, contact: Contact) -> dict[str, int]:
    """What `contact_erase` would erase, counted, without erasing anything."""
    return {
        "emails": contact.other_emails.count() + (1 if contact.email else 0),
        "details": contact.details.count(),
        "notes": contact.notes.count(),
        "touches_unlinked": Touch.objects.filter(contacts=contact).count(),
        "orders_unlinked": contact.orders.count(),
    }


def contact_by_email(*, organisation: Organisation, email: str) -> Contact | None:
    """The contact with this address (main or other), the oldest where two share it."""
    return contacts_by_email(organisation, [email]).get(email.strip().lower())
