import datetime
import json
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from slack_sdk.signature import SignatureVerifier

from hallway.coffee.models import Pairing, PairingMember, Round, RoundStatus
from hallway.coffee.services.announcing import round_remind
from hallway.coffee.services.intros import pairing_introduce
from hallway.coffee.starters import STARTERS, starter_pick, starter_text
from hallway.messaging.channel_setup import channel_email, channel_save
from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import message_render
from hallway.messaging.types import message_type_get
from tests.factories import make_round

SECRET = "slack-signing-secret"


def slack_only(program):
    slack = channel_save(
        organisation=program.organisation,
        kind="slack",
        name="Slack",
        values={"bot_token": "xoxb-1", "signing_secret": SECRET},
    )
    program.channels.set([slack])
    return slack


@pytest.fixture
def pairing(program, members):
    dana, noor, eli, _frank = members
    round = make_round(program, [[dana, noor, eli]])
    return Pairing.objects.get(round=round)


def rendered(message):
    return message_render(
        template=message.template,
        channel=message.channel,
        language=message.language,
        timezone_name=message.timezone,
        context=message.context,
    )


def test_each_member_gets_an_email_with_partners_slot_links_and_starter(pairing, dana, noor, eli):
    from hallway.coffee.models import CoffeeProfile

    CoffeeProfile.objects.create(
        organisation=noor.organisation, person=noor, ask_me_about=["sailing", "stroopwafels"]
    )
    messages = pairing_introduce(pairing=pairing)
    assert sorted(m.idempotency_key for m in messages) == sorted(
        f"coffee:pairing-{pairing.pk}:person-{p.pk}:intro" for p in (dana, noor, eli)
    )
    to_eli = next(m for m in messages if m.person_id == eli.pk)
    context = to_eli.context
    assert [p["name"] for p in context["partners"]] == ["Dana Fischer", "Noor de Vries"]
    assert context["partners"][1]["ask_me_about"] == ["sailing", "stroopwafels"]
    assert context["calendar"]["method"] == "REQUEST"
    assert {a["email"] for a in context["calendar"]["attendees"]} == {
        dana.email,
        noor.email,
        eli.email,
    }
    pairing.refresh_from_db()
    assert pairing.video_url.startswith("https://meet.jit.si/Hallway-")
    assert context["calendar"]["video_url"] == pairing.video_url
    assert set(context["feedback_urls"]) == {"met", "not_yet", "missed"}
    assert starter_text(context["starter_key"])
    text = rendered(to_eli).text
    # 13:00 UTC: 14:00 in Berlin and Amsterdam, 09:00 in New York (already on summer time).
    assert "09:00–09:30" in text
    assert "Their local time: 14:00 (Europe/Amsterdam)" in text
    assert "Ask me about: sailing, stroopwafels" in text
    assert context["feedback_urls"]["met"] in text
    assert context["personal_url"] in text


def test_introducing_twice_sends_nothing_new(pairing):
    first = pairing_introduce(pairing=pairing)
    again = pairing_introduce(pairing=pairing)
    assert [m.pk for m in first] == [m.pk for m in again]
    assert OutboxMessage.objects.count() == 3


def test_a_slack_program_sends_one_group_dm_with_buttons(program, pairing, dana, noor, eli):
    for index, person in enumerate((dana, noor, eli)):
        person.slack_id = f"U{index}"
        person.save()
    slack_only(program)
    pairing = Pairing.objects.get(pk=pairing.pk)
    (message,) = pairing_introduce(pairing=pairing)
    assert (message.channel, message.address) == ("slack", "U0,U2,U1")
    assert message.language == "en"  # no common language: the organisation's
    assert [b["value"].split(":")[0] for b in message.context["buttons"]] == ["coffee_feedback"] * 3
    text = rendered(message).text
    assert "Dana Fischer, Eli Brooks and Noor de Vries" in text
    assert "local time 09:00 (America/New_York)" in text


def test_members_not_on_slack_get_their_intro_by_email(program, pairing, dana, noor, eli):
    dana.slack_id = "U0"
    dana.save()
    slack_only(program)
    messages = pairing_introduce(pairing=Pairing.objects.get(pk=pairing.pk))
    by_person = {m.person_id: m for m in messages}
    assert (by_person[dana.pk].channel, by_person[dana.pk].address) == ("slack", "U0")
    assert {by_person[p.pk].channel for p in (noor, eli)} == {"email"}
    assert len(messages) == 3
    # Dana's Slack DM is her own: her partners, her own answer links as buttons.
    dm = rendered(by_person[dana.pk])
    assert "Eli Brooks" in dm.text
    assert "Noor de Vries" in dm.text
    assert len(dm.buttons) == 4  # the three answers and her personal page, in German
    assert dm.buttons[0].label == "Wir haben uns getroffen"
    assert dm.buttons[0].url == by_person[dana.pk].context["feedback_urls"]["met"]


def test_a_program_can_send_on_several_channels_at_once(program, pairing, dana, noor, eli):
    for index, person in enumerate((dana, noor, eli)):
        person.slack_id = f"U{index}"
        person.save()
    email = channel_email(program.organisation)
    slack = slack_only(program)
    program.channels.add(email)
    messages = pairing_introduce(pairing=Pairing.objects.get(pk=pairing.pk))
    assert sorted(m.channel for m in messages) == ["email", "email", "email", "slack"]
    assert {m.via_id for m in messages} == {email.pk, slack.pk}


def test_reminders_have_their_own_keys(pairing):
    pairing_introduce(pairing=pairing)
    Round.objects.filter(pk=pairing.round_id).update(status=RoundStatus.ANNOUNCED)
    assert round_remind(round=Round.objects.get(pk=pairing.round_id), now=timezone.now()) == 3
    reminders = list(OutboxMessage.objects.filter(idempotency_key__endswith=":reminder"))
    assert all(m.idempotency_key.endswith(":reminder") for m in reminders)
    subjects = {m.person.name: rendered(m).subject for m in reminders}
    assert subjects == {
        "Dana Fischer": "Hast du Eli Brooks und Noor de Vries schon getroffen?",
        "Noor de Vries": "Heb je Dana Fischer en Eli Brooks al gesproken?",
        "Eli Brooks": "Have you met Dana Fischer and Noor de Vries yet?",
    }


def test_starters_are_deterministic_and_cover_every_theme():
    for theme, starters in STARTERS.items():
        assert len(starters) >= 12
        assert starter_pick(pairing_id=7, theme=theme) == starter_pick(pairing_id=7, theme=theme)
        assert starter_pick(pairing_id=7, theme=theme).startswith(f"{theme}:")
    picked = {starter_pick(pairing_id=pk, theme="mixed") for pk in range(40)}
    assert len(picked) > 20
    assert starter_text("nonsense:1") == ""
    assert starter_text("work:999") == ""


def test_every_coffee_message_type_previews_with_its_sample():
    for name in ("coffee_intro", "coffee_reminder", "coffee_left_out", "coffee_paused"):
        kind = message_type_get(name)
        assert kind is not None
        for channel in ("email", "slack"):
            for language in ("en", "de", "nl"):
                result = message_render(
                    template=name,
                    channel=channel,
                    language=language,
                    timezone_name="Europe/Berlin",
                    context=kind.sample(),
                )
                assert result.text.strip()


def _path(url):
    return urlsplit(url).path


def test_a_feedback_link_shows_a_confirm_page_then_records_on_post(client, pairing, eli):
    messages = pairing_introduce(pairing=pairing)
    to_eli = next(m for m in messages if m.person_id == eli.pk)
    url = _path(to_eli.context["feedback_urls"]["met"])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="rating"' in page.content
    assert b'name="comment"' in page.content
    member = PairingMember.objects.get(pairing=pairing, person=eli)
    assert member.outcome == ""
    done = client.post(url, {"rating": "4", "comment": "Great chat"})
    assert done.status_code == 200
    member.refresh_from_db()
    assert (member.outcome, member.rating, member.comment) == ("met", 4, "Great chat")
    # Not single-use: a second answer replaces the first.
    missed = _path(to_eli.context["feedback_urls"]["missed"])
    assert client.post(missed).status_code == 200
    member.refresh_from_db()
    assert (member.outcome, member.rating) == ("missed", None)


def test_a_forged_feedback_link_changes_nothing(client, pairing, eli):
    messages = pairing_introduce(pairing=pairing)
    url = _path(next(m for m in messages if m.person_id == eli.pk).context["feedback_urls"]["met"])
    forged = url.replace("/coffee_feedback/", "/coffee_feedback/x")
    assert client.post(forged).status_code == 400
    assert not PairingMember.objects.exclude(outcome="").exists()


def test_a_web_post_cannot_pretend_to_be_a_slack_user(client, program, pairing, dana, noor):
    dana.slack_id, noor.slack_id = "U0", "U1"
    dana.save()
    noor.save()
    from hallway.coffee.links import feedback_token

    token = feedback_token(
        pairing_id=pairing.pk,
        organisation_id=program.organisation_id,
        person_id=None,
        outcome="met",
    )
    url = reverse(
        "messaging:link", kwargs={"language": "en", "purpose": "coffee_feedback", "token": token}
    )
    assert client.post(url, {"slack_user_id": "U0"}).status_code == 410
    assert not PairingMember.objects.exclude(outcome="").exists()


def test_a_slack_button_answers_for_whoever_clicked(client, acme, program, pairing, noor):
    noor.slack_id = "UNOOR"
    noor.save()
    slack_only(program)
    from hallway.coffee.links import feedback_token

    token = feedback_token(
        pairing_id=pairing.pk, organisation_id=acme.pk, person_id=None, outcome="not_yet"
    )
    payload = {"user": {"id": "UNOOR"}, "actions": [{"value": f"coffee_feedback:{token}"}]}
    body = urlencode({"payload": json.dumps(payload)})
    timestamp = str(int(datetime.datetime.now(datetime.UTC).timestamp()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    response = client.post(
        reverse("messaging:slack_interactions", args=["acme"]),
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature},
    )
    assert response.status_code == 200
    assert "Not yet" in response.json()["text"]
    answered = PairingMember.objects.exclude(outcome="")
    assert [(m.person_id, m.outcome) for m in answered] == [(noor.pk, "not_yet")]


@pytest.mark.parametrize(
    "name", ["coffee_intro", "coffee_reminder", "coffee_left_out", "coffee_paused"]
)
def test_admins_preview_the_coffee_templates(alice_client, name):
    listing = alice_client.get(reverse("messaging:templates"))
    assert name in listing.content.decode()
    for kind in ("email", "chat"):
        for language in ("en", "de", "nl"):
            page = alice_client.get(
                reverse("messaging:template_edit", args=[name, kind]), {"language": language}
            )
            assert page.status_code == 200
