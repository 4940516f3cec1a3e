"""Discord's channel webhook, against a local HTTP server."""

import json

import pytest

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.delivery import Deliverer
from hallway.messaging.services import Recipient


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def test_a_message_mentions_only_its_recipient(http_server, enqueue, acme):
    discord = channel_save(
        organisation=acme, kind="discord", name="Discord", values={"url": http_server.url + "/hook"}
    )
    enqueue("x", recipient=Recipient(address="80351110224678912", language="de"), channel=discord)
    assert Deliverer(worker="t").run().sent == 1
    payload = json.loads(http_server.requests[0].body)
    assert payload["content"].startswith("<@80351110224678912> ")
    assert "Dies ist eine Testnachricht von Hallway" in payload["content"]
    assert payload["allowed_mentions"] == {"parse": [], "users": ["80351110224678912"]}
    assert len(payload["content"]) <= 2000
