"""The contract every transport follows: `send(message) -> None` or `TransportError`."""

from types import TracebackType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from hallway.messaging.models import OutboxMessage


class TransportError(Exception):
    """Delivery failed. `permanent` stops retries; `scope` says what is broken.

    scope "address": this recipient's address (unknown mailbox, deactivated Slack user);
    scope "channel": the channel itself for this organisation (bad credentials, a deleted
    webhook); scope "message": only this message (a malformed context).
    """

    def __init__(self, message: str, *, permanent: bool, scope: str = "address") -> None:
        super().__init__(message)
        self.permanent = permanent
        self.scope = scope


class Transport(Protocol):
    """Opened once per delivery run (connections are reused), then `send` per message."""

    def send(self, message: "OutboxMessage") -> None:
        """Deliver one message or raise TransportError.

        May set `message.external_id` (the Message-ID, the Slack ts); delivery records it.
        """
        ...

    def __enter__(self) -> "Transport": ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class BaseTransport:
    def __enter__(self) -> "BaseTransport":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release connections held between messages."""
