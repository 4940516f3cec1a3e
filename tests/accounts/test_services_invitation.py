import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hallway.accounts import links
from hallway.accounts.models import Invitation, Membership, Role, User
from hallway.accounts.services import (
    EmailNotSent,
    invitation_accept,
    invitation_accept_new_user,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage, Status
from tests.accounts.conftest import html_part, link_in, text_part


def test_invitation_is_saved_and_emailed_with_a_signed_link(smtp_server, settings, alice, acme):
    """An invitation appears in the outbox as transactional and arrives through real SMTP
    in the organisation's language."""
    settings.BASE_URL = "https://hallway.example.org"
    acme.language = "de"
    acme.save()
    invitation = invitation_create(
        organisation=acme, email=" Newbie@Example.COM ", role=Role.ORGANISER, invited_by=alice
    )
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "newbie@example.com",
        Role.ORGANISER,
        alice,
    )
    assert invitation.is_pending
    [row] = OutboxMessage.objects.filter(organisation=acme)
    assert (row.message_type, row.address, row.reply_to) == (
        "invitation",
        "newbie@example.com",
        "alice@acme.test",
    )
    assert row.transactional
    assert (row.status, row.language, row.timezone) == (Status.SENT, "de", "Europe/Berlin")
    [message] = smtp_server
    assert message["Message-ID"] == row.external_id
    assert message["To"] == "newbie@example.com"
    assert message["Reply-To"] == "alice@acme.test"
    # Rendered in the organisation's language, whoever sends it.
    assert message["Content-Language"] == "de"
    assert '<html lang="de">' in html_part(message)
    assert message["Subject"] == "Du bist zu Acme auf Hallway eingeladen"
    assert "Alice hat dich eingeladen, Acme auf Hallway mit der Rolle Organisator" in " ".join(
        text_part(message).split()
    )
    link = link_in(message, "https://hallway.example.org")
    assert link in html_part(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert links.invitation_id_from_token(token) == invitation.pk


def test_reinviting_a_pending_email_resends_instead_of_duplicating(smtp_server, alice, acme):
    first = invitation_create(
        organisation=acme, email="new@example.com", role=Role.MEMBER, invited_by=alice
    )
    second = invitation_create(
        organisation=acme, email="NEW@example.com", role=Role.ADMIN, invited_by=alice
    )
    assert second.pk == first.pk
    assert Invitation.objects.filter(organisation=acme).count() == 1
    assert Invitation.objects.get().role == Role.ADMIN
    assert len(smtp_server) == 2


def test_inviting_an_existing_member_is_a_clear_error(smtp_server, alice, bob, acme):
    with pytest.raises(ValidationError) as caught:
        invitation_create(
            organisation=acme, email="Bob@acme.test", role=Role.MEMBER, invited_by=alice
        )
    assert caught.value.message_dict["email"] == ["bob@acme.test is already a member of Acme."]
    assert not Invitation.objects.exists()
    assert smtp_server == []


def test_a_member_of_another_organisation_can_be_invited(smtp_server, alice, acme, mallory):
    invitation = invitation_create(
        organisation=acme, email=mallory.email, role=Role.MEMBER, invited_by=alice
    )
    assert invitation.is_pending
    assert len(smtp_server) == 1


def test_only_owners_invite_owners(smtp_server, alice, olga, acme):
    with pytest.raises(ValidationError, match="Only owners can invite owners"):
        invitation_create(
            organisation=acme, email="x@example.com", role=Role.OWNER, invited_by=alice
        )
    assert not Invitation.objects.exists()
    invitation = invitation_create(
        organisation=acme, email="x@example.com", role=Role.OWNER, invited_by=olga
    )
    assert invitation.role == Role.OWNER


@pytest.mark.parametrize("persona", ["bob", "mallory"])
def test_members_and_outsiders_cannot_invite(smtp_server, request, acme, persona):
    with pytest.raises(ValidationError, match="Only owners and admins"):
        invitation_create(
            organisation=acme,
            email="x@example.com",
            role=Role.MEMBER,
            invited_by=request.getfixturevalue(persona),
        )
    assert not Invitation.objects.exists()
    assert smtp_server == []


@pytest.mark.parametrize("email", ["", "no-at-sign", "a@b@c"])
def test_an_invalid_email_is_refused(smtp_server, alice, acme, email):
    with pytest.raises(ValidationError) as caught:
        invitation_create(organisation=acme, email=email, role=Role.MEMBER, invited_by=alice)
    assert "not a valid email address" in caught.value.message_dict["email"][0]
    assert not Invitation.objects.exists()


def test_resend_sends_a_fresh_link(smtp_server, alice, acme):
    invitation = invitation_create(
        organisation=acme, email="new@example.com", role=Role.MEMBER, invited_by=alice
    )
    first_sent = invitation.last_sent_at
    resent = invitation_resend(invitation=invitation, actor=alice)
    assert resent.last_sent_at >= first_sent
    assert len(smtp_server) == 2
    assert smtp_server[1]["To"] == "new@example.com"


def test_revoked_invitations_cannot_be_resent_or_accepted(smtp_server, alice, acme):
    invitation = invitation_create(
        organisation=acme, email="new@example.com", role=Role.MEMBER, invited_by=alice
    )
    invitation_revoke(invitation=invitation, actor=alice)
    with pytest.raises(ValidationError, match="already been accepted or withdrawn"):
        invitation_resend(invitation=invitation, actor=alice)
    with pytest.raises(ValidationError, match="already been accepted or withdrawn"):
        invitation_accept_new_user(
            invitation=invitation, first_name="N", last_name="", password="a-long-new-passphrase"
        )
    assert not User.objects.filter(email="new@example.com").exists()
    assert len(smtp_server) == 1


def test_admins_cannot_resend_or_revoke_owner_invitations(smtp_server, alice, olga, acme):
    invitation = invitation_create(
        organisation=acme, email="boss@example.com", role=Role.OWNER, invited_by=olga
    )
    with pytest.raises(ValidationError):
        invitation_revoke(invitation=invitation, actor=alice)
    with pytest.raises(ValidationError):
        invitation_resend(invitation=invitation, actor=alice)
    invitation.refresh_from_db()
    assert invitation.is_pending
    assert len(smtp_server) == 1


def test_an_existing_user_accepts_and_joins_with_the_invited_role(
    smtp_server, alice, acme, mallory
):
    invitation = invitation_create(
        organisation=acme, email=mallory.email, role=Role.ORGANISER, invited_by=alice
    )
    membership = invitation_accept(invitation=invitation, user=mallory)
    assert (membership.organisation, membership.role) == (acme, Role.ORGANISER)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    with pytest.raises(ValidationError, match="already been accepted"):
        invitation_accept(invitation=invitation, user=mallory)


def test_only_the_invited_person_can_accept(smtp_server, alice, acme, mallory):
    invitation = invitation_create(
        organisation=acme, email="someone@example.com", role=Role.ADMIN, invited_by=alice
    )
    with pytest.raises(ValidationError, match=r"was sent to someone@example\.com"):
        invitation_accept(invitation=invitation, user=mallory)
    assert not Membership.objects.filter(user=mallory, organisation=acme).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_a_new_user_is_created_with_a_validated_password(smtp_server, alice, acme):
    invitation = invitation_create(
        organisation=acme, email="new@example.com", role=Role.MEMBER, invited_by=alice
    )
    with pytest.raises(ValidationError):
        invitation_accept_new_user(
            invitation=invitation, first_name="Nina", last_name="Neu", password="123"
        )
    assert not User.objects.filter(email="new@example.com").exists()
    membership = invitation_accept_new_user(
        invitation=invitation,
        first_name=" Nina ",
        last_name="Neu",
        password="a-long-new-passphrase",
    )
    user = membership.user
    assert (user.email, user.first_name, user.last_name) == ("new@example.com", "Nina", "Neu")
    assert user.check_password("a-long-new-passphrase")
    assert (membership.organisation, membership.role) == (acme, Role.MEMBER)


def test_a_failing_mail_server_keeps_the_mail_in_the_outbox_for_the_worker(
    smtp_server, settings, alice, acme
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(EmailNotSent) as caught:
        invitation_create(
            organisation=acme, email="new@example.com", role=Role.MEMBER, invited_by=alice
        )
    assert caught.value.invitation.pk == Invitation.objects.get(email="new@example.com").pk
    assert caught.value.retrying
    [row] = OutboxMessage.objects.all()
    assert (row.status, row.attempt_count) == (Status.QUEUED, 1)
    settings.EMAIL_PORT = port
    with time_machine.travel(row.due_at + dt.timedelta(seconds=1)):
        assert outbox_deliver_due(worker="worker").sent == 1
    assert [m["To"] for m in smtp_server] == ["new@example.com"]


def test_a_refused_address_is_reported_and_not_retried(refusing_smtp_server, alice, acme):
    with pytest.raises(EmailNotSent) as caught:
        invitation_create(
            organisation=acme, email="nobody@example.com", role=Role.MEMBER, invited_by=alice
        )
    assert not caught.value.retrying
    row = OutboxMessage.objects.get()
    assert row.status == Status.FAILED
    assert "550" in row.last_error
    assert refusing_smtp_server == []
