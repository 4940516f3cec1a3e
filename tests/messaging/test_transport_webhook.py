"""Teams, Mattermost, Discord and signed generic webhooks, against a local HTTP server."""

import json
import time

import pytest

from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import AddressHealth, Channel, ChannelConfig, Status
from hallway.messaging.services import Recipient
from hallway.messaging.transports.webhook import webhook_signature, webhook_signature_valid


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def configure(acme, channel, url, **extra):
    ChannelConfig.objects.create(organisation=acme, channel=channel, config={"url": url, **extra})


@pytest.mark.parametrize(
    ("channel", "address", "expected"),
    [
        (Channel.TEAMS, "team-channel", {"@type": "MessageCard"}),
        (Channel.MATTERMOST, "@carol", {"channel": "@carol"}),
        (Channel.DISCORD, "general", {"allowed_mentions": {"parse": []}}),
    ],
)
def test_chat_webhooks_get_their_own_json(http_server, enqueue, acme, channel, address, expected):
    configure(acme, channel, http_server.url + "/hook")
    message = enqueue("x", recipient=Recipient(address=address, language="nl"), channel=channel)
    assert Deliverer(worker="t").run().sent == 1
    (request,) = http_server.requests
    assert request.path == "/hook"
    payload = json.loads(request.body)
    assert expected.items() <= payload.items()
    text = payload.get("text") or payload.get("content")
    assert "Dit is een testbericht van Hallway" in text
    assert "x-hallway-signature" not in request.headers  # only generic hooks are signed
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_generic_webhook_is_signed_with_a_timestamp(http_server, enqueue, acme):
    configure(acme, Channel.WEBHOOK, http_server.url + "/in", secret="s3cret")
    message = enqueue("generic", recipient=Recipient(address="crm"), channel=Channel.WEBHOOK)
    Deliverer(worker="t").run()
    (request,) = http_server.requests
    timestamp = request.headers["x-hallway-timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    assert request.headers["x-hallway-signature"] == webhook_signature(
        "s3cret", timestamp, request.body
    )
    assert webhook_signature_valid(
        secret="s3cret",
        timestamp=timestamp,
        body=request.body,
        signature=request.headers["x-hallway-signature"],
        now=time.time(),
    )
    assert not webhook_signature_valid(
        secret="s3cret",
        timestamp=timestamp,
        body=request.body + b" ",
        signature=request.headers["x-hallway-signature"],
        now=time.time(),
    )
    assert not webhook_signature_valid(
        secret="s3cret",
        timestamp=timestamp,
        body=request.body,
        signature=request.headers["x-hallway-signature"],
        now=time.time() + 600,
    )
    payload = json.loads(request.body)
    message.refresh_from_db()
    assert payload["id"] == request.headers["x-hallway-delivery"] == message.external_id
    assert payload["type"] == "test"


def test_a_known_signature_vector():
    # printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
    assert webhook_signature("secret", "1700000000", b"{}") == (
        "v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
    )


def test_a_generic_webhook_needs_a_secret(enqueue, acme):
    configure(acme, Channel.WEBHOOK, "http://127.0.0.1:9/in")
    enqueue("x", recipient=Recipient(address="crm"), channel=Channel.WEBHOOK)
    assert Deliverer(worker="t").run().failed == 1


@pytest.mark.parametrize(
    ("status", "outcome"), [(410, Status.FAILED), (422, Status.FAILED), (503, Status.QUEUED)]
)
def test_answers_decide_between_retry_and_failure(http_server, enqueue, acme, status, outcome):
    http_server.answer = lambda path, headers, body: (status, {})
    configure(acme, Channel.MATTERMOST, http_server.url + "/hook")
    message = enqueue("x", recipient=Recipient(address="town-square"), channel=Channel.MATTERMOST)
    Deliverer(worker="t").run()
    message.refresh_from_db()
    assert message.status == outcome
    assert str(status) in message.last_error
    channel_failing = AddressHealth.objects.filter(organisation=acme, address="").exists()
    assert channel_failing == (status == 410)
