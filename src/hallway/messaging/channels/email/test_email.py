"""Email through a real SMTP server (aiosmtpd), parsed as it arrived."""

import datetime

import pytest
from icalendar import Calendar

from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import AddressHealth, HealthStatus, OutboxMessage, Status
from hallway.messaging.services import Recipient

UID = "coffee-42@hallway.test"
# Berlin moves to summer time on Sunday 29 March 2026; São Paulo has no DST since 2019.
BEFORE_DST = datetime.datetime(2026, 3, 23, 13, 0, tzinfo=datetime.UTC)
AFTER_DST = datetime.datetime(2026, 3, 30, 13, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_windows(settings):
    settings.HALLWAY_SENDING_WINDOWS = False


def deliver():
    return Deliverer(worker="test").run()


def meeting(start, *, sequence=0, method="REQUEST"):
    return {
        "uid": UID,
        "sequence": sequence,
        "method": method,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(minutes=30)).isoformat(),
        "video_url": "https://meet.jit.si/Hallway-abc123",
        "organizer": {"name": "Hallway", "email": "hallway@acme.test"},
        "attendees": [
            {"name": "Carol Meyer", "email": "carol@acme.test"},
            {"name": "Bruno Souza", "email": "bruno@acme.test"},
        ],
    }


def invite(enqueue, person, partner, start, *, key, sequence=0, method="REQUEST"):
    return enqueue(
        key,
        person=person,
        message_type="meeting_cancelled" if method == "CANCEL" else "meeting",
        context={
            "recipient_name": person.name,
            "partner_name": partner.name,
            "starter": "Which book changed your mind?",
            "calendar": meeting(start, sequence=sequence, method=method),
        },
    )


def calendar_parts(mail):
    inline = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    attached = [p for p in mail.walk() if p.get_filename() == "invite.ics"]
    return inline, attached


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def by_recipient(received):
    return {mail["To"].addresses[0].addr_spec: mail for mail in received}


def test_a_test_mail_has_text_html_and_proper_headers(smtp_server, enqueue):
    message = enqueue(
        "hello",
        recipient=Recipient(address="ann@example.com", name="Ann Lee", language="nl"),
        reply_to="alice@acme.test",
    )
    assert deliver().sent == 1
    (mail,) = smtp_server
    message.refresh_from_db()
    assert mail["Message-ID"] == message.external_id
    assert mail["Message-ID"].startswith(f"<{message.pk}.")
    assert mail["Date"]
    assert mail["Reply-To"] == "alice@acme.test"
    assert mail["To"] == "Ann Lee <ann@example.com>"
    assert mail["Content-Language"] == "nl"
    assert mail["Subject"] == "Een testbericht van Hallway"
    assert "Hallo Ann Lee" in text_of(mail)
    assert "<p>" in mail.get_body(preferencelist=("html",)).get_content()
    # A test is transactional: no unsubscribe header.
    assert mail["List-Unsubscribe"] is None


def test_automated_mail_can_be_unsubscribed_in_one_click(smtp_server, enqueue, client, acme):
    enqueue(
        "touchpoint",
        recipient=Recipient(address="client@example.com", kind="contact"),
        message_type="meeting",
        context={"calendar": meeting(AFTER_DST)},
    )
    deliver()
    (mail,) = smtp_server
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail["List-Unsubscribe"].strip().strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    # RFC 8058: the mail client POSTs this body to the address, without cookies.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    enqueue(
        "touchpoint-2",
        recipient=Recipient(address="CLIENT@example.com", kind="contact"),
        message_type="meeting",
        context={"calendar": meeting(AFTER_DST)},
    )
    assert deliver().suppressed == 1
    assert len(smtp_server) == 1


def test_invitations_for_berlin_and_sao_paulo_across_a_dst_change(
    smtp_server, enqueue, carol, bruno
):
    for start, label in ((BEFORE_DST, "before"), (AFTER_DST, "after")):
        invite(enqueue, carol, bruno, start, key=f"{label}:carol")
        invite(enqueue, bruno, carol, start, key=f"{label}:bruno")
    assert deliver().sent == 4
    assert len(smtp_server) == 4
    expected_local = {
        ("carol@acme.test", BEFORE_DST): "14:00",  # CET, UTC+1
        ("carol@acme.test", AFTER_DST): "15:00",  # CEST, UTC+2
        ("bruno@acme.test", BEFORE_DST): "10:00",  # BRT, UTC-3 all year
        ("bruno@acme.test", AFTER_DST): "10:00",
    }
    for mail in smtp_server:
        inline, attached = calendar_parts(mail)
        assert len(inline) == 1
        assert len(attached) == 1
        assert inline[0].get_param("method") == "REQUEST"
        calendar = Calendar.from_ical(inline[0].get_content())
        assert Calendar.from_ical(attached[0].get_content()).to_ical() == calendar.to_ical()
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        start = event.decoded("DTSTART")
        assert start in (BEFORE_DST, AFTER_DST)
        assert event.decoded("DTEND") - start == datetime.timedelta(minutes=30)
        assert str(event["UID"]) == UID
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTAMP")
        assert str(event["ORGANIZER"]) == "mailto:hallway@acme.test"
        attendees = event["ATTENDEE"]
        assert {str(a) for a in attendees} == {"mailto:carol@acme.test", "mailto:bruno@acme.test"}
        for attendee in attendees:
            assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == "TRUE"
        assert str(event["LOCATION"]) == "https://meet.jit.si/Hallway-abc123"
        assert str(event["URL"]) == "https://meet.jit.si/Hallway-abc123"
        assert "Which book changed your mind?" in str(event["DESCRIPTION"])
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == -datetime.timedelta(minutes=10)
        to = mail["To"].addresses[0].addr_spec
        body = text_of(mail)
        assert f"{expected_local[(to, start)]}–" in body, body
        assert "https://meet.jit.si/Hallway-abc123" in body
    carol_mails = [m for m in smtp_server if m["To"].addresses[0].addr_spec == "carol@acme.test"]
    assert all(m["Content-Language"] == "de" for m in carol_mails)
    assert all(m["Subject"] == "Kaffee mit Bruno Souza" for m in carol_mails)


def test_an_update_has_a_higher_sequence_and_a_cancel_says_cancel(
    smtp_server, enqueue, carol, bruno
):
    invite(enqueue, carol, bruno, AFTER_DST, key="v0")
    invite(enqueue, carol, bruno, AFTER_DST + datetime.timedelta(hours=1), key="v1", sequence=1)
    invite(enqueue, carol, bruno, AFTER_DST, key="v2", sequence=2, method="CANCEL")
    deliver()
    events = []
    for mail in smtp_server:
        (inline,), _attached = calendar_parts(mail)
        calendar = Calendar.from_ical(inline.get_content())
        (event,) = calendar.walk("VEVENT")
        events.append((inline.get_param("method"), str(calendar["METHOD"]), event))
    (m0, c0, first), (m1, c1, update), (m2, c2, cancel) = events
    assert (m0, c0, m1, c1) == ("REQUEST", "REQUEST", "REQUEST", "REQUEST")
    assert str(first["UID"]) == str(update["UID"]) == str(cancel["UID"]) == UID
    assert update["SEQUENCE"] > first["SEQUENCE"]
    assert update.decoded("DTSTART") == AFTER_DST + datetime.timedelta(hours=1)
    assert (m2, c2) == ("CANCEL", "CANCEL")
    assert str(cancel["STATUS"]) == "CANCELLED"
    assert cancel["SEQUENCE"] > update["SEQUENCE"]


def test_the_message_id_stays_the_same_when_a_message_is_sent_again(smtp_server, enqueue):
    message = enqueue("again")
    deliver()
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.QUEUED)
    deliver()
    first, second = smtp_server
    assert first["Message-ID"] == second["Message-ID"]


def test_smtp_refusals_are_permanent_or_transient(refusing_smtp_server, enqueue, acme):
    gone = enqueue("gone", recipient=Recipient(address="nobody@example.com"))
    busy = enqueue("busy", recipient=Recipient(address="busy@example.com"))
    fine = enqueue("fine", recipient=Recipient(address="ann@example.com"))
    report = deliver()
    assert (report.failed, report.retried, report.sent) == (1, 1, 1)
    for message in (gone, busy, fine):
        message.refresh_from_db()
    assert gone.status == Status.FAILED
    assert "550" in gone.last_error
    assert busy.status == Status.QUEUED
    assert "451" in busy.last_error
    assert fine.status == Status.SENT
    health = AddressHealth.objects.get(organisation=acme, address="nobody@example.com")
    assert health.status == HealthStatus.FAILING
    assert len(refusing_smtp_server) == 1


def test_an_unreachable_server_is_a_transient_failure(enqueue, settings):
    from tests.conftest import _free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nobody listens
    message = enqueue()
    assert deliver().retried == 1
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert "Connection refused" in message.last_error or "Errno" in message.last_error


def test_an_organisations_override_is_used_when_sending(smtp_server, enqueue, acme):
    from hallway.messaging.services import template_override_save

    template_override_save(
        organisation=acme,
        template="test",
        kind="email",
        language="nl",
        subject="Groeten van {{ sent_by }}",
        body="Hoi {{ recipient_name }}!",
    )
    enqueue(
        "override",
        recipient=Recipient(address="ann@example.com", name="Ann", language="nl"),
        context={"recipient_name": "Ann", "sent_by": "Acme"},
    )
    enqueue("english", recipient=Recipient(address="bo@example.com", language="en"))
    deliver()
    mails = by_recipient(smtp_server)
    assert mails["ann@example.com"]["Subject"] == "Groeten van Acme"
    assert text_of(mails["ann@example.com"]).strip() == "Hoi Ann!"
    assert mails["bo@example.com"]["Subject"] == "A test message from Hallway"


def test_the_calendar_description_leaves_out_the_personal_links(smtp_server, enqueue, carol, bruno):
    invite(enqueue, carol, bruno, AFTER_DST, key="links")
    deliver()
    (mail,) = smtp_server
    assert "/messages/m/de/unsubscribe/" in text_of(mail)
    (inline,), _attached = calendar_parts(mail)
    (event,) = Calendar.from_ical(inline.get_content()).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "Which book changed your mind?" in description
    assert "unsubscribe" not in description
