import re

from django.urls import reverse

from hallway.messaging.channel_setup import channel_save
from hallway.messaging.models import (
    AddressHealth,
    DeliveryAttempt,
    HealthStatus,
    MessagingSettings,
    Status,
    TemplateOverride,
)
from hallway.messaging.types import message_types


def message_types_by_name():
    return {kind.name for kind in message_types()}


def test_members_cannot_see_the_outbox(bob_client):
    assert bob_client.get(reverse("messaging:outbox")).status_code == 404


def test_the_outbox_filters_by_status_channel_type_and_recipient(alice_client, enqueue, carol):
    sent = enqueue("a", person=carol)
    sent.status = Status.SENT
    sent.save()
    enqueue("b")
    page = alice_client.get(reverse("messaging:outbox"))
    assert page.status_code == 200
    assert page.content.decode().count('id="message-') == 2
    for query in ({"status": "sent"}, {"recipient": "carol"}, {"recipient": "CAROL MEY"}):
        page = alice_client.get(reverse("messaging:outbox"), query)
        html = page.content.decode()
        assert html.count('id="message-') == 1, query
        assert f'id="message-{sent.pk}"' in html
    page = alice_client.get(reverse("messaging:outbox"), {"channel": "slack"})
    assert 'id="message-' not in page.content.decode()
    page = alice_client.get(reverse("messaging:outbox"), {"message_type": "meeting"})
    assert 'id="message-' not in page.content.decode()


def test_the_outbox_names_message_types_as_people_read_them(alice_client, enqueue):
    message = enqueue("a")  # the "test" type
    gone = enqueue("b")
    gone.message_type = "retired_type"  # no app registers it any more
    gone.save()
    url = reverse("messaging:outbox")
    german = alice_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td>Testnachricht</td>" in german
    assert "<td>retired_type</td>" in german
    assert ">test<" not in german
    # The type filter offers the same names, sorted by them.
    options = re.findall(r'<option value="([a-z_]+)"[^>]*>([^<]+)</option>', german)
    types = [(value, label) for value, label in options if value in message_types_by_name()]
    assert ("test", "Testnachricht") in types
    assert ("coffee_intro", "Kaffee-Date: Vorstellung") in types
    labels = [label for _value, label in types]
    assert labels == sorted(labels, key=str.casefold)
    detail = reverse("messaging:outbox_detail", args=[message.pk])
    dutch = alice_client.get(detail, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "<h2>Testbericht " in dutch
    english = alice_client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h2>Test message to someone@example.com</h2>" in english


def test_an_expired_message_shows_why_and_offers_no_resend(alice_client, enqueue):
    import datetime

    from django.utils import timezone

    message = enqueue("r", expires_at=timezone.now() + datetime.timedelta(hours=1))
    message.status = Status.EXPIRED
    message.last_error = "expired at 2026-03-18 13:00 UTC before it could be sent"
    message.save()
    page = alice_client.get(reverse("messaging:outbox"), {"status": "expired"})
    assert f'id="message-{message.pk}"' in page.content.decode()
    assert '<span class="badge">Expired</span>' in page.content.decode()
    html = alice_client.get(reverse("messaging:outbox_detail", args=[message.pk])).content.decode()
    assert "<dt>Expires</dt>" in html
    assert "<dt>Why it was not sent</dt><dd>expired at 2026-03-18 13:00 UTC" in html
    assert reverse("messaging:outbox_resend", args=[message.pk]) not in html


def test_detail_shows_attempts_and_cancel_and_resend_work(alice_client, enqueue):
    message = enqueue()
    DeliveryAttempt.objects.create(
        message=message,
        number=1,
        started_at=message.created_at,
        finished_at=message.created_at,
        result="retry",
        error="421 try later",
    )
    page = alice_client.get(reverse("messaging:outbox_detail", args=[message.pk]))
    assert "421 try later" in page.content.decode()
    url = reverse("messaging:outbox_cancel", args=[message.pk])
    assert alice_client.get(url).status_code == 200  # a confirmation, nothing changed
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    alice_client.post(url)
    message.refresh_from_db()
    assert message.status == Status.CANCELLED
    alice_client.post(reverse("messaging:outbox_resend", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    # Cancelling a sent message is refused with a message, nothing changes.
    message.status = Status.SENT
    message.save()
    response = alice_client.post(url, follow=True)
    assert "Only a queued message can be cancelled" in response.content.decode()


def test_health_lists_failing_channels_and_addresses(alice_client, acme):
    slack = channel_save(
        organisation=acme,
        kind="slack",
        name="Slack",
        values={"bot_token": "xoxb-1", "signing_secret": "s"},
    )
    channel = AddressHealth.objects.create(
        organisation=acme,
        channel="slack",
        via=slack,
        address="",
        status="failing",
        last_error="invalid_auth",
    )
    AddressHealth.objects.create(
        organisation=acme,
        channel="email",
        address="gone@example.com",
        status="failing",
        last_error="550 no such user",
    )
    html = alice_client.get(reverse("messaging:health")).content.decode()
    assert "invalid_auth" in html
    assert "gone@example.com" in html
    alice_client.post(reverse("messaging:health_reset", args=[channel.pk]))
    channel.refresh_from_db()
    assert channel.status == HealthStatus.OK


def test_every_template_previews_in_every_language(alice_client):
    page = alice_client.get(reverse("messaging:templates"))
    links = [
        reverse("messaging:template_edit", args=[name, kind])
        for name, kind in (("test", "email"), ("test", "chat"), ("meeting", "email"))
    ]
    for link in links:
        assert link in page.content.decode()
        for language in ("en", "de", "nl"):
            assert alice_client.get(link, {"language": language}).status_code == 200
    german = alice_client.get(links[2], {"language": "de"}).content.decode()
    assert "Kaffee mit Bruno Souza" in german


def test_an_override_changes_the_words_for_one_language(alice_client, acme):
    url = reverse("messaging:template_edit", args=["test", "email"])
    response = alice_client.post(
        url,
        {"language": "nl", "subject": "Hoi {{ recipient_name }}", "body": "Groetjes van Acme"},
    )
    assert response.status_code == 302
    override = TemplateOverride.objects.get(organisation=acme)
    assert (override.language, override.kind) == ("nl", "email")
    preview = alice_client.get(url, {"language": "nl"}).content.decode()
    assert "Hoi Carol Meyer" in preview
    assert "Groetjes van Acme" in preview
    assert "Hoi Carol" not in alice_client.get(url, {"language": "de"}).content.decode()
    # A template that does not parse is refused, nothing saved.
    bad = alice_client.post(url, {"language": "nl", "subject": "{% if %}", "body": "x"})
    assert bad.status_code == 200
    override.refresh_from_db()
    assert override.body == "Groetjes van Acme"
    # Both empty: back to Hallway's own words.
    alice_client.post(url, {"language": "nl", "subject": "", "body": ""})
    assert not TemplateOverride.objects.exists()


def test_settings_save_and_refuse_a_template_without_room(alice_client, acme):
    url = reverse("messaging:settings")
    assert alice_client.get(url).status_code == 200
    data = {
        "sending_windows": "on",
        "quiet_start": "21:00",
        "quiet_end": "07:00",
        "reply_to": "",
        "video_mode": "template",
        "video_url_template": "https://video.acme.test/fixed",
    }
    assert alice_client.post(url, data).status_code == 200
    assert not MessagingSettings.objects.exists()
    data["video_url_template"] = "https://video.acme.test/{room}"
    assert alice_client.post(url, data).status_code == 302
    saved = MessagingSettings.objects.get(organisation=acme)
    assert saved.video_mode == "template"
    assert saved.quiet_start.hour == 21
