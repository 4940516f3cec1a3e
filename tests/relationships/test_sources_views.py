"""The pages of the sources of touches: a member's own, and the organisation's (admins)."""

import datetime

import pytest
from django.urls import reverse

from hallway.audit.models import AuditEvent
from hallway.core.crypto import derived_key
from hallway.relationships.models import CalendarSubscription, Mailbox
from hallway.relationships.selectors.settings import relationship_settings
from hallway.relationships.services.calendar_feed import calendar_subscription_save
from hallway.relationships.services.mailboxes import mailbox_save

MY = reverse("relationships:my_sources")
ORGANISATION = reverse("relationships:organisation_sources")
FAILED_AT = datetime.datetime(2026, 11, 5, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def local_allowed(settings):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = True


def test_a_member_adds_reads_and_removes_their_calendar(bob_client, acme, bob, feed_server):
    feed_server.files["/bob.ics"] = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    response = bob_client.post(MY, {"action": "calendar_save", "url": feed_server.url("/bob.ics")})
    assert response.status_code == 302
    subscription = CalendarSubscription.objects.get(organisation=acme, user=bob)

    page = bob_client.get(MY).content.decode()
    assert "Not read yet." in page
    assert feed_server.url("/bob.ics") not in page  # the secret address is never shown again

    bob_client.post(MY, {"action": "calendar_read"})
    subscription.refresh_from_db()
    assert subscription.last_read_at is not None
    assert "Last read at" in bob_client.get(MY).content.decode()

    bob_client.post(MY, {"action": "calendar_remove"})
    assert not CalendarSubscription.objects.filter(user=bob).exists()


def test_a_bad_address_is_shown_next_to_the_field(bob_client, bob):
    response = bob_client.post(MY, {"action": "calendar_save", "url": "ftp://example.com/x.ics"})
    assert response.status_code == 200
    assert "only http:// and https:// addresses can be read" in response.content.decode()
    assert not CalendarSubscription.objects.exists()


def test_a_failed_reading_is_shown_to_its_owner(bob_client, acme, bob, local_allowed):
    subscription = calendar_subscription_save(
        organisation=acme, user=bob, url="http://localhost/cal.ics"
    )
    subscription.last_error = "the server answered 404"
    subscription.last_error_at = FAILED_AT
    subscription.save()
    page = bob_client.get(MY).content.decode()
    assert "Failed at" in page
    assert "the server answered 404" in page


def test_a_member_saves_tests_and_removes_their_mail_folder(bob_client, acme, bob, imap_server):
    data = {
        "action": "mailbox_save",
        "host": imap_server.host,
        "port": imap_server.port,
        "security": "none",
        "username": "sam",
        "password": "secret",
        "folder": "INBOX",
    }
    assert bob_client.post(MY, data).status_code == 302
    mailbox = Mailbox.objects.get(organisation=acme, user=bob)
    assert mailbox.password == "secret"
    page = bob_client.get(MY).content.decode()
    assert "secret" not in page.replace("secret address", "")

    response = bob_client.post(MY, {"action": "mailbox_test"}, follow=True)
    assert "Hallway opened the mailbox." in response.content.decode()

    bob_client.post(MY, {"action": "mailbox_remove"})
    assert not Mailbox.objects.exists()


def test_mailbox_problems_are_shown_all_at_once(bob_client, settings):
    settings.HALLWAY_SOURCES_ALLOW_PRIVATE = False
    response = bob_client.post(
        MY,
        {
            "action": "mailbox_save",
            "host": "127.0.0.1",
            "port": 143,
            "security": "none",
            "username": "bob",
            "password": "x",
            "folder": "INBOX",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "private or local address" in page
    assert "Without encryption the password would cross the network." in page


def test_the_organisations_page_is_not_for_members(bob_client):
    assert bob_client.get(ORGANISATION).status_code == 404
    assert bob_client.post(ORGANISATION, {"action": "mailbox_remove"}).status_code == 404


def test_the_organisations_page_is_for_admins(alice_client):
    page = alice_client.get(ORGANISATION).content.decode()
    assert "BCC mailbox" in page


def test_an_admin_opts_in_to_mail_text_and_sets_up_the_bcc_mailbox(
    alice_client, acme, local_allowed
):
    alice_client.post(ORGANISATION, {"action": "bodies_save", "mail_bodies": "on"})
    assert relationship_settings(acme).mail_bodies is True
    alice_client.post(
        ORGANISATION,
        {
            "action": "mailbox_save",
            "host": "localhost",
            "port": 993,
            "security": "tls",
            "username": "crm@acme.test",
            "password": "pw",
            "folder": "INBOX",
        },
    )
    assert Mailbox.objects.get(organisation=acme, user__isnull=True).username == "crm@acme.test"
    assert AuditEvent.objects.filter(organisation=acme, action="mail_reading_changed").count() == 2


def test_each_organisation_sees_only_its_own_mailbox(mallory_client, acme, globex, local_allowed):
    mailbox_save(
        organisation=acme,
        user=None,
        data={
            "host": "localhost",
            "port": 993,
            "security": "tls",
            "username": "crm-acme",
            "password": "pw",
            "folder": "INBOX",
        },
    )
    page = mallory_client.get(ORGANISATION).content.decode()
    assert "crm-acme" not in page
    mallory_client.post(ORGANISATION, {"action": "mailbox_remove"})
    assert Mailbox.objects.filter(organisation=acme).exists()


def test_rotating_keys_re_encrypts_calendar_addresses_and_mailbox_passwords(
    acme, bob, settings, local_allowed
):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    subscription = calendar_subscription_save(
        organisation=acme, user=bob, url="https://localhost/secret.ics"
    )
    before = subscription.secrets_encrypted
    new_key = Fernet.generate_key().decode()
    old_key = derived_key(settings.SECRET_KEY).decode()
    settings.HALLWAY_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("channel", "rotate-keys")
    settings.HALLWAY_ENCRYPTION_KEYS = [new_key]  # the old key retired: still readable
    stored = CalendarSubscription.objects.get(pk=subscription.pk)
    assert stored.secrets_encrypted != before
    assert stored.url == "https://localhost/secret.ics"
