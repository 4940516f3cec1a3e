"""Message types: what a message is for, whether it is transactional, and sample data.

Every app registers the types it sends (at import time, from its `AppConfig.ready()`) with
`message_type_register`, and keeps their templates itself, in
`templates/<app>/messages/<type>/` (`email_subject.txt`, `email.txt`, `email.html`,
`chat.txt`). The sample context lets admins preview every template with
made-up data, and `hallway send-test` uses the `test` type.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hallway.messaging.channels.base import CHAT, EMAIL, Button


@dataclass(frozen=True)
class MessageType:
    name: str
    label: Promise | str
    # The app whose templates folder holds `<app>/messages/<name>/`.
    app: str = "messaging"
    # Transactional messages ignore sending windows and unsubscribes (a test, a password link).
    transactional: bool = False
    # False for a message about something its recipient chose to attend outside their
    # working hours (the reminder an hour before an evening gathering): only the
    # organisation's quiet hours hold it, not the person's working hours.
    working_hours: bool = True
    # The templates it has: "email" (subject, text, HTML), "chat" (text). A channel kind can
    # carry it when its own template kind is one of these.
    template_kinds: tuple[str, ...] = (EMAIL, CHAT)
    sample: Callable[[], dict[str, Any]] = field(default=dict)
    # Link buttons under a chat message, made from the context in the recipient's language
    # (None: the context's own "buttons", if any).
    buttons: Callable[[dict[str, Any]], list[Button]] | None = None
    # False for messages that carry a sign-in link (a password link, an invitation): an
    # admin of one organisation must not be able to word (or point) a link that opens an
    # account which may belong to other organisations too.
    overridable: bool = True
    # Context keys that hold such a link: stored for delivery, never shown to admins.
    private: tuple[str, ...] = ()


_registry: dict[str, MessageType] = {}


def message_type_register(message_type: MessageType) -> MessageType:
    _registry[message_type.name] = message_type
    return message_type


def message_type_get(name: str) -> MessageType | None:
    return _registry.get(name)


def template_folder(template: str) -> str:
    """Where the templates of `template` (a message type's name) live."""
    found = _registry.get(template)
    return f"{found.app if found else 'messaging'}/messages/{template}"


def message_types() -> list[MessageType]:
    return sorted(_registry.values(), key=lambda kind: kind.name)


def _sample_meeting() -> dict[str, Any]:
    start = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    return {
        "recipient_name": "Carol Meyer",
        "partner_name": "Bruno Souza",
        "starter": _("What was the best thing you learned this month?"),
        "calendar": {
            "uid": "sample-meeting@hallway",
            "sequence": 0,
            "method": "REQUEST",
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=30)).isoformat(),
            "video_url": "https://meet.jit.si/Hallway-sample",
            "organizer": {"name": "Hallway", "email": "hallway@localhost"},
            "attendees": [
                {"name": "Carol Meyer", "email": "carol@example.com"},
                {"name": "Bruno Souza", "email": "bruno@example.com"},
            ],
        },
    }


TEST = message_type_register(
    MessageType(
        "test",
        _("Test message"),
        transactional=True,
        sample=lambda: {"recipient_name": "Carol Meyer", "sent_by": "Alice"},
    )
)
MEETING = message_type_register(
    MessageType(
        "meeting",
        _("Meeting invitation"),
        template_kinds=(EMAIL,),
        sample=_sample_meeting,
    )
)
MEETING_CANCELLED = message_type_register(
    MessageType(
        "meeting_cancelled",
        _("Meeting cancelled"),
        template_kinds=(EMAIL,),
        sample=lambda: {
            **_sample_meeting(),
            "calendar": {**_sample_meeting()["calendar"], "method": "CANCEL", "sequence": 1},
        },
    )
)
