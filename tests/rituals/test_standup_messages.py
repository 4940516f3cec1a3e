"""Every stand-up message renders in each language, from its sample and from a real run;
the digest never names anyone's mood and lists who is away apart from who did not answer."""

import pytest

from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import message_render, outbox_render
from hallway.messaging.types import message_type_get
from hallway.rituals.models import CheckIn
from hallway.rituals.services.standups import checkin_answer
from hallway.rituals.services.standups_run import standups_run_due
from hallway.rituals.standup_messages import (
    STANDUP_ASK,
    STANDUP_DIGEST,
    STANDUP_REMINDER,
    STANDUP_VIDEO,
)
from tests.rituals.standup_helpers import MONDAY, at, make_standup, team_across_zones


@pytest.mark.parametrize("language", ["en", "de", "nl"])
@pytest.mark.parametrize("name", [STANDUP_ASK, STANDUP_REMINDER, STANDUP_DIGEST, STANDUP_VIDEO])
def test_samples_render(name, language):
    kind = message_type_get(name)
    assert kind is not None
    for channel in ("email", "slack") if "chat" in kind.template_kinds else ("email",):
        rendered = message_render(
            template=name,
            channel=channel,
            language=language,
            timezone_name="America/Sao_Paulo",
            context=kind.sample(),
        )
        assert rendered.subject
        assert rendered.text.strip()


def test_chat_question_has_an_answer_button_and_the_digest_its_contents(acme):
    from hallway.messaging.models import Channel

    team, carol, _bruna = team_across_zones(acme)
    carol.slack_id = "U0CAROL"
    carol.save()
    slack = Channel.objects.create(organisation=acme, name="Slack", kind="slack")
    make_standup(acme, team=team, channels=[slack])
    standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))
    ask = OutboxMessage.objects.get(template=STANDUP_ASK, person=carol)
    assert ask.via == slack
    assert ask.address == "U0CAROL"
    rendered = outbox_render(ask)
    assert rendered.buttons[0].url == ask.context["answer_url"]
    assert "What will you do today?" in rendered.text

    checkin_answer(
        checkin=CheckIn.objects.get(person=carol),
        yesterday="Reviews",
        today="Import",
        blockers="Staging is down",
        mood=2,
        now=at(MONDAY, 8, 30),
    )
    standups_run_due(organisation=acme, now=at(MONDAY, 11, 0))
    digest = OutboxMessage.objects.get(template=STANDUP_DIGEST, person=carol)
    text = outbox_render(digest).text
    assert "Blockers" in text
    assert "Staging is down" in text
    assert "mood" not in text.lower()  # one answer: no figure at all


def test_bruna_gets_her_question_in_her_zone_and_language(acme):
    team, _carol, bruna = team_across_zones(acme)
    bruna.preferred_language = "nl"
    bruna.save()
    make_standup(acme, team=team)
    standups_run_due(organisation=acme, now=at(MONDAY, 12, 0))
    ask = OutboxMessage.objects.get(template=STANDUP_ASK, person=bruna)
    rendered = outbox_render(ask)
    assert ask.language == "nl"
    assert "12:00" in rendered.text  # answers close at 12:00 São Paulo time (15:00 UTC)


def test_the_digest_names_the_question_of_the_day_above_each_answer():
    from django.utils import translation

    from hallway.coffee.interface import starter_text
    from hallway.messaging.rendering import message_render
    from hallway.messaging.types import message_type_get
    from hallway.rituals.standup_messages import STANDUP_DIGEST

    context = message_type_get(STANDUP_DIGEST).sample()
    for language in ("en", "de"):
        with translation.override(language):
            question = starter_text(context["starter_key"])
        rendered = message_render(
            template=STANDUP_DIGEST,
            channel="email",
            language=language,
            timezone_name="Europe/Berlin",
            context=context,
        )
        assert question
        assert question in rendered.text
        assert "Pasta, always." in rendered.html
