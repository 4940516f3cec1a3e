"""celebration_post and its neighbours: idempotent per (source, source_ref), every problem
at once, one message per gong channel in that channel's language, wall reactions, gong
channels, Slack reaction events, and the digest of wins by email."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from slack_sdk.signature import SignatureVerifier

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import outbox_render
from hallway.rituals.models import Celebration, CelebrationReaction, SlackReaction, WinsDigest
from hallway.rituals.services.gong import celebration_post, gong_target_save, reaction_toggle
from hallway.rituals.services.gong_digest import digest_set, digests_send_due
from tests.factories import make_person, make_team
from tests.rituals.gong_helpers import SLACK_SECRET, gong_channels, local_server, slack_answer

NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def post(organisation, **fields):
    defaults = {"kind": "win", "title": "We shipped the new search", "source": "ui", "now": NOW}
    return celebration_post(organisation=organisation, **{**defaults, **fields})


def test_a_repeated_source_ref_returns_the_first_and_posts_nothing_again(acme):
    teams = channel_save(
        organisation=acme, kind="teams", name="Teams", values={"url": "https://t.example/h"}
    )
    gong_target_save(organisation=acme, channel=teams)
    first = post(acme, source="standup", source_ref="answer-12")
    again = post(acme, source="standup", source_ref="answer-12", title="Something else")
    assert again == first
    assert OutboxMessage.objects.count() == 1
    # Another source may use the same reference: it is another celebration.
    assert post(acme, source="api", source_ref="answer-12") != first


def test_every_problem_at_once_and_nothing_written(acme, globex):
    stranger = make_person(globex, "Max Stranger", email="max@globex.test")
    with pytest.raises(ValidationError) as problem:
        post(acme, kind="party", title=" ", source="fax", people=[stranger])
    assert set(problem.value.message_dict) == {"kind", "title", "source", "people"}
    assert not Celebration.objects.exists()


def test_each_channel_in_its_language_defaulting_to_the_organisations(acme):
    acme.language = "de"
    acme.save()
    with local_server(slack_answer) as slack, local_server(lambda *a: (200, {})) as teams:
        gong_channels(acme, slack.url, teams.url, slack_language="nl", teams_language="")
        celebration = post(acme)
        languages = dict(OutboxMessage.objects.values_list("channel", "language"))
        assert languages == {"slack": "nl", "teams": "de"}
        message = OutboxMessage.objects.get(channel="slack")
        assert message.idempotency_key.startswith(f"gong:celebration-{celebration.pk}:target-")
        assert message.context["celebration_id"] == celebration.pk


def test_only_the_chosen_channels(acme):
    with local_server(slack_answer) as slack, local_server(lambda *a: (200, {})) as teams:
        _slack_target, teams_target = gong_channels(acme, slack.url, teams.url)
        post(acme, channels=[teams_target.channel])
        assert list(OutboxMessage.objects.values_list("channel", flat=True)) == ["teams"]


def test_a_slack_channel_that_is_no_gong_channel_is_refused(acme):
    slack = channel_save(organisation=acme, kind="slack", name="S", values={"bot_token": "xoxb-1"})
    with pytest.raises(ValidationError, match="with the channel to post in"):
        post(acme, channels=[slack])
    assert not Celebration.objects.exists()


def test_gong_channels_are_chat_channels_and_slack_names_its_channel(acme):
    slack = channel_save(organisation=acme, kind="slack", name="S", values={"bot_token": "xoxb-1"})
    with pytest.raises(ValidationError) as problem:
        gong_target_save(organisation=acme, channel=slack, address="#wins", language="fr")
    assert set(problem.value.message_dict) == {"address", "language"}
    gong_target_save(organisation=acme, channel=slack, address="C0WINS")
    with pytest.raises(ValidationError, match="rings there already"):
        gong_target_save(organisation=acme, channel=slack, address="C0WINS")


def test_a_cheer_toggles_one_per_person(acme, carol):
    celebration = post(acme)
    assert reaction_toggle(celebration=celebration, person=carol, now=NOW) is True
    assert CelebrationReaction.objects.count() == 1
    assert reaction_toggle(celebration=celebration, person=carol, now=NOW) is False
    assert not CelebrationReaction.objects.exists()


def slack_event(client, organisation, payload, secret=SLACK_SECRET):
    body = json.dumps(payload).encode()
    timestamp = str(int(datetime.datetime.now(datetime.UTC).timestamp()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return client.post(
        reverse("rituals:gong_slack_events", args=[organisation.slug]),
        body,
        content_type="application/json",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )


def test_slack_reactions_to_the_gongs_message_are_counted(client, acme):
    with local_server(slack_answer) as slack, local_server(lambda *a: (200, {})) as teams:
        gong_channels(acme, slack.url, teams.url)
        celebration = post(acme)
        Deliverer(worker="t").run()
    event = {
        "type": "reaction_added",
        "user": "U1",
        "reaction": "tada",
        "item": {"type": "message", "channel": "CWINS", "ts": "1700000000.000100"},
    }
    callback = {"type": "event_callback", "event": event}
    assert slack_event(client, acme, callback).status_code == 200
    assert slack_event(client, acme, callback).status_code == 200  # Slack retries
    assert SlackReaction.objects.filter(celebration=celebration).count() == 1
    elsewhere = {**event, "item": {"channel": "CWINS", "ts": "1.2"}}
    slack_event(client, acme, {"type": "event_callback", "event": elsewhere})
    assert SlackReaction.objects.count() == 1
    forged = slack_event(client, acme, callback | {"x": 1}, secret="not-slack")
    assert forged.status_code == 401
    removed = {"type": "event_callback", "event": {**event, "type": "reaction_removed"}}
    slack_event(client, acme, removed)
    assert not SlackReaction.objects.exists()
    challenge = slack_event(client, acme, {"type": "url_verification", "challenge": "abc"})
    assert challenge.json() == {"challenge": "abc"}


def test_the_weekly_digest_goes_on_monday_morning_once_with_last_weeks_wins(acme, carol):
    # Carol (Berlin) asked a month ago; last week saw two wins, this week one.
    digest_set(person=carol, frequency="weekly", now=NOW - datetime.timedelta(days=30))
    post(acme, title="Deal", kind="deal", now=NOW - datetime.timedelta(days=3))
    post(acme, title="Launch", kind="launch", now=NOW - datetime.timedelta(days=6))
    post(acme, title="Too new", now=NOW)
    early = NOW.replace(hour=5)  # 06:00 in Berlin: not yet
    assert digests_send_due(now=early) == 0
    assert digests_send_due(now=NOW) == 1
    assert digests_send_due(now=NOW + datetime.timedelta(hours=1)) == 0
    message = OutboxMessage.objects.get()
    assert (message.channel, message.address, message.language) == ("email", carol.email, "de")
    assert [item["title"] for item in message.context["celebrations"]] == ["Launch", "Deal"]
    assert message.idempotency_key == f"gong:digest:{carol.pk}:weekly:2026-11-30"
    rendered = outbox_render(message)
    assert "Launch" in rendered.text
    assert "Deal" in rendered.html


def test_the_daily_digest_skips_empty_days_and_the_past_before_signing_up(acme, carol):
    post(acme, title="Before", now=NOW - datetime.timedelta(days=1))
    digest_set(person=carol, frequency="daily", now=NOW)  # yesterday ended before this
    assert digests_send_due(now=NOW + datetime.timedelta(hours=1)) == 0
    post(acme, title="Today", now=NOW + datetime.timedelta(hours=2))
    tomorrow = NOW + datetime.timedelta(days=1)
    assert digests_send_due(now=tomorrow) == 1
    assert digests_send_due(now=tomorrow + datetime.timedelta(days=1)) == 0  # nothing then
    digest_set(person=carol, frequency="", now=NOW)
    assert not WinsDigest.objects.exists()


def test_a_team_filter_reads_the_team_or_its_people(acme, carol, platform_team):
    from hallway.rituals.selectors.gong import wall_of_wins

    sales = make_team(acme, "Sales")
    post(acme, title="Team win", team=platform_team)
    post(acme, title="Carol's win", people=[carol])
    post(acme, title="Sales win", team=sales)
    wall = wall_of_wins(
        organisation=acme,
        month=datetime.date(2026, 12, 1),
        team=platform_team,
        viewer=None,
        today=datetime.date(2026, 12, 7),
    )
    assert sorted(c.title for c in wall.celebrations) == ["Carol's win", "Team win"]
    assert {kind: count for kind, _label, count in wall.counts}["win"] == 2
    assert wall.next is None
