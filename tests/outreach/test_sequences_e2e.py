"""Sequences end to end, over real SMTP (and a real IMAP server for replies): a colleague's
touch, a reply, an unsubscribe each stop a sequence; the approval queue holds its mail."""

import datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

import pytest

from hallway.messaging.delivery import outbox_deliver_due
from hallway.outreach.models import Enrollment, EnrollmentStatus, ExitReason, PersonalMessage
from hallway.outreach.services.due import outreach_run_due
from hallway.outreach.services.enrollments import enrollment_start
from hallway.outreach.services.personal import personal_message_approve
from hallway.relationships.models import Direction, Touch
from hallway.relationships.services.mailboxes import mailbox_read, mailbox_save
from hallway.relationships.services.touches import touch_record
from tests.factories import make_company, make_contact
from tests.outreach.seq_helpers import MONDAY, make_sequence, message
from tests.relationships.conftest import imap_server  # noqa: F401  (the real Dovecot)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def megan(acme, alice):
    company = make_company(acme, "Lakeshore", timezone="Europe/Berlin")
    return make_contact(acme, "Megan Brooks", company=company, owners=[alice])


def two_mails(acme, name="Follow-up", **fields):
    steps = [message(subject="First, {first_name}"), message(subject="Second", wait=3)]
    return make_sequence(acme, name, steps=steps, **fields)


def day(time_machine, acme, when):
    """Run outreach at `when`, then let the outbox deliver what is due a minute later."""
    time_machine.move_to(when)
    outreach_run_due(organisation=acme, now=when)
    time_machine.move_to(when + datetime.timedelta(minutes=1))
    outbox_deliver_due(worker="test")


def enter(sequence, contact):
    return enrollment_start(
        sequence=sequence, contact=contact, owner=None, reason="by hand", now=MONDAY
    )


def ended(enrollment):
    enrollment.refresh_from_db()
    return enrollment.status, enrollment.exit_reason


def test_a_colleagues_touch_stops_the_sequence(acme, alice, bob, megan, smtp_server, time_machine):
    enrollment = enter(two_mails(acme), megan)
    day(time_machine, acme, MONDAY)
    assert [mail["Subject"] for mail in smtp_server] == ["First, Megan"]
    assert smtp_server[0]["Reply-To"] == alice.email
    day(time_machine, acme, MONDAY + DAY)  # our own mail became a touch: it goes on
    assert enrollment.status == EnrollmentStatus.ACTIVE
    touch_record(organisation=acme, kind="call", at=MONDAY + DAY, contacts=[megan], by=bob)
    day(time_machine, acme, MONDAY + 3 * DAY)
    assert ended(enrollment) == (EnrollmentStatus.LEFT, ExitReason.TOUCHED)
    day(time_machine, acme, MONDAY + 4 * DAY)
    assert len(smtp_server) == 1


def test_a_reply_read_over_imap_stops_the_sequence(
    acme,
    alice,
    megan,
    smtp_server,
    time_machine,
    imap_server,  # noqa: F811
):
    enrollment = enter(two_mails(acme), megan)
    day(time_machine, acme, MONDAY)
    assert len(smtp_server) == 1
    mailbox = mailbox_save(
        organisation=acme,
        user=alice,
        data={
            "host": imap_server.host,
            "port": imap_server.port,
            "security": "none",
            "username": imap_server.username,
            "password": imap_server.password,
            "folder": "INBOX",
        },
    )
    reply = (
        f"From: Megan Brooks <{megan.email}>\r\nTo: {alice.email}\r\n"
        f"Subject: Re: First, Megan\r\nDate: {format_datetime(MONDAY + DAY)}\r\n"
        "Message-ID: <reply-1@client.test>\r\n\r\nThanks, let us talk next week.\r\n"
    )
    imap_server.append(reply.encode())
    assert mailbox_read(mailbox=mailbox, now=MONDAY + DAY).problems == []
    assert Touch.objects.filter(direction=Direction.INBOUND, contacts=megan).exists()
    day(time_machine, acme, MONDAY + 3 * DAY)
    assert ended(enrollment) == (EnrollmentStatus.LEFT, ExitReason.REPLIED)
    day(time_machine, acme, MONDAY + 5 * DAY)
    assert [mail["Subject"] for mail in smtp_server] == ["First, Megan"]
    assert not PersonalMessage.objects.filter(subject="Second").exists()


def test_an_unsubscribe_stops_every_marketing_send_to_the_address(
    acme, alice, megan, smtp_server, time_machine, client
):
    megan.legal_basis, megan.consent_on = "consent", MONDAY.date() - 100 * DAY
    megan.save()
    news = enter(two_mails(acme, "News", marketing=True), megan)
    tips = enter(two_mails(acme, "Tips", marketing=True), megan)
    day(time_machine, acme, MONDAY)
    assert len(smtp_server) == 2
    mail = smtp_server[0]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = urlsplit(mail["List-Unsubscribe"].strip().strip("<>"))
    client.logout()
    response = client.post(
        f"{url.path}?{url.query}" if url.query else url.path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    later = enter(two_mails(acme, "Later", marketing=True), megan)
    day(time_machine, acme, MONDAY + 3 * DAY)
    day(time_machine, acme, MONDAY + 6 * DAY)
    for enrollment in (news, tips, later):
        assert ended(enrollment) == (EnrollmentStatus.LEFT, ExitReason.UNSUBSCRIBED)
    assert len(smtp_server) == 2


def test_the_approval_queue_holds_the_mail_until_approved(
    acme, alice, megan, smtp_server, time_machine
):
    enrollment = enter(two_mails(acme, approval=True), megan)
    day(time_machine, acme, MONDAY)
    day(time_machine, acme, MONDAY + DAY)
    assert smtp_server == []
    waiting = PersonalMessage.objects.get(status="pending")
    assert waiting.owner == alice
    personal_message_approve(
        message=waiting, by=alice, now=MONDAY + DAY, body="Hi Megan, a short hello from Alice."
    )
    day(time_machine, acme, MONDAY + 2 * DAY)
    [mail] = smtp_server
    assert "a short hello from Alice" in mail.get_body(("plain",)).get_content()
    assert Enrollment.objects.get(pk=enrollment.pk).status == EnrollmentStatus.ACTIVE
