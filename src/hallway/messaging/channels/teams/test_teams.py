"""Microsoft Teams: Adaptive Cards posted to a local HTTP receiver, in the recipient's
language, with buttons that are signed links."""

import json
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.delivery import Deliverer
from hallway.messaging.links import link_read
from hallway.messaging.models import AddressHealth, Status
from hallway.messaging.services import Recipient, person_address


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def teams(acme, http_server):
    return channel_save(
        organisation=acme,
        kind="teams",
        name="Teams: People",
        values={"url": http_server.url + "/workflows/hook"},
    )


def test_a_message_is_an_adaptive_card_in_the_recipients_language(
    http_server, enqueue, carol, teams
):
    assert person_address(carol, teams) == "carol@acme.test"  # her sign-in name by default
    message = enqueue(
        "card",
        person=carol,
        recipient=Recipient.for_person(carol, teams),
        channel=teams,
        context={
            "sent_by": "Alice",
            "buttons": [
                {"label": "Ja", "value": "rsvp:signed-token", "style": "primary"},
                {"label": "Öffnen", "url": "https://hallway.example/x"},
            ],
        },
    )
    assert Deliverer(worker="t").run().sent == 1
    (request,) = http_server.requests
    assert request.path == "/workflows/hook"
    body = json.loads(request.body)
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = attachment["content"]
    assert (content["type"], content["lang"]) == ("AdaptiveCard", "de")
    title, text = content["body"]
    assert title["text"] == "Eine Testnachricht von Hallway"  # Carol reads German
    assert text["text"].startswith("<at>Carol Meyer</at> Dies ist eine Testnachricht")
    assert content["msteams"]["entities"] == [
        {
            "type": "mention",
            "text": "<at>Carol Meyer</at>",
            "mentioned": {"id": "carol@acme.test", "name": "Carol Meyer"},
        }
    ]
    signed, plain = content["actions"]
    assert (signed["type"], signed["title"]) == ("Action.OpenUrl", "Ja")
    # A token becomes its signed link, in her language, that opens without a login.
    _empty, _m, language, purpose, token, _end = urlsplit(signed["url"]).path.split("/")[1:]
    assert (language, purpose) == ("de", "rsvp")
    assert token == "signed-token"
    assert plain == {
        "type": "Action.OpenUrl",
        "title": "Öffnen",
        "url": "https://hallway.example/x",
    }
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_the_buttons_of_a_real_signed_link_open_for_that_person(
    http_server, enqueue, carol, acme, teams
):
    from hallway.messaging.links import link_token

    token = link_token(purpose="rsvp", organisation_id=acme.pk, person_id=carol.pk, answer="yes")
    enqueue(
        "rsvp",
        person=carol,
        recipient=Recipient.for_person(carol, teams),
        channel=teams,
        context={"sent_by": "Alice", "buttons": [{"label": "Ja", "value": f"rsvp:{token}"}]},
    )
    Deliverer(worker="t").run()
    (action,) = json.loads(http_server.requests[0].body)["attachments"][0]["content"]["actions"]
    path_token = urlsplit(action["url"]).path.rstrip("/").rsplit("/", 1)[-1]
    link = link_read(purpose="rsvp", token=path_token)
    assert (link.organisation_id, link.person_id, link.answer) == (acme.pk, carol.pk, "yes")


def test_a_teams_id_wins_over_the_email_address(carol, teams):
    carol.chat_ids = {"teams": "carol.meyer@acme.onmicrosoft.com"}
    assert person_address(carol, teams) == "carol.meyer@acme.onmicrosoft.com"


@pytest.mark.parametrize(
    ("status", "outcome", "failing"), [(404, Status.FAILED, True), (429, Status.QUEUED, False)]
)
def test_a_deleted_workflow_stops_and_a_busy_one_is_retried(
    http_server, enqueue, acme, teams, status, outcome, failing
):
    http_server.answer = lambda path, headers, body: (status, {})
    message = enqueue("x", recipient=Recipient(address="ops@acme.test", name="Ops"), channel=teams)
    Deliverer(worker="t").run()
    message.refresh_from_db()
    assert message.status == outcome
    assert (
        AddressHealth.objects.filter(organisation=acme, via=teams, address="").exists() == failing
    )


def test_only_an_https_workflow_address_is_taken(acme):
    with pytest.raises(ValidationError) as problem:
        channel_save(
            organisation=acme,
            kind="teams",
            name="Teams",
            values={"url": "http://teams.example.com/hook"},
        )
    assert problem.value.message_dict["url"] == ["Use an https:// address."]
