"""Mattermost's incoming webhook, against a local HTTP server."""

import json

import pytest

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import AddressHealth, Status
from hallway.messaging.services import Recipient, person_address


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def mattermost(acme, http_server):
    return channel_save(
        organisation=acme,
        kind="mattermost",
        name="Mattermost",
        values={"url": http_server.url + "/hook"},
    )


def test_a_person_with_a_username_gets_a_direct_message(http_server, enqueue, carol, mattermost):
    carol.chat_ids = {"mattermost": "carol.meyer"}
    carol.save()
    assert person_address(carol, mattermost) == "@carol.meyer"
    enqueue("x", recipient=Recipient(address="@carol.meyer", language="nl"), channel=mattermost)
    assert Deliverer(worker="t").run().sent == 1
    (request,) = http_server.requests
    payload = json.loads(request.body)
    assert payload["channel"] == "@carol.meyer"
    assert "Dit is een testbericht van Hallway" in payload["text"]
    assert "x-hallway-signature" not in request.headers  # only generic hooks are signed


def test_someone_without_a_username_is_not_reached(carol, mattermost):
    assert person_address(carol, mattermost) == ""


@pytest.mark.parametrize(("status", "channel_failing"), [(410, True), (503, False)])
def test_a_deleted_hook_marks_the_channel_failing(
    http_server, enqueue, acme, mattermost, status, channel_failing
):
    http_server.answer = lambda path, headers, body: (status, {})
    message = enqueue("x", recipient=Recipient(address="@someone"), channel=mattermost)
    Deliverer(worker="t").run()
    message.refresh_from_db()
    assert message.status == (Status.FAILED if channel_failing else Status.QUEUED)
    failing = AddressHealth.objects.filter(organisation=acme, via=mattermost, address="").exists()
    assert failing == channel_failing
