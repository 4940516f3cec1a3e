"""What happened to accounts, told to whoever listens (the audit log), so that accounts does
not depend on the capabilities above it.

`account_event_send("role_changed", organisation=…, target=…, details={…})`: the actor
(and where they came from) is the current request's, found by the listener.
"""

from typing import Any

from django.dispatch import Signal

from hallway.accounts.models import Organisation

# Sent with: action (str), organisation (Organisation | None), target (str), details (dict).
account_event = Signal()


def account_event_send(
    action: str,
    *,
    organisation: Organisation | None,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    account_event.send(
        sender=None,
        action=action,
        organisation=organisation,
        target=target,
        details=details or {},
    )
