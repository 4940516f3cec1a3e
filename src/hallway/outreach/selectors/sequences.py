"""Reads of sequences: the list with its counts, one sequence's enrollments, and the sample
contact a step's preview is written for."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from hallway.accounts.models import Organisation
from hallway.outreach.models import Enrollment, EnrollmentStatus, ExitReason, Sequence
from hallway.relationships.interface import Contact


def sequences_of(organisation: Organisation) -> QuerySet[Sequence]:
    """The organisation's sequences by name, each with `active`, `done`, `left` counts."""
    return (
        Sequence.objects.filter(organisation=organisation)
        .annotate(
            active=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ACTIVE)),
            done=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.DONE)),
            left=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.LEFT)),
        )
        .order_by("name", "id")
    )


def exits_of(sequence: Sequence) -> list[dict[str, Any]]:
    """How many left for each reason, most first: [{"reason", "label", "count"}]."""
    rows = (
        Enrollment.objects.filter(sequence=sequence, status=EnrollmentStatus.LEFT)
        .values("exit_reason")
        .annotate(count=Count("id"))
        .order_by("-count", "exit_reason")
    )
    labels = dict(ExitReason.choices)
    return [
        {
            "reason": row["exit_reason"],
            "label": labels.get(row["exit_reason"], row["exit_reason"]),
            "count": row["count"],
        }
        for row in rows
    ]


def enrollments_of(sequence: Sequence) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(sequence=sequence)
        .select_related("contact", "owner")
        .order_by("-entered_at", "-id")
    )


def sample_contact(sequence: Sequence) -> Contact | None:
    """Whom a preview is written for: someone in the sequence, else any contact."""
    enrollment = enrollments_of(sequence).first()
    if enrollment is not None:
        return enrollment.contact
    return Contact.objects.filter(organisation_id=sequence.organisation_id).order_by("id").first()


def contacts_to_pick(organisation: Organisation, query: str, limit: int = 50) -> list[Contact]:
    """Contacts whose name or address contains `query` (the first ones by name)."""
    contacts = Contact.objects.filter(organisation=organisation)
    if query.strip():
        contacts = contacts.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return list(contacts.select_related("company").order_by("name", "id")[:limit])
