"""Organisation overrides run in a sandbox: variables, if, for and a few filters, nothing else."""

import html
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallway.messaging.models import TemplateOverride
from hallway.messaging.rendering import message_render
from hallway.messaging.services import template_override_save

# (what an admin types, the tag or filter the error must name)
FORBIDDEN = [
    ("{% debug %}", "{% debug %}"),
    ('{% include "messaging/messages/test/email.txt" %}', "{% include %}"),
    ('{% extends "accounts/messages/_base.html" %}', "{% extends %}"),
    ("{% load i18n %}{% translate 'Hi' %}", "{% load %}"),
    ('{% url "accounts:login" %}', "{% url %}"),
    ("{% csrf_token %}", "{% csrf_token %}"),
    ('{% now "Y" %}', "{% now %}"),
    ("{% autoescape off %}{{ recipient_name }}{% endautoescape %}", "{% autoescape %}"),
    ("{% with a=recipient_name %}{{ a }}{% endwith %}", "{% with %}"),
    ("{{ recipient_name|safe }}", "|safe"),
    ("{% if recipient_name|slice:'2' %}x{% endif %}", "|slice"),
    ("{{ recipient_name|no_such_filter }}", "|no_such_filter"),
]


def save(acme, **fields):
    values = {"template": "test", "kind": "email", "language": "en", "subject": "", "body": ""}
    return template_override_save(organisation=acme, **{**values, **fields})


@pytest.mark.parametrize(("source", "named"), FORBIDDEN)
@pytest.mark.parametrize("field", ["subject", "body"])
def test_the_service_refuses_each_forbidden_construct(acme, source, named, field):
    save(acme, subject="Before", body="Kept as it was")
    with pytest.raises(ValidationError) as caught:
        save(acme, **{"subject": "Hi", "body": "Hello", field: f"Hello {source}"})
    [message] = caught.value.message_dict[field]
    assert f"“{named}”" in message
    assert "cannot be used in a message template" in message
    # The error says what is allowed instead.
    assert "{% if %}" in message if named.startswith("{%") else "|default" in message
    override = TemplateOverride.objects.get(organisation=acme)
    assert (override.subject, override.body) == ("Before", "Kept as it was")


def test_a_broken_template_is_refused_with_djangos_reason(acme):
    with pytest.raises(ValidationError) as caught:
        save(acme, body="{% for name in names %}{{ name }}")
    assert "Unclosed tag on line 1: 'for'" in caught.value.message_dict["body"][0]
    with pytest.raises(ValidationError, match="may not begin with underscores"):
        save(acme, body="{{ recipient_name.__class__ }}")
    assert not TemplateOverride.objects.exists()


@pytest.mark.parametrize(("source", "named"), FORBIDDEN)
def test_the_editor_refuses_each_forbidden_construct_and_says_why(
    alice_client, acme, source, named
):
    url = reverse("messaging:template_edit", args=["test", "email"])
    response = alice_client.post(url, {"language": "en", "subject": "Hi", "body": source})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f"The {'tag' if named.startswith('{%') else 'filter'} “{named}” (line 1)" in page
    assert not TemplateOverride.objects.exists()


def test_the_editor_shows_the_errors_in_german(alice_client, acme):
    url = reverse("messaging:template_edit", args=["test", "email"])
    response = alice_client.post(
        url, {"language": "en", "subject": "Hi", "body": "{% debug %}"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    page = html.unescape(response.content.decode())
    assert "Das Tag „{% debug %}“ (Zeile 1)" in page


MEETING_CONTEXT = {
    "recipient_name": "Carol <Meyer>",
    "calendar": {
        "start": "2026-12-01T12:00:00+00:00",
        "end": "2026-12-01T12:30:00+00:00",
        "method": "REQUEST",
        "video_url": "https://meet.example/room",
        "attendees": [{"name": "Carol"}, {"name": "Bruno"}],
    },
}
ALLOWED = (
    "Hallo {{ recipient_name|upper }}!\n"
    "{% if cancelled %}Abgesagt.{% elif video_url %}Video: {{ video_url }}{% else %}-{% endif %}\n"
    'Am {{ meeting_start|date:"l, j. F Y, H:i" }} mit '
    "{% for person in calendar.attendees %}{{ person.name }}{% if not forloop.last %}, "
    "{% endif %}{% empty %}niemandem{% endfor %} "
    "({{ calendar.attendees|length }} {{ missing|default:'Leute' }})."
)


def test_an_allowed_template_renders_in_the_recipients_zone_and_language(acme):
    save(acme, template="meeting", language="de", subject="{{ recipient_name }}", body=ALLOWED)
    rendered = message_render(
        template="meeting",
        channel="email",
        language="de",
        timezone_name="Europe/Berlin",
        context=MEETING_CONTEXT,
        organisation_id=acme.pk,
    )
    assert rendered.subject == "Carol <Meyer>"
    assert rendered.text.startswith("Hallo CAROL <MEYER>!\nVideo: https://meet.example/room\n")
    # 12:00 UTC is 13:00 in Berlin, with German day and month names.
    assert "Am Dienstag, 1. Dezember 2026, 13:00 mit Carol, Bruno (2 Leute)." in rendered.text
    # The HTML version escapes values as before.
    assert "Hallo CAROL &lt;MEYER&gt;!" in rendered.html
    assert "<Meyer>" not in rendered.html


def test_an_override_writes_dates_in_the_recipients_form(acme):
    body = "{{ meeting_start|long_date }} · {{ meeting_start|short_date_time }}"
    save(acme, template="meeting", language="nl", subject="{{ recipient_name }}", body=body)
    rendered = message_render(
        template="meeting",
        channel="email",
        language="nl",
        timezone_name="Europe/Amsterdam",
        context=MEETING_CONTEXT,
        organisation_id=acme.pk,
    )
    assert rendered.text.strip() == "dinsdag 1 december 2026 · di 1 dec. 13:00"


def test_lookups_cannot_change_the_message(acme):
    save(acme, template="meeting", body="{{ calendar.clear }}{{ calendar.attendees.pop }}")
    context = {
        "calendar": {**MEETING_CONTEXT["calendar"], "attendees": [{"name": "Carol"}]},
    }
    message_render(
        template="meeting",
        channel="email",
        language="en",
        timezone_name="UTC",
        context=context,
        organisation_id=acme.pk,
    )
    assert context["calendar"]["attendees"] == [{"name": "Carol"}]
    assert context["calendar"]["method"] == "REQUEST"


@pytest.mark.parametrize(
    "legacy",
    [
        "{% debug %}",
        "{% load i18n %}{% translate 'Hello' %}",
        '{% include "messaging/messages/_override.html" %}',
        "{{ recipient_name|safe }}",
    ],
)
def test_a_stored_legacy_override_never_runs_and_hallways_text_is_sent(alice_client, acme, legacy):
    # Saved before the sandbox (or written to the database by hand).
    TemplateOverride.objects.create(
        organisation=acme,
        template="test",
        kind="email",
        language="en",
        subject=f"Subject {legacy}",
        body=f"<b>Body</b> {legacy}",
    )
    rendered = message_render(
        template="test",
        channel="email",
        language="en",
        timezone_name="UTC",
        context={"recipient_name": "<i>Carol</i>", "internal_note": "secret-value"},
        organisation_id=acme.pk,
    )
    assert rendered.subject == "A test message from Hallway"
    assert "This is a test message from Hallway." in rendered.text
    assert "This is a test message from Hallway." in rendered.html
    for part in (rendered.subject, rendered.text, rendered.html):
        assert "Body" not in part
        assert "secret-value" not in part  # what {% debug %} would have dumped
    assert "<i>Carol</i>" not in rendered.html
    # The editor says why the saved words are not sent.
    page = html.unescape(
        alice_client.get(
            reverse("messaging:template_edit", args=["test", "email"])
        ).content.decode()
    )
    assert "The saved text is not sent, Hallway's own text is, until you change it:" in page
    assert "cannot be used in a message template" in page


class _Iframes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcdocs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            found = dict(attrs)
            # Present and empty: no scripts, no same-origin access.
            assert "sandbox" in found
            assert not found["sandbox"]
            self.srcdocs.append(found["srcdoc"])


def preview_html(client, template: str, language: str = "en") -> str:
    page = client.get(
        reverse("messaging:template_edit", args=[template, "email"]), {"language": language}
    )
    parser = _Iframes()
    parser.feed(page.content.decode())
    [srcdoc] = parser.srcdocs
    return srcdoc


def test_the_html_preview_holds_the_whole_rendered_mail(alice_client, acme):
    srcdoc = preview_html(alice_client, "test", "de")
    assert srcdoc.startswith("<!doctype html>")
    assert '<html lang="de">' in srcdoc
    assert "Dies ist eine Testnachricht von Hallway." in srcdoc
    assert srcdoc.rstrip().endswith("</html>")
    save(acme, body='Hello "{{ recipient_name }}" & <b>friends</b>')
    srcdoc = preview_html(alice_client, "test")
    # Quotes and ampersands of the mail survive the trip through the attribute.
    assert '<p>Hello "Carol Meyer" & <b>friends</b></p>' in srcdoc


def test_sign_in_messages_cannot_be_overridden(alice_client, acme):
    with pytest.raises(ValidationError, match="carries a sign-in link"):
        save(acme, template="password_reset", body="Click https://evil.example/?{{ url }}")
    page = alice_client.get(reverse("messaging:template_edit", args=["password_reset", "email"]))
    assert page.status_code == 200
    assert b'name="body"' not in page.content
    assert "Choose a new Hallway password" in preview_html(alice_client, "password_reset")
    # Even a row written by hand is not used.
    TemplateOverride.objects.create(
        organisation=acme, template="password_reset", kind="email", language="en", body="Evil"
    )
    rendered = message_render(
        template="password_reset",
        channel="email",
        language="en",
        timezone_name="UTC",
        context={"url": "https://hallway.example/x", "expires_at": "2026-01-01T00:00:00+00:00"},
        organisation_id=acme.pk,
    )
    assert "Evil" not in rendered.text


def test_the_account_messages_preview_in_every_language(alice_client):
    page = alice_client.get(reverse("messaging:templates")).content.decode()
    for name in ("password_reset", "invitation"):
        assert reverse("messaging:template_edit", args=[name, "email"]) in page
        assert reverse("messaging:template_edit", args=[name, "chat"]) not in page
        assert f'{reverse("messaging:template_edit", args=[name, "email"])}">Preview</a>' in page
    german = preview_html(alice_client, "invitation", "de")
    assert "Alice Admin hat dich eingeladen, Acme auf Hallway mit der Rolle Mitglied" in german
    dutch = preview_html(alice_client, "password_reset", "nl")
    assert '<html lang="nl">' in dutch
