"""The inbound webhook end to end: a signed "placement made" from an ATS rings the gong in
a local Slack-compatible server and a Teams workflow receiver (real HTTP, the real delivery
code), in each channel's language; a forged one posts nothing at all."""

import datetime
import json

import pytest
import time_machine

from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import OutboxMessage, Status
from hallway.rituals.models import Celebration, DeliveryResult, WebhookDelivery
from hallway.rituals.services.gong_webhook import (
    DEFAULT_MAPPING,
    MAX_BODY_BYTES,
    PathMissing,
    gong_webhook_create,
    gong_webhook_rotate,
    gong_webhook_set_enabled,
    path_read,
    payload_map,
)
from tests.factories import make_person
from tests.rituals.gong_helpers import gong_channels, local_server, signed, slack_answer

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)
PLACEMENT = {
    "id": "pl-4711",
    "candidate": {"name": "Lena Fischer"},
    "job": {"company": "Brightside GmbH", "title": "Backend engineer"},
    "owner": {"email": "Tom@Acme.test"},
}


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


@pytest.fixture
def tom(acme, platform_team):
    return make_person(acme, "Tom Becker", email="tom@acme.test", team=platform_team)


@pytest.fixture
def hook(acme):
    return gong_webhook_create(
        organisation=acme, name="Recruitee", mapping=dict(DEFAULT_MAPPING), now=NOW
    )


def url(webhook):
    return f"/api/v1/gong/webhook/{webhook.token}"


def test_a_signed_placement_rings_in_slack_and_teams_in_their_languages(client, acme, tom, hook):
    webhook, secret = hook
    with (
        local_server(slack_answer) as slack,
        local_server(lambda path, headers, body: (200, {})) as teams,
        time_machine.travel(NOW, tick=False),
    ):
        gong_channels(acme, slack.url, teams.url, slack_language="de", teams_language="nl")
        response = signed(client, url(webhook), PLACEMENT, secret)
        assert response.status_code == 202, response.content
        celebration = Celebration.objects.get()
        assert response.json() == {"status": "accepted", "celebration_id": celebration.pk}
        assert (celebration.kind, celebration.title) == (
            "placement",
            "Lena Fischer starts at Brightside GmbH",
        )
        assert list(celebration.people.all()) == [tom]  # the recruiter, credited
        assert celebration.team == tom.team
        assert celebration.details == {"candidate": "Lena Fischer", "client": "Brightside GmbH"}
        assert Deliverer(worker="t").run().sent == 2

    (posted,) = slack.requests
    assert posted.path == "/api/chat.postMessage"  # straight into the channel, no DM
    form = posted.form()
    assert form["channel"] == "CWINS"
    assert "Lena Fischer starts at Brightside GmbH" in form["text"]
    assert "Tom Becker" in form["text"]
    (card_request,) = teams.requests
    assert card_request.path == "/workflows/hook"
    card = json.loads(card_request.body)["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = card["content"]
    assert content["lang"] == "nl"  # the Teams target's language
    assert "msteams" in content
    assert "entities" not in content["msteams"]
    assert "Lena Fischer starts at Brightside GmbH" in content["body"][-1]["text"]
    slack_message = OutboxMessage.objects.get(channel="slack")
    assert (slack_message.language, slack_message.status) == ("de", Status.SENT)
    # The Slack ts comes back, so reactions to it can be counted.
    assert slack_message.external_id == "CWINS:1700000000.000100"
    assert OutboxMessage.objects.get(channel="teams").language == "nl"
    log = WebhookDelivery.objects.get()
    assert (log.result, log.external_id, log.celebration) == (
        DeliveryResult.ACCEPTED,
        "pl-4711",
        celebration,
    )


@pytest.mark.parametrize(
    "signature", [False, "sha256=" + "0" * 64, "sha1=abc", "sha256=", "garbage"]
)
def test_a_forged_or_unsigned_request_posts_nothing(client, acme, tom, hook, signature):
    webhook, _secret = hook
    with (
        local_server(slack_answer) as slack,
        local_server(lambda path, headers, body: (200, {})) as teams,
    ):
        gong_channels(acme, slack.url, teams.url)
        response = signed(client, url(webhook), PLACEMENT, "another-secret", signature=signature)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert Deliverer(worker="t").run().sent == 0
        assert slack.requests == teams.requests == []
    assert not Celebration.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert WebhookDelivery.objects.get().result == DeliveryResult.BAD_SIGNATURE


def test_signed_with_another_secret_is_refused(client, acme, tom, hook):
    webhook, _secret = hook
    assert signed(client, url(webhook), PLACEMENT, "whsec_not-it").status_code == 401
    assert not Celebration.objects.exists()


def test_the_same_external_id_twice_posts_once(client, acme, tom, hook):
    webhook, secret = hook
    first = signed(client, url(webhook), PLACEMENT, secret)
    again = signed(client, url(webhook), PLACEMENT, secret)
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == {"status": "duplicate", "celebration_id": first.json()["celebration_id"]}
    assert Celebration.objects.count() == 1
    assert [d.result for d in WebhookDelivery.objects.order_by("id")] == [
        DeliveryResult.ACCEPTED,
        DeliveryResult.DUPLICATE,
    ]


def test_unknown_token_is_404_and_a_switched_off_webhook_too(client, hook):
    webhook, secret = hook
    assert signed(client, "/api/v1/gong/webhook/nope", PLACEMENT, secret).status_code == 404
    gong_webhook_set_enabled(webhook=webhook, enabled=False)
    assert signed(client, url(webhook), PLACEMENT, secret).status_code == 404
    assert not Celebration.objects.exists()


def test_bad_bodies_are_400_with_the_reason_and_post_nothing(client, tom, hook):
    webhook, secret = hook
    not_json = signed(client, url(webhook), b"candidate=Lena", secret)
    assert not_json.status_code == 400
    assert not_json.json()["error"]["message"].startswith("The body is not JSON")
    missing = dict(PLACEMENT, job={})
    answer = signed(client, url(webhook), missing, secret)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "$.job.company (for “client”) is not in the payload."
    )
    assert signed(client, url(webhook), [1, 2], secret).status_code == 400
    assert not Celebration.objects.exists()
    assert {d.result for d in WebhookDelivery.objects.all()} == {DeliveryResult.BAD_PAYLOAD}


def test_a_body_over_the_limit_is_413(client, hook):
    webhook, secret = hook
    big = json.dumps({"id": "x", "pad": "x" * MAX_BODY_BYTES}).encode()
    assert signed(client, url(webhook), big, secret).status_code == 413
    assert not Celebration.objects.exists()


def test_rotating_the_secret_stops_the_old_one(client, tom, hook):
    webhook, old = hook
    new = gong_webhook_rotate(webhook=webhook, now=NOW)
    assert new != old
    assert signed(client, url(webhook), PLACEMENT, old).status_code == 401
    assert signed(client, url(webhook), PLACEMENT, new).status_code == 202


def test_the_secret_is_stored_encrypted(hook):
    webhook, secret = hook
    webhook.refresh_from_db()
    assert secret not in webhook.secrets_encrypted
    assert webhook.secret == secret


def test_an_unknown_recruiter_is_not_credited_and_the_log_says_so(client, hook):
    webhook, secret = hook
    assert signed(client, url(webhook), PLACEMENT, secret).status_code == 202
    assert not Celebration.objects.get().people.exists()
    assert "tom@acme.test" in WebhookDelivery.objects.get().detail


def test_the_path_reader():
    doc = {"a": {"b": [{"c": 1}, {"c": "two"}]}, "x.y": 3}
    assert path_read(doc, "$.a.b.1.c") == "two"
    assert path_read(doc, "$.a.b[0].c") == 1
    for missing in ("$.a.z", "$.a.b.5.c", "a.b", "$.a.b.c"):
        with pytest.raises(PathMissing):
            path_read(doc, missing)


def test_a_kind_from_the_payload_and_no_attribute_access_in_titles():
    mapping = {"kind": "$.type", "title": "{who} {who.__class__}", "who": "$.name"}
    mapped = payload_map(mapping, {"type": "deal", "name": "Ann"})
    assert (mapped.kind, mapped.title) == ("deal", "Ann {who.__class__}")


@pytest.fixture
def recorded_event():
    """A capability's event, registered for one test (as outreach registers its own)."""
    from django.core.exceptions import ValidationError

    from hallway.messaging import inbound

    seen = []

    def handler(organisation, payload, now):
        if "stage" not in payload:
            raise ValidationError("stage is missing")
        seen.append((organisation.pk, payload["stage"], now))
        return "moved"

    event = inbound.inbound_event_register(
        inbound.InboundEvent("test.stage_changed", handler, example={"stage": "interview"})
    )
    yield seen
    inbound._events.pop(event.name)


def test_a_registered_event_goes_to_its_capability_not_to_the_gong(
    client, acme, hook, recorded_event
):
    webhook, secret = hook
    with time_machine.travel(NOW, tick=False):
        response = signed(
            client, url(webhook), {"event": "test.stage_changed", "stage": "offer"}, secret
        )
    assert response.status_code == 202
    assert response.json() == {
        "status": "accepted",
        "event": "test.stage_changed",
        "detail": "moved",
    }
    assert recorded_event == [(acme.pk, "offer", NOW)]
    assert not Celebration.objects.exists()
    log = WebhookDelivery.objects.get()
    assert log.result == DeliveryResult.ACCEPTED
    assert log.detail == "test.stage_changed: moved"


def test_a_registered_event_with_a_bad_payload_is_400_and_changes_nothing(
    client, hook, recorded_event
):
    webhook, secret = hook
    response = signed(client, url(webhook), {"event": "test.stage_changed"}, secret)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "stage is missing"
    assert recorded_event == []
    # Forged, it never reaches the capability.
    forged = signed(
        client, url(webhook), {"event": "test.stage_changed", "stage": "x"}, "wrong-secret"
    )
    assert forged.status_code == 401
    assert recorded_event == []
