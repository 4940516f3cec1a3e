import datetime as dt

import time_machine
from django.urls import reverse

from hallway.accounts.models import Invitation, Role
from hallway.accounts.services import invitation_create
from hallway.messaging.models import OutboxMessage, Status

URL = reverse("accounts:settings_invitations")


def test_admin_invites_and_sees_the_pending_invitation(smtp_server, alice_client, acme):
    response = alice_client.post(URL, {"email": "nina@example.com", "role": Role.ORGANISER})
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=acme)
    assert (invitation.email, invitation.role) == ("nina@example.com", Role.ORGANISER)
    assert [m["To"] for m in smtp_server] == ["nina@example.com"]
    page = alice_client.get(URL)
    assert b"An invitation is on its way to nina@example.com." in page.content
    assert b"nina@example.com" in page.content
    assert (
        reverse("accounts:settings_invitation_resend", args=[invitation.pk]).encode()
        in page.content
    )


def test_inviting_a_member_shows_the_error_on_the_form(smtp_server, alice_client, bob):
    response = alice_client.post(URL, {"email": "bob@acme.test", "role": Role.MEMBER})
    assert response.status_code == 200
    assert b"bob@acme.test is already a member of Acme." in response.content
    assert not Invitation.objects.exists()
    assert smtp_server == []


def test_admins_are_not_offered_the_owner_role_and_cannot_forge_it(smtp_server, alice_client):
    page = alice_client.get(URL)
    assert b'value="owner"' not in page.content
    response = alice_client.post(URL, {"email": "nina@example.com", "role": Role.OWNER})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Invitation.objects.exists()


def test_owners_invite_owners(smtp_server, olga_client):
    assert b'value="owner"' in olga_client.get(URL).content
    olga_client.post(URL, {"email": "co-owner@example.com", "role": Role.OWNER})
    assert Invitation.objects.get().role == Role.OWNER


def test_invalid_email_is_explained(smtp_server, alice_client):
    response = alice_client.post(URL, {"email": "not an email", "role": Role.MEMBER})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Invitation.objects.exists()


def test_resend_and_revoke(smtp_server, alice_client, alice, acme):
    invitation = invitation_create(
        organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
    )
    resend = alice_client.post(reverse("accounts:settings_invitation_resend", args=[invitation.pk]))
    assert resend.status_code == 302
    assert len(smtp_server) == 2
    revoke = alice_client.post(reverse("accounts:settings_invitation_revoke", args=[invitation.pk]))
    assert revoke.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = alice_client.get(URL)
    assert b"has been withdrawn" in page.content
    assert b"There are no open invitations." in page.content


def test_resend_and_revoke_need_post(alice_client, alice, acme, smtp_server):
    invitation = invitation_create(
        organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
    )
    for name in ["settings_invitation_resend", "settings_invitation_revoke"]:
        assert (
            alice_client.get(reverse(f"accounts:{name}", args=[invitation.pk])).status_code == 405
        )
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_expired_links_are_marked(smtp_server, alice_client, alice, acme):
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False):
        invitation_create(
            organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
        )
    with time_machine.travel(dt.datetime(2026, 1, 9, tzinfo=dt.UTC), tick=False):
        page = alice_client.get(URL)
    assert b"expired" in page.content


def test_a_mail_server_that_is_down_is_reported_and_the_mail_waits(
    smtp_server, settings, alice_client, acme
):
    settings.EMAIL_PORT = 1  # nothing listens there
    response = alice_client.post(URL, {"email": "nina@example.com", "role": Role.MEMBER})
    page = alice_client.get(response["Location"]).content.decode()
    assert "could not take the email just now. It waits in the outbox" in page
    assert Invitation.objects.filter(email="nina@example.com").exists()
    assert OutboxMessage.objects.get().status == Status.QUEUED


def test_a_refused_address_is_reported(refusing_smtp_server, alice_client, acme):
    response = alice_client.post(URL, {"email": "nobody@example.com", "role": Role.MEMBER})
    page = alice_client.get(response["Location"]).content.decode()
    assert "the mail server refused the email" in page
    assert OutboxMessage.objects.get().status == Status.FAILED
