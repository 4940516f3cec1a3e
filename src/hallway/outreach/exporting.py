"""Outreach's part of a contact's export (Art. 15/20): what it wrote to them, the sequences
they were in, their candidacies and check-in answers. Registered with relationships at
start-up; erasing the contact erases these too (their rows CASCADE with the contact), except
anonymous ratings of a client, which never named them."""

import datetime
from typing import Any

from hallway.outreach.models import (
    CampaignSend,
    Candidacy,
    CheckIn,
    Enrollment,
    PersonalMessage,
)
from hallway.relationships.interface import Contact, contact_export_section_register


def _when(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def contact_outreach(contact: Contact) -> dict[str, Any]:
    return {
        "messages": [
            {
                "subject": message.subject,
                "body": message.body,
                "language": message.language,
                "source": message.source,
                "status": message.status,
                "from": message.owner.email if message.owner else None,
                "sent_at": _when(message.sent_at),
                "drafted_at": _when(message.created_at),
            }
            for message in PersonalMessage.objects.filter(contact=contact)
            .select_related("owner")
            .order_by("created_at", "id")
        ],
        "sequences": [
            {
                "sequence": enrollment.sequence.name,
                "status": enrollment.status,
                "exit_reason": enrollment.exit_reason,
                "entered_at": _when(enrollment.entered_at),
                "left_at": _when(enrollment.left_at),
            }
            for enrollment in Enrollment.objects.filter(contact=contact)
            .select_related("sequence")
            .order_by("entered_at", "id")
        ],
        "candidacies": [
            {
                "job": candidacy.order.title,
                "stage": candidacy.stage,
                "stage_since": _when(candidacy.stage_changed_at),
            }
            for candidacy in Candidacy.objects.filter(contact=contact)
            .select_related("order")
            .order_by("created_at", "id")
        ],
        "check_ins": [
            {
                "client": check_in.placement.company.name,
                "due_on": _when(check_in.due_on),
                "answered_at": _when(check_in.answered_at),
                "score": check_in.score,
                "comment": check_in.comment,
                "wants_call": check_in.wants_call,
            }
            for check_in in CheckIn.objects.filter(placement__contractor=contact)
            .select_related("placement__company")
            .order_by("due_on", "id")
        ],
        "shared_content": [
            {
                "title": send.campaign.title,
                "what": send.kind,
                "clicked_at": _when(send.clicked_at),
                "sent_at": _when(send.created_at),
            }
            for send in CampaignSend.objects.filter(contact=contact)
            .select_related("campaign")
            .order_by("created_at", "id")
        ],
    }


contact_export_section_register("outreach", contact_outreach)
