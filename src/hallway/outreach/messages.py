"""Outreach's message types, registered with messaging (with sample data for previews).

Every message to a contact is one type, `outreach_personal`: its words are the personal
message's own (drafted from a sequence step, a freeze, a check-in, a campaign), signed by
its owner. Messages to owners (a reminder, a task) have types of their own.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import EMAIL
from hallway.messaging.types import MessageType, message_type_register

PERSONAL = "outreach_personal"
OWNER_REMINDER = "outreach_owner_reminder"


def _sample_personal() -> dict[str, Any]:
    return {
        "recipient_name": "Megan Brooks",
        "subject": "Catching up",
        "body": "Hi Megan,\n\nit has been a while. How did the launch in Rotterdam go?",
        "from_name": "Anna Schmidt",
        "signature": "Anna Schmidt\nSenior Recruiter, Demo Agency\n+49 30 1234567",
        "organisation_name": "Demo Agency",
    }


def _sample_reminder() -> dict[str, Any]:
    return {
        "recipient_name": "Anna Schmidt",
        "subject": "Tomorrow: hiring resumes at Lakeshore Outfitters",
        "lines": [
            "The hiring freeze for “Backend Engineer” ends tomorrow.",
            "7 candidates get the follow-up you prepared; call the ones you know best first.",
        ],
        "url": "https://hallway.example/outreach/",
    }


message_type_register(
    MessageType(
        PERSONAL,
        _("Outreach: personal message"),
        app="outreach",
        template_kinds=(EMAIL,),
        sample=_sample_personal,
    )
)
message_type_register(
    MessageType(
        OWNER_REMINDER,
        _("Outreach: reminder for the owner"),
        app="outreach",
        sample=_sample_reminder,
    )
)
