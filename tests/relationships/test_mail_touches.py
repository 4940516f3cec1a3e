"""Mail read from a real IMAP server (Dovecot, started by the test): a user's folder and the
organisation's BCC mailbox turn mail to or from contacts into touches."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallway.relationships.models import Direction, Mailbox, Touch, TouchKind, TouchSource
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services import mailboxes
from hallway.relationships.services.mailboxes import (
    mailbox_read,
    mailbox_save,
    mailbox_test,
    mailboxes_read,
)
from tests.factories import make_company, make_contact

NOW = datetime.datetime(2026, 11, 5, 12, 0, tzinfo=datetime.UTC)


def mail(
    sender: str,
    to: str,
    subject: str,
    *,
    cc: str = "",
    message_id: str = "",
    date: str = "Tue, 03 Nov 2026 09:15:00 +0100",
    body: str = "Hello!\r\n",
    extra: str = "",
) -> bytes:
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", f"Date: {date}"]
    if cc:
        lines.append(f"Cc: {cc}")
    if message_id:
        lines.append(f"Message-ID: <{message_id}>")
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n" + body).encode()


@pytest.fixture
def contacts(acme):
    brightside = make_company(acme, "Brightside GmbH")
    return {
        "nina": make_contact(acme, "Nina Vogel", company=brightside),
        "omar": make_contact(acme, "Omar Haddad"),
    }


def _mailbox(organisation, user, imap_server, folder="INBOX"):
    return mailbox_save(
        organisation=organisation,
        user=user,
        data={
            "host": imap_server.host,
            "port": imap_server.port,
            "security": "none",
            "username": imap_server.username,
            "password": imap_server.password,
            "folder": folder,
        },
    )


def _touches():
    return list(Touch.objects.filter(source=TouchSource.MAIL).order_by("at", "id"))


def test_mail_with_contacts_in_a_users_folder_becomes_touches(acme, alice, contacts, imap_server):
    imap_server.append(
        mail(
            "Nina Vogel <Nina.Vogel@client.test>", "alice@acme.test", "Our offer", message_id="1@c"
        )
    )
    imap_server.append(
        mail(
            "Alice <alice@acme.test>",
            "omar.haddad@client.test",
            "=?utf-8?q?R=C3=BCckfrage_zum_Vertrag?=",
            cc="someone@elsewhere.test",
            message_id="2@a",
            body="Confidential terms inside.\r\n",
        )
    )
    imap_server.append(mail("news@shop.test", "alice@acme.test", "Sale!", message_id="3@s"))
    mailbox = _mailbox(acme, alice, imap_server)

    report = mailbox_read(mailbox=mailbox, now=NOW)

    assert report.problems == []
    assert report.read == 3
    inbound, outbound = _touches()
    assert inbound.kind == TouchKind.EMAIL
    assert inbound.direction == Direction.INBOUND
    assert inbound.by == alice
    assert list(inbound.contacts.all()) == [contacts["nina"]]
    assert inbound.company == contacts["nina"].company
    assert inbound.external_id == "1@c"
    assert inbound.at == datetime.datetime(2026, 11, 3, 8, 15, tzinfo=datetime.UTC)
    assert outbound.direction == Direction.OUTBOUND
    assert list(outbound.contacts.all()) == [contacts["omar"]]
    # Subject only: the organisation did not opt in to keeping mail text.
    assert outbound.summary == "Rückfrage zum Vertrag"
    mailbox.refresh_from_db()
    assert mailbox.last_uid == 3
    assert mailbox.uidvalidity
    assert mailbox.last_read_at == NOW
    # Headers were peeked at: the mails are still unread in the user's mail program.
    imap = imap_server.connect()
    imap.select("INBOX", readonly=True)
    _status, flags = imap.fetch("1:*", "(FLAGS)")
    imap.logout()
    assert not any(b"\\Seen" in line for line in flags)


def test_reading_again_records_nothing_twice(acme, alice, contacts, imap_server):
    imap_server.append(mail("nina.vogel@client.test", "alice@acme.test", "Hi", message_id="1@c"))
    mailbox = _mailbox(acme, alice, imap_server)
    mailbox_read(mailbox=mailbox, now=NOW)
    mailbox_read(mailbox=mailbox, now=NOW)
    mailbox.last_uid = 0  # even reading everything again adds nothing
    mailbox_read(mailbox=mailbox, now=NOW)
    imap_server.append(
        mail("nina.vogel@client.test", "alice@acme.test", "Re: Hi", message_id="2@c")
    )
    mailbox_read(mailbox=mailbox, now=NOW)
    assert [t.summary for t in _touches()] == ["Hi", "Re: Hi"]


def test_a_new_uidvalidity_reads_the_folder_again(acme, alice, contacts, imap_server):
    imap = imap_server.connect()
    imap.create("Clients")
    imap.logout()
    imap_server.append(
        mail("nina.vogel@client.test", "alice@acme.test", "One", message_id="1@c"), "Clients"
    )
    imap_server.append(
        mail("nina.vogel@client.test", "alice@acme.test", "Two", message_id="2@c"), "Clients"
    )
    mailbox = _mailbox(acme, alice, imap_server, folder="Clients")
    mailbox_read(mailbox=mailbox, now=NOW)
    mailbox.refresh_from_db()
    first_validity = mailbox.last_uid, mailbox.uidvalidity
    assert mailbox.last_uid == 2

    # The folder is made anew (a restore, a migration): UIDs start again at 1.
    imap = imap_server.connect()
    imap.delete("Clients")
    imap.create("Clients")
    imap.logout()
    imap_server.append(
        mail("omar.haddad@client.test", "alice@acme.test", "Three", message_id="3@c"), "Clients"
    )
    mailbox_read(mailbox=mailbox, now=NOW)

    mailbox.refresh_from_db()
    assert mailbox.uidvalidity != first_validity[1]
    assert mailbox.last_uid == 1
    assert [t.summary for t in _touches()] == ["One", "Two", "Three"]


def test_malformed_mail_is_survived(acme, alice, contacts, imap_server):
    imap_server.append(b"this is not a mail at all\r\n\r\n")
    imap_server.append(
        b"From: =?utf-8?q?broken <nina.vogel@client.test>\r\n"
        b"To: alice@acme.test,,, <<>>\r\n"
        b"Subject: =?x-unknown?b?!!!?=\r\n"
        b"Date: yesterday-ish\r\n"
        b"\r\nbody\r\n"
    )
    imap_server.append(
        b"From: \xff\xfe <omar.haddad@client.test>\r\nTo: alice@acme.test\r\nSubject: \xe4rger\r\n\r\nx\r\n"
    )
    mailbox = _mailbox(acme, alice, imap_server)
    report = mailbox_read(mailbox=mailbox, now=NOW)
    assert report.problems == []
    assert report.read == 3
    assert report.skipped == 1
    touches = _touches()
    assert len(touches) == 2
    # Without a usable date the mail counts as read now; without a Message-ID it is named by
    # what it says, so a second reading finds it again.
    assert touches[0].at == NOW
    assert all(t.external_id.startswith("sha256:") for t in touches)
    mailbox.last_uid = 0
    mailbox_read(mailbox=mailbox, now=NOW)
    assert len(_touches()) == 2


def test_at_most_so_many_mails_per_reading(acme, alice, contacts, imap_server, monkeypatch):
    monkeypatch.setattr(mailboxes, "MAX_MESSAGES", 2)
    for number in range(5):
        imap_server.append(
            mail(
                "nina.vogel@client.test",
                "alice@acme.test",
                f"Mail {number}",
                message_id=f"{number}@c",
            )
        )
    mailbox = _mailbox(acme, alice, imap_server)
    mailbox_read(mailbox=mailbox, now=NOW)
    assert len(_touches()) == 2
    mailbox_read(mailbox=mailbox, now=NOW)
    mailbox_read(mailbox=mailbox, now=NOW)
    assert len(_touches()) == 5


def test_the_text_is_kept_only_when_the_organisation_opts_in(acme, alice, contacts, imap_server):
    settings_row = relationship_settings(acme)
    settings_row.mail_bodies = True
    settings_row.save()
    multipart = (
        b"From: nina.vogel@client.test\r\nTo: alice@acme.test\r\nSubject: Marathon\r\n"
        b"Message-ID: <m@c>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"  I finished the K\xc3\xb6ln marathon!  \r\n\r\n"
        b"--b\r\nContent-Type: text/html\r\n\r\n<p>I finished</p>\r\n--b--\r\n"
    )
    imap_server.append(multipart)
    mailbox_read(mailbox=_mailbox(acme, alice, imap_server), now=NOW)
    (touch,) = _touches()
    assert touch.summary == "Marathon\n\nI finished the Köln marathon!"


def test_the_organisations_bcc_mailbox_gives_each_mail_to_its_member(
    acme, alice, bob, contacts, imap_server
):
    imap_server.append(mail("bob@acme.test", "nina.vogel@client.test", "Offer", message_id="1@a"))
    imap_server.append(
        mail(
            "omar.haddad@client.test",
            "alice@acme.test",
            "Thanks",
            cc="bob@acme.test, nina.vogel@client.test",
            message_id="2@c",
        )
    )
    imap_server.append(
        mail("nina.vogel@client.test", "someone@elsewhere.test", "Fwd", message_id="3@c")
    )
    imap_server.append(
        mail("carol@elsewhere.test", "omar.haddad@client.test", "Hi", message_id="4@c")
    )
    organisation_box = _mailbox(acme, None, imap_server)

    mailbox_read(mailbox=organisation_box, now=NOW)

    outbound, inbound = _touches()
    assert (outbound.by, outbound.direction) == (bob, Direction.OUTBOUND)
    assert list(outbound.contacts.all()) == [contacts["nina"]]
    assert (inbound.by, inbound.direction) == (alice, Direction.INBOUND)
    assert set(inbound.contacts.all()) == {contacts["nina"], contacts["omar"]}


def test_the_same_mail_in_two_mailboxes_is_one_touch(acme, alice, contacts, imap_server):
    imap_server.append(mail("nina.vogel@client.test", "alice@acme.test", "Hi", message_id="1@c"))
    mailbox_read(mailbox=_mailbox(acme, alice, imap_server), now=NOW)
    mailbox_read(mailbox=_mailbox(acme, None, imap_server), now=NOW)
    assert len(_touches()) == 1


def test_a_mailbox_that_fails_keeps_its_error_and_the_job_goes_on(
    acme, alice, bob, contacts, imap_server
):
    imap_server.append(mail("nina.vogel@client.test", "alice@acme.test", "Hi", message_id="1@c"))
    _mailbox(acme, alice, imap_server)
    wrong = _mailbox(acme, bob, imap_server)
    wrong.password = "wrong"
    wrong.save()
    assert "refused" in mailbox_test(mailbox=wrong)
    assert mailbox_test(mailbox=Mailbox.objects.get(user=alice)) == ""

    assert mailboxes_read(now=NOW) == 1
    wrong.refresh_from_db()
    assert "refused" in wrong.last_error
    assert wrong.last_error_at == NOW


def test_a_missing_folder_is_an_error_on_the_mailbox(acme, alice, contacts, imap_server):
    mailbox = _mailbox(acme, alice, imap_server, folder="No such folder")
    mailbox_read(mailbox=mailbox, now=NOW)
    mailbox.refresh_from_db()
    assert mailbox.last_error


def test_saving_checks_everything_at_once_and_keeps_the_password_secret(acme, alice, settings):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as caught:
        mailbox_save(
            organisation=acme,
            user=alice,
            data={
                "host": "127.0.0.1",
                "port": 143,
                "security": "none",
                "username": "",
                "folder": "INBOX",
            },
        )
    assert set(caught.value.message_dict) == {"host", "security", "username", "password"}
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = True
    saved = mailbox_save(
        organisation=acme,
        user=alice,
        data={
            "host": "localhost",
            "port": 993,
            "security": "tls",
            "username": "a",
            "password": "hunter2",
        },
    )
    assert "hunter2" not in Mailbox.objects.get(pk=saved.pk).secrets_encrypted
    # Changing other fields keeps the stored password.
    saved = mailbox_save(organisation=acme, user=alice, data={"folder": "Sent"})
    assert Mailbox.objects.get(pk=saved.pk).password == "hunter2"


def test_pointing_a_mailbox_at_another_server_needs_the_password_again(acme, alice, settings):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = True
    data = {"host": "localhost", "port": 993, "security": "tls", "username": "a", "password": "pw"}
    mailbox_save(organisation=acme, user=alice, data=data)
    with pytest.raises(ValidationError) as caught:
        mailbox_save(organisation=acme, user=alice, data={"host": "127.0.0.1"})
    assert list(caught.value.message_dict) == ["password"]
    assert Mailbox.objects.get(user=alice).host == "localhost"


def test_a_folder_of_someone_who_left_is_not_read(acme, alice, contacts, imap_server):
    imap_server.append(mail("nina.vogel@client.test", "alice@acme.test", "Hi", message_id="1@c"))
    _mailbox(acme, alice, imap_server)
    _mailbox(acme, None, imap_server)
    alice.memberships.filter(organisation=acme).delete()
    mailboxes_read(now=NOW)
    # Only the organisation's mailbox was read, and alice is no member to give the mail to.
    assert _touches() == []
    assert Mailbox.objects.get(user__isnull=True).last_read_at == NOW
    assert Mailbox.objects.get(user=alice).last_read_at is None
