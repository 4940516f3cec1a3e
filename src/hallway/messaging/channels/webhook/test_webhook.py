"""Signed generic webhooks, against a local HTTP server."""

import json
import time

import pytest
from django.core.exceptions import ValidationError

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.channels.webhook.transport import webhook_signature, webhook_signature_valid
from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import Status
from hallway.messaging.services import Recipient


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def hook(acme, http_server):
    return channel_save(
        organisation=acme,
        kind="webhook",
        name="CRM",
        values={"url": http_server.url + "/in", "secret": "s3cret-s3cret-s3cret"},
    )


def test_a_generic_webhook_is_signed_with_a_timestamp(http_server, enqueue, hook):
    message = enqueue("generic", recipient=Recipient(address="crm@acme.test"), channel=hook)
    Deliverer(worker="t").run()
    (request,) = http_server.requests
    timestamp = request.headers["x-hallway-timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    secret = "s3cret-s3cret-s3cret"
    signature = request.headers["x-hallway-signature"]
    assert signature == webhook_signature(secret, timestamp, request.body)
    now = time.time()
    assert webhook_signature_valid(
        secret=secret, timestamp=timestamp, body=request.body, signature=signature, now=now
    )
    assert not webhook_signature_valid(
        secret=secret, timestamp=timestamp, body=request.body + b" ", signature=signature, now=now
    )
    assert not webhook_signature_valid(
        secret=secret, timestamp=timestamp, body=request.body, signature=signature, now=now + 600
    )
    payload = json.loads(request.body)
    message.refresh_from_db()
    assert payload["id"] == request.headers["x-hallway-delivery"] == message.external_id
    assert payload["type"] == "test"
    assert payload["title"] == "A test message from Hallway"
    assert "This is a test message from Hallway" in payload["text"]


def test_a_known_signature_vector():
    # printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
    assert webhook_signature("secret", "1700000000", b"{}") == (
        "v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
    )


def test_a_generic_webhook_needs_an_address_and_a_long_secret(acme):
    with pytest.raises(ValidationError) as problem:
        channel_save(
            organisation=acme,
            kind="webhook",
            name="CRM",
            values={"url": "ftp://crm.example.com/in", "secret": "short"},
        )
    assert set(problem.value.message_dict) == {"url", "secret"}


@pytest.mark.parametrize(
    ("status", "outcome"), [(410, Status.FAILED), (422, Status.FAILED), (503, Status.QUEUED)]
)
def test_answers_decide_between_retry_and_failure(http_server, enqueue, hook, status, outcome):
    http_server.answer = lambda path, headers, body: (status, {})
    message = enqueue("x", recipient=Recipient(address="crm@acme.test"), channel=hook)
    Deliverer(worker="t").run()
    message.refresh_from_db()
    assert message.status == outcome
    assert str(status) in message.last_error
