"""Channel secrets at rest: unreadable in the database, and they survive a key rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from hallway.core.crypto import SecretsUnreadable
from hallway.messaging.channel_setup import channel_save, secrets_rotate
from hallway.messaging.models import Channel

TOKEN = "xoxb-4242-very-secret-token"
WEBHOOK = "https://example.webhook.office.com/webhookb2/abc/IncomingWebhook/def/ghi"


@pytest.fixture
def channels(acme):
    slack = channel_save(
        organisation=acme,
        kind="slack",
        name="Slack",
        values={"bot_token": TOKEN, "signing_secret": "sign-me"},
    )
    hook = channel_save(
        organisation=acme, kind="webhook", name="CRM", values={"url": WEBHOOK, "secret": "s" * 20}
    )
    return slack, hook


def raw_rows() -> str:
    """Everything the channel table holds, as a database dump would show it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM messaging_channel")
        return repr(cursor.fetchall())


def test_secrets_are_unreadable_in_the_database(channels):
    dump = raw_rows()
    for secret in (TOKEN, "sign-me", WEBHOOK, "webhook.office.com", "s" * 20):
        assert secret not in dump
    slack, hook = channels
    assert Channel.objects.get(pk=slack.pk).secrets["bot_token"] == TOKEN
    assert Channel.objects.get(pk=hook.pk).secrets["url"] == WEBHOOK


def test_secrets_survive_a_key_rotation(channels, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HALLWAY_ENCRYPTION_KEYS = [old]
    slack, hook = channels
    for channel in (slack, hook):  # written under the old key
        channel.secrets = _plain(channel)
        channel.save()
    before = raw_rows()
    settings.HALLWAY_ENCRYPTION_KEYS = [new, old]  # the new key in front: both still read
    assert Channel.objects.get(pk=slack.pk).secrets["bot_token"] == TOKEN
    assert secrets_rotate() == (2, [])
    assert raw_rows() != before
    settings.HALLWAY_ENCRYPTION_KEYS = [new]  # the old key retired
    assert Channel.objects.get(pk=slack.pk).secrets["bot_token"] == TOKEN
    assert Channel.objects.get(pk=hook.pk).secrets["url"] == WEBHOOK
    settings.HALLWAY_ENCRYPTION_KEYS = [old]  # only the retired key: unreadable, clearly
    with pytest.raises(SecretsUnreadable, match="HALLWAY_ENCRYPTION_KEYS"):
        _ = Channel.objects.get(pk=slack.pk).secrets


def _plain(channel):
    return (
        {"bot_token": TOKEN, "signing_secret": "sign-me"}
        if channel.kind == "slack"
        else {
            "url": WEBHOOK,
            "secret": "s" * 20,
        }
    )


def test_the_command_rotates_and_names_what_it_cannot_open(channels, settings):
    settings.HALLWAY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    # Written under the derived default key, which is no longer configured: unreadable.
    with pytest.raises(CommandError, match=r"acme/Slack, acme/CRM|acme/CRM, acme/Slack") as error:
        call_command("channel", "rotate-keys")
    assert error.value.returncode == 1


def test_a_bad_key_is_a_clear_configuration_error(channels, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.HALLWAY_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        _ = Channel.objects.get(pk=channels[0].pk).secrets
