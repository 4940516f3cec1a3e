"""Settings → Messages → Channels: add, change, test and remove the organisation's channels."""

import pytest
from django.urls import reverse

from hallway.messaging.models import Channel, OutboxMessage, Status


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def add(client, kind, name, **config):
    return client.post(
        reverse("messaging:channels"),
        {
            "kind": kind,
            "channel-name": name,
            "channel-enabled": "on",
            **{f"config-{key}": value for key, value in config.items()},
        },
    )


def test_adding_a_channel_asks_for_its_kind_then_its_own_fields(alice_client):
    page = alice_client.get(reverse("messaging:channels")).content.decode()
    assert ">Email</a>" in page  # this installation's mail server, there without any setup
    for kind in ("Email", "Slack", "Mattermost", "Discord", "Webhook"):
        assert f">{kind}</option>" in page
    slack = alice_client.get(reverse("messaging:channels"), {"kind": "slack"}).content.decode()
    assert 'name="config-bot_token"' in slack
    assert "/messages/slack/acme/interactions/" in slack
    assert alice_client.get(reverse("messaging:channels"), {"kind": "pigeon"}).status_code == 404


def test_bad_values_are_refused_field_by_field_and_nothing_is_saved(alice_client):
    bad = add(alice_client, "slack", "", bot_token="nope", signing_secret="")
    html = bad.content.decode()
    assert bad.status_code == 200
    assert "A Slack bot token starts with xoxb-." in html
    assert "This field is required." in html
    insecure = add(alice_client, "mattermost", "MM", url="http://chat.example.com/hooks/x")
    assert "Use an https:// address." in insecure.content.decode()
    assert list(Channel.objects.values_list("kind", flat=True)) == ["email"]  # always there


def test_secrets_are_kept_masked_and_never_shown_again(alice_client, acme):
    response = add(
        alice_client, "slack", "Slack", bot_token="xoxb-123456789", signing_secret="abc123"
    )
    assert response.status_code == 302
    channel = Channel.objects.get(organisation=acme)
    assert channel.secrets == {"bot_token": "xoxb-123456789", "signing_secret": "abc123"}
    listing = alice_client.get(reverse("messaging:channels")).content.decode()
    assert "xoxb-123456789" not in listing
    assert "xoxb…89" in listing
    edit = reverse("messaging:channel_edit", args=[channel.pk])
    form = alice_client.get(edit).content.decode()
    assert "xoxb-123456789" not in form
    assert "abc123" not in form
    assert "Saved; leave empty to keep it." in form
    # Saving with the secrets left empty keeps them; renaming works.
    saved = alice_client.post(edit, {"channel-name": "Slack (Acme)", "channel-enabled": "on"})
    assert saved.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "Slack (Acme)"
    assert channel.secrets["bot_token"] == "xoxb-123456789"


def test_two_channels_cannot_share_a_name(alice_client):
    add(alice_client, "discord", "Team chat", url="https://discord.com/api/webhooks/1/a")
    again = add(alice_client, "discord", "team chat", url="https://discord.com/api/webhooks/2/b")
    assert "Another channel is called “team chat”." in again.content.decode()
    assert Channel.objects.filter(kind="discord").count() == 1


def test_a_test_message_goes_out_through_the_channel(alice_client, acme, smtp_server):
    add(alice_client, "email", "Our own mail server")
    channel = Channel.objects.get(organisation=acme)
    response = alice_client.post(
        reverse("messaging:channel_test", args=[channel.pk]), {"to": "ops@acme.test"}, follow=True
    )
    assert "The test message went out through “Our own mail server”." in response.content.decode()
    (mail,) = smtp_server
    assert mail["To"] == "ops@acme.test"
    message = OutboxMessage.objects.get()
    assert (message.via, message.status, message.transactional) == (channel, Status.SENT, True)


def test_a_refused_test_says_why(alice_client, acme, http_server):
    http_server.answer = lambda path, headers, body: (404, {})
    add(alice_client, "discord", "Discord", url=http_server.url + "/gone")
    channel = Channel.objects.get(organisation=acme)
    response = alice_client.post(reverse("messaging:channel_test", args=[channel.pk]), follow=True)
    assert "The test message did not go out: webhook answered 404" in response.content.decode()


def test_removing_a_channel(alice_client, acme):
    add(alice_client, "discord", "Discord", url="https://discord.com/api/webhooks/1/a")
    channel = Channel.objects.get(organisation=acme)
    alice_client.post(reverse("messaging:channel_remove", args=[channel.pk]))
    assert not Channel.objects.exists()


def test_members_and_other_organisations_get_nothing(client, bob, mallory, acme, alice_client):
    add(alice_client, "discord", "Discord", url="https://discord.com/api/webhooks/1/a")
    channel = Channel.objects.get(organisation=acme)
    client.force_login(bob)
    assert client.get(reverse("messaging:channels")).status_code == 404
    for user in (bob, mallory):  # a member here; an admin of another organisation
        client.force_login(user)
        assert client.get(reverse("messaging:channel_edit", args=[channel.pk])).status_code == 404
        assert (
            client.post(reverse("messaging:channel_remove", args=[channel.pk])).status_code == 404
        )
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_each_problem_is_shown_once(alice_client):
    html = add(alice_client, "slack", "Slack", bot_token="nope", signing_secret="s").content
    assert html.decode().count("A Slack bot token starts with xoxb-.") == 1


def test_a_name_in_use_shows_with_the_kinds_problems(alice_client):
    add(alice_client, "discord", "Team chat", url="https://discord.com/api/webhooks/1/a")
    html = add(alice_client, "slack", "team chat", bot_token="nope", signing_secret="s").content
    html = html.decode()
    assert "Another channel is called “team chat”." in html
    assert "A Slack bot token starts with xoxb-." in html
    assert Channel.objects.filter(kind="slack").count() == 0
