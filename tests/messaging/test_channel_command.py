"""`hallway channel add|list|remove` and `hallway send-test --channel`, as operators run them."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hallway.messaging.models import Channel, OutboxMessage, Status
from tests.core.processes import fresh_sqlite_data_dir, hallway_env

HOOK = "https://example.webhook.office.com/webhookb2/abc/IncomingWebhook/def/secretpart"


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def run(*args, capsys):
    call_command(*args)
    return capsys.readouterr().out


def test_add_and_list_with_secrets_masked(acme, capsys):
    out = run("channel", "add", "--org", "acme", "--kind", "discord", "--name", "Team chat",
              "--url", "https://discord.com/api/webhooks/123/supersecrettoken", capsys=capsys)  # fmt: skip
    assert "Added the channel “Team chat” (discord)." in out
    run("channel", "add", "--org", "acme", "--kind", "slack", "--name", "Slack",
        "--token", "xoxb-111-222-333", "--secret", "signing-secret-value", capsys=capsys)  # fmt: skip
    listing = json.loads(run("channel", "list", "--org", "acme", "--json", capsys=capsys))
    assert [(c["name"], c["kind"], c["enabled"]) for c in listing] == [
        ("Team chat", "discord", True),
        ("Slack", "slack", True),
    ]
    text = json.dumps(listing) + run("channel", "list", "--org", "acme", capsys=capsys)
    for secret in ("supersecrettoken", "xoxb-111-222-333", "signing-secret-value"):
        assert secret not in text
    assert listing[1]["secrets"]["bot_token"] == "xoxb…33"


def test_adding_again_by_name_changes_the_channel(acme, capsys):
    run("channel", "add", "--org", "acme", "--kind", "discord", "--name", "Chat",
        "--url", "https://discord.com/api/webhooks/1/a", capsys=capsys)  # fmt: skip
    out = run("channel", "add", "--org", "acme", "--kind", "discord", "--name", "chat",
              "--url", "https://discord.com/api/webhooks/2/b", "--disabled", capsys=capsys)  # fmt: skip
    assert "Changed the channel" in out
    channel = Channel.objects.get()
    assert (channel.enabled, channel.secrets["url"]) == (
        False,
        "https://discord.com/api/webhooks/2/b",
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--kind", "pigeon", "--url", "https://x.example"], "“pigeon” is not a channel kind"),
        (
            ["--kind", "discord", "--url", "http://discord.example/hook"],
            "url: Use an https:// address.",
        ),
        (["--kind", "discord"], "url: This field is required."),
        (
            ["--kind", "slack", "--token", "xoxp-user"],
            "bot_token: A Slack bot token starts with xoxb-.",
        ),
        (["--kind", "discord", "--url", "https://d.example/h", "--token", "t"], "takes no --token"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(acme, args, problem):
    with pytest.raises(CommandError, match=problem) as error:
        call_command("channel", "add", "--org", "acme", "--name", "X", *args)
    assert error.value.returncode == 2
    assert not Channel.objects.exists()


def test_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="No organisation has the slug nope") as error:
        call_command("channel", "list", "--org", "nope")
    assert error.value.returncode == 2


def test_send_test_through_a_named_channel(acme, http_server, capsys):
    run("channel", "add", "--org", "acme", "--kind", "discord", "--name", "Chat",
        "--url", http_server.url + "/hook", capsys=capsys)  # fmt: skip
    out = run("send_test", "--org", "acme", "--channel", "Chat", "--language", "nl", capsys=capsys)
    assert "Sent message" in out
    (request,) = http_server.requests
    assert "Dit is een testbericht van Hallway" in json.loads(request.body)["content"]
    assert OutboxMessage.objects.get().status == Status.SENT


def test_send_test_exits_1_when_the_receiver_refuses(acme, http_server, capsys):
    http_server.answer = lambda path, headers, body: (403, {})
    run("channel", "add", "--org", "acme", "--kind", "discord", "--name", "Chat",
        "--url", http_server.url + "/hook", capsys=capsys)  # fmt: skip
    with pytest.raises(CommandError, match="was not sent") as error:
        call_command("send_test", "--org", "acme", "--channel", "Chat")
    assert error.value.returncode == 1


def test_send_test_needs_a_known_channel_and_an_address_where_one_is_needed(acme, capsys):
    with pytest.raises(CommandError, match="no channel called “Nope”") as error:
        call_command("send_test", "--org", "acme", "--channel", "Nope")
    assert error.value.returncode == 2
    run("channel", "add", "--org", "acme", "--kind", "slack", "--name", "Slack",
        "--token", "xoxb-1", "--secret", "s", capsys=capsys)  # fmt: skip
    with pytest.raises(CommandError, match="Say whom to send the test to on Slack"):
        call_command("send_test", "--org", "acme", "--channel", "Slack")


@pytest.mark.database_independent
def test_the_installed_command_masks_secrets_end_to_end(tmp_path):
    hallway = Path(sys.executable).with_name("hallway")
    env = hallway_env(fresh_sqlite_data_dir(tmp_path / "data"))

    def cli(*args):
        return subprocess.run(
            [str(hallway), *args], capture_output=True, text=True, env=env, check=False, timeout=120
        )

    assert cli("org", "create", "acme", "--name", "Acme", "--owner", "o@acme.test").returncode == 0
    added = cli("channel", "add", "--org", "acme", "--kind", "webhook", "--name", "CRM",
                "--url", HOOK, "--token", "shared-signing-secret")  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = cli("channel", "list", "--org", "acme", "--json")
    assert listed.returncode == 0
    assert "secretpart" not in listed.stdout
    assert "shared-signing-secret" not in listed.stdout
    assert (
        json.loads(listed.stdout)[0]["secrets"]["url"] == "https://example.webhook.office.com/…part"
    )


def test_slack_needs_only_a_bot_token_to_send(acme, capsys):
    out = run("channel", "add", "--org", "acme", "--kind", "slack", "--name", "Slack",
              "--token", "xoxb-1-2-3", capsys=capsys)  # fmt: skip
    assert "Added the channel “Slack” (slack)." in out
    assert Channel.objects.get(kind="slack").secrets == {"bot_token": "xoxb-1-2-3"}
