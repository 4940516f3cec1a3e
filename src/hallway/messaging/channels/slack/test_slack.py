"""Slack: against a local server speaking conversations.open and chat.postMessage, and
request signing against Slack's documented example."""

import datetime
import json
from urllib.parse import parse_qs, urlencode

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from slack_sdk.signature import SignatureVerifier

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.delivery import Deliverer
from hallway.messaging.links import link_token
from hallway.messaging.models import AddressHealth, Channel, HealthStatus, LinkResponse, Status
from hallway.messaging.services import Recipient
from hallway.messaging.slack_views import slack_request_valid

# The example in Slack's documentation "Verifying requests from Slack".
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_TIMESTAMP = "1531420618"
SLACK_BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&"
    "channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&"
    "command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&"
    "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
AT_THE_EXAMPLE = datetime.datetime.fromtimestamp(int(SLACK_TIMESTAMP), tz=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def slack_api(http_server, acme):
    """A Slack Web API double: DMs open for U-ids, UGONE does not exist."""

    def answer(path, headers, body):
        if headers.get("authorization") != "Bearer xoxb-good":
            return 200, {"ok": False, "error": "invalid_auth"}
        form = parsed(headers, body)
        if path.endswith("/conversations.open"):
            users = form.get("users", "").split(",")
            if "UGONE" in users:
                return 200, {"ok": False, "error": "user_not_found"}
            kind = "G" if len(users) > 1 else "D"
            return 200, {"ok": True, "channel": {"id": f"{kind}{'-'.join(users)}"}}
        if path.endswith("/chat.postMessage"):
            return 200, {"ok": True, "channel": form["channel"], "ts": "1700000000.000100"}
        return 404, {"ok": False, "error": "unknown_method"}

    http_server.answer = answer
    http_server.channel = channel_save(
        organisation=acme,
        kind="slack",
        name="Slack",
        values={
            "bot_token": "xoxb-good",
            "signing_secret": SLACK_SECRET,
            "api_url": http_server.url + "/api/",
        },
    )
    return http_server


def parsed(headers, body):
    if headers.get("content-type", "").startswith("application/json"):
        return json.loads(body)
    return {key: values[-1] for key, values in parse_qs(body.decode()).items()}


def form_of(request):
    return parsed(request.headers, request.body)


def test_a_direct_message_with_buttons(slack_api, enqueue, carol):
    carol.slack_id = "U123"
    carol.save()
    message = enqueue(
        "dm",
        person=carol,
        recipient=Recipient.for_person(carol, "slack"),
        channel="slack",
        context={
            "sent_by": "Alice",
            "buttons": [
                {"label": "Ja", "value": "rsvp:token", "style": "primary"},
                {"label": "Öffnen", "url": "https://hallway.example/x"},
            ],
        },
    )
    assert Deliverer(worker="t").run().sent == 1
    opened, posted = slack_api.requests
    assert opened.path == "/api/conversations.open"
    assert form_of(opened)["users"] == "U123"
    assert posted.path == "/api/chat.postMessage"
    form = form_of(posted)
    assert form["channel"] == "DU123"
    assert "Testnachricht" in form["text"]  # Carol reads German
    blocks = form["blocks"]
    buttons = blocks[1]["elements"]
    assert [b["text"]["text"] for b in buttons] == ["Ja", "Öffnen"]
    assert buttons[0]["value"] == "rsvp:token"
    assert buttons[1]["url"] == "https://hallway.example/x"
    message.refresh_from_db()
    assert (message.status, message.external_id) == (Status.SENT, "DU123:1700000000.000100")


def test_a_group_dm_opens_one_conversation_for_everyone(slack_api, enqueue):
    enqueue(
        "group",
        recipient=Recipient(address="U1,U2,U3", name="Trio"),
        channel="slack",
    )
    Deliverer(worker="t").run()
    assert form_of(slack_api.requests[0])["users"] == "U1,U2,U3"
    assert form_of(slack_api.requests[1])["channel"] == "GU1-U2-U3"


def test_an_unknown_user_fails_for_good_and_is_marked(slack_api, enqueue, acme):
    message = enqueue("gone", recipient=Recipient(address="UGONE"), channel="slack")
    assert Deliverer(worker="t").run().failed == 1
    message.refresh_from_db()
    assert message.last_error == "Slack: user_not_found"
    health = AddressHealth.objects.get(organisation=acme, channel="slack", address="UGONE")
    assert health.status == HealthStatus.FAILING


def test_a_revoked_token_marks_the_channel_failing(slack_api, enqueue, acme):
    channel = channel_save(
        organisation=acme,
        kind="slack",
        name="Slack",
        values={"bot_token": "xoxb-revoked", "api_url": slack_api.url + "/api/"},
        channel=slack_api.channel,
    )
    enqueue("x", recipient=Recipient(address="U1"), channel="slack")
    assert Deliverer(worker="t").run().failed == 1
    health = AddressHealth.objects.get(organisation=acme, via=channel, address="")
    assert (health.status, health.last_error) == (HealthStatus.FAILING, "Slack: invalid_auth")


def test_slack_not_set_up_is_refused_when_enqueued(enqueue):
    with pytest.raises(ValidationError, match="No slack channel is set up"):
        enqueue("x", recipient=Recipient(address="U1"), channel="slack")


def test_a_removed_channel_fails_its_waiting_messages_clearly(slack_api, enqueue, acme):
    message = enqueue("x", recipient=Recipient(address="U1"), channel="slack")
    slack_api.channel.delete()
    assert Deliverer(worker="t").run().failed == 1
    message.refresh_from_db()
    assert message.last_error == "the slack channel of this message was removed"


def test_a_bot_token_that_is_not_one_is_refused(acme):
    with pytest.raises(ValidationError) as problem:
        channel_save(
            organisation=acme,
            kind="slack",
            name="Slack",
            values={"bot_token": "xoxp-user-token", "signing_secret": "x"},
        )
    assert problem.value.message_dict["bot_token"] == ["A Slack bot token starts with xoxb-."]
    assert not Channel.objects.exists()


# Request signing ---------------------------------------------------------------------------


def test_the_documented_example_is_valid_at_its_time():
    headers = {"X-Slack-Request-Timestamp": SLACK_TIMESTAMP, "X-Slack-Signature": SLACK_SIGNATURE}
    with time_machine.travel(AT_THE_EXAMPLE):
        assert slack_request_valid(
            signing_secret=SLACK_SECRET, body=SLACK_BODY.encode(), headers=headers
        )
        # One changed byte, another secret, a missing header: refused.
        assert not slack_request_valid(
            signing_secret=SLACK_SECRET, body=SLACK_BODY.encode() + b"x", headers=headers
        )
        assert not slack_request_valid(
            signing_secret="another", body=SLACK_BODY.encode(), headers=headers
        )
        assert not slack_request_valid(
            signing_secret=SLACK_SECRET,
            body=SLACK_BODY.encode(),
            headers={"X-Slack-Signature": SLACK_SIGNATURE},
        )
        assert not slack_request_valid(
            signing_secret=SLACK_SECRET,
            body=SLACK_BODY.encode(),
            headers={"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": SLACK_SIGNATURE},
        )


def test_the_documented_example_is_stale_ten_minutes_later():
    headers = {"X-Slack-Request-Timestamp": SLACK_TIMESTAMP, "X-Slack-Signature": SLACK_SIGNATURE}
    with time_machine.travel(AT_THE_EXAMPLE + datetime.timedelta(minutes=10)):
        assert not slack_request_valid(
            signing_secret=SLACK_SECRET, body=SLACK_BODY.encode(), headers=headers
        )


def signed_post(client, url, body, *, secret=SLACK_SECRET, timestamp=None):
    timestamp = timestamp or str(int(datetime.datetime.now(datetime.UTC).timestamp()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return client.post(
        url,
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )


def test_a_button_click_with_a_good_signature_acts_once(slack_api, client, acme, carol):
    token = link_token(purpose="rsvp", organisation_id=acme.pk, person_id=carol.pk, answer="yes")
    body = urlencode(
        {"payload": json.dumps({"type": "block_actions", "actions": [{"value": f"rsvp:{token}"}]})}
    )
    url = reverse("messaging:slack_interactions", args=["acme"])
    first = signed_post(client, url, body)
    assert first.status_code == 200
    assert LinkResponse.objects.count() == 1
    again = signed_post(client, url, body)
    assert again.status_code == 200
    assert "Nothing was changed" in again.json()["text"]
    assert LinkResponse.objects.count() == 1


def test_bad_or_stale_signatures_are_refused_and_change_nothing(slack_api, client, acme, carol):
    token = link_token(purpose="rsvp", organisation_id=acme.pk, person_id=carol.pk, answer="yes")
    body = urlencode({"payload": json.dumps({"actions": [{"value": f"rsvp:{token}"}]})})
    url = reverse("messaging:slack_interactions", args=["acme"])
    assert signed_post(client, url, body, secret="wrong-secret").status_code == 401
    stale = str(int(datetime.datetime.now(datetime.UTC).timestamp()) - 600)
    assert signed_post(client, url, body, timestamp=stale).status_code == 401
    assert (
        client.post(url, body, content_type="application/x-www-form-urlencoded").status_code == 401
    )
    other = reverse("messaging:slack_interactions", args=["globex"])
    assert signed_post(client, other, body).status_code == 401
    assert not LinkResponse.objects.exists()
