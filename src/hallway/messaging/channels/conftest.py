"""Each channel's tests live in its folder; they use the suite's personas, its real SMTP
server and its local HTTP server."""

from tests.conftest import (  # noqa: F401
    _english_unless_asked,
    _fast_password_hashing,
    _postgres_reachable,
    acme,
    alice,
    alice_client,
    berlin,
    bob,
    carol,
    globex,
    mallory,
    platform_team,
    refusing_smtp_server,
    smtp_server,
)
from tests.messaging.conftest import bruno, enqueue, http_server  # noqa: F401
