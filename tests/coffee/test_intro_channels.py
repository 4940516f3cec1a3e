"""A program that introduces people through email, Microsoft Teams and Slack at once.

The trio reads Hallway in German, Dutch and English. Their intros go out through the
same delivery the worker runs: an email with the calendar invite to each (real SMTP), an
Adaptive Card to each on Teams and one group message on Slack (both to a local HTTP
server). Dana's Teams card is read as it arrived: German, her partners, her own signed
answer links, which work without a login.
"""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from hallway.coffee.models import Cadence, PairingMember
from hallway.coffee.services.announcing import round_announce
from hallway.coffee.services.planning import round_plan
from hallway.messaging.channel_setup import channel_email, channel_save
from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage, Status
from tests.messaging.conftest import http_server  # noqa: F401

START = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=datetime.UTC)  # a Tuesday


@pytest.fixture
def receiver(http_server):  # noqa: F811
    """Teams' workflow under /teams, Slack's Web API under /slack/api/."""

    def answer(path, headers, body):
        if path.startswith("/teams"):
            return 202, {}
        form = {k: v[-1] for k, v in parse_qs(body.decode()).items()}
        if path.endswith("/conversations.open"):
            return 200, {"ok": True, "channel": {"id": "G-" + form["users"]}}
        return 200, {"ok": True, "channel": form.get("channel"), "ts": "1.2"}

    http_server.answer = answer
    return http_server


@pytest.fixture
def everywhere(program, members, receiver):
    dana, noor, eli, frank = members
    frank.delete()
    for index, person in enumerate((dana, noor, eli)):
        person.slack_id = f"U{index}"
        person.save()
    program.cadence, program.weekday, program.hour = Cadence.WEEKLY, 2, 9
    program.first_round_on, program.group_size = START.date(), 3
    program.save()
    teams = channel_save(
        organisation=program.organisation,
        kind="teams",
        name="Teams: Coffee",
        values={"url": receiver.url + "/teams/workflow"},
    )
    slack = channel_save(
        organisation=program.organisation,
        kind="slack",
        name="Slack",
        values={
            "bot_token": "xoxb-1",
            "signing_secret": "s",
            "api_url": receiver.url + "/slack/api/",
        },
    )
    program.channels.set([channel_email(program.organisation), teams, slack])
    return program


def test_one_round_reaches_everyone_on_email_teams_and_slack(
    client, smtp_server, receiver, everywhere, dana, noor, eli
):
    with time_machine.travel(START, tick=False):
        round_ = round_plan(program=everywhere, now=START).round
        round_announce(round=round_, now=START)
        report = outbox_deliver_due(worker="e2e")
    assert report.sent == 3 + 3 + 1
    assert not OutboxMessage.objects.exclude(status=Status.SENT).exists()
    assert {mail["To"].addresses[0].addr_spec for mail in smtp_server} == {
        dana.email,
        noor.email,
        eli.email,
    }
    cards = [json.loads(r.body) for r in receiver.requests if r.path == "/teams/workflow"]
    slack_posts = [r for r in receiver.requests if r.path == "/slack/api/chat.postMessage"]
    assert len(cards) == 3
    assert len(slack_posts) == 1

    by_language = {}
    for body in cards:
        assert body["type"] == "message"
        (attachment,) = body["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        content = attachment["content"]
        assert content["type"] == "AdaptiveCard"
        by_language[content["lang"]] = content
    assert set(by_language) == {"de", "nl", "en"}

    dana_card = by_language["de"]
    title, text = dana_card["body"]
    assert title["text"] == "Kaffee mit Eli Brooks und Noor de Vries"
    assert text["text"].startswith("<at>Dana Fischer</at> ")
    assert "Kaffee-Date mit Eli Brooks und Noor de Vries" in text["text"]
    assert dana_card["msteams"]["entities"][0]["mentioned"]["id"] == dana.email
    labels = [action["title"] for action in dana_card["actions"]]
    assert labels[0] == "Wir haben uns getroffen"
    assert all(action["type"] == "Action.OpenUrl" for action in dana_card["actions"])
    assert by_language["nl"]["body"][0]["text"] == "Koffie met Dana Fischer en Eli Brooks"

    # Her "we met" button is her own signed link: it answers for her without a login.
    met = urlsplit(dana_card["actions"][0]["url"]).path
    assert "/m/de/coffee_feedback/" in met
    with time_machine.travel(START + datetime.timedelta(days=2)):
        assert client.get(met).status_code == 200
        assert client.post(met, {"rating": "5"}).status_code == 200
    answered = PairingMember.objects.exclude(outcome="").select_related("person")
    assert [(m.person.name, m.outcome, m.rating) for m in answered] == [("Dana Fischer", "met", 5)]
