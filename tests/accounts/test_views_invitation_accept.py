import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from hallway.accounts import links
from hallway.accounts.models import Invitation, Membership, Role, User
from hallway.accounts.services import invitation_create, invitation_revoke
from hallway.accounts.tenancy import SESSION_KEY
from tests.accounts.conftest import link_in

PASSPHRASE = "a-long-new-passphrase"


def invite(smtp_server, settings, client, email="nina@example.com", role=Role.ORGANISER):
    """alice invites through the settings page; returns the path of the emailed link."""
    response = client.post(reverse("accounts:settings_invitations"), {"email": email, "role": role})
    assert response.status_code == 302
    return link_in(smtp_server[-1], settings.BASE_URL).removeprefix(settings.BASE_URL)


def test_new_user_accepts_sets_a_password_and_is_signed_in(
    smtp_server, settings, alice_client, acme
):
    path = invite(smtp_server, settings, alice_client)
    alice_client.post(reverse("accounts:logout"))
    page = alice_client.get(path)
    assert page.status_code == 200
    assert b"nina@example.com" in page.content
    assert b'name="password1"' in page.content

    response = alice_client.post(
        path,
        {
            "first_name": "Nina",
            "last_name": "Neu",
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    nina = User.objects.get(email="nina@example.com")
    assert (nina.first_name, nina.last_name) == ("Nina", "Neu")
    assert nina.check_password(PASSPHRASE)
    assert Membership.objects.get(user=nina, organisation=acme).role == Role.ORGANISER
    assert alice_client.session["_auth_user_id"] == str(nina.pk)
    assert alice_client.session[SESSION_KEY] == acme.pk
    home = alice_client.get(reverse("home"))
    assert home.status_code == 200
    assert b"Welcome to Acme" in home.content
    # The link is used up.
    assert alice_client.get(path).status_code == 410


def test_new_user_with_a_weak_or_mismatched_password_is_asked_again(
    smtp_server, settings, alice_client
):
    path = invite(smtp_server, settings, alice_client)
    alice_client.post(reverse("accounts:logout"))
    weak = alice_client.post(
        path, {"first_name": "Nina", "password1": "password", "password2": "password"}
    )
    assert weak.status_code == 200
    assert b"errorlist" in weak.content
    mismatch = alice_client.post(
        path, {"first_name": "Nina", "password1": PASSPHRASE, "password2": PASSPHRASE + "x"}
    )
    assert b"The two passwords do not match." in mismatch.content
    assert not User.objects.filter(email="nina@example.com").exists()
    assert Invitation.objects.get().is_pending


def test_existing_user_signs_in_and_joins(smtp_server, settings, alice_client, acme, mallory):
    path = invite(smtp_server, settings, alice_client, email="MALLORY@globex.test")
    alice_client.post(reverse("accounts:logout"))
    page = alice_client.get(path)
    assert b'name="password"' in page.content
    assert b'name="password1"' not in page.content

    wrong = alice_client.post(path, {"password": "not-her-password"})
    assert wrong.status_code == 200
    assert b"That password is not right." in wrong.content
    assert not Membership.objects.filter(user=mallory, organisation=acme).exists()

    response = alice_client.post(path, {"password": "correct-horse-battery"})
    assert response.status_code == 302
    assert Membership.objects.get(user=mallory, organisation=acme).role == Role.ORGANISER
    assert alice_client.session["_auth_user_id"] == str(mallory.pk)
    assert alice_client.session[SESSION_KEY] == acme.pk
    assert mallory.memberships.count() == 2


def test_signed_in_invitee_joins_with_one_click(
    smtp_server, settings, client, alice, acme, mallory
):
    client.force_login(alice)
    path = invite(smtp_server, settings, client, email=mallory.email, role=Role.MEMBER)
    client.force_login(mallory)
    page = client.get(path)
    assert b'name="password"' not in page.content
    assert b"Join Acme" in page.content
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.get(user=mallory, organisation=acme).role == Role.MEMBER


def test_someone_else_signed_in_must_sign_in_as_the_invitee(
    smtp_server, settings, client, alice, bob, acme, mallory
):
    client.force_login(alice)
    path = invite(smtp_server, settings, client, email=mallory.email)
    client.force_login(bob)
    page = client.get(path)
    assert b"You are signed in as bob@acme.test" in page.content
    client.post(path, {"password": "correct-horse-battery"})
    assert Membership.objects.filter(user=mallory, organisation=acme).exists()
    assert client.session["_auth_user_id"] == str(mallory.pk)


def test_user_with_a_language_gets_it_after_accepting(
    smtp_server, settings, client, alice, mallory
):
    mallory.language = "nl"
    mallory.save()
    client.force_login(alice)
    path = invite(smtp_server, settings, client, email=mallory.email)
    client.post(reverse("accounts:logout"))
    response = client.post(path, {"password": "correct-horse-battery"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


def _state():
    return (
        list(Invitation.objects.values_list("accepted_at", "revoked_at")),
        Membership.objects.count(),
        User.objects.count(),
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_and_altered_links_change_nothing(
    smtp_server, settings, alice, acme, client, method
):
    invitation = invitation_create(
        organisation=acme, email="nina@example.com", role=Role.ADMIN, invited_by=alice
    )
    genuine = links.invitation_token(invitation)
    value, timestamp, signature = genuine.split(":")
    other = Invitation.objects.create(organisation=acme, email="eve@example.com", role=Role.ADMIN)
    forged = [
        f"{other.pk}:{timestamp}:{signature}",  # another id with this signature
        f"{value}:{timestamp}:{signature[:-2]}xx",  # tampered signature
        f"{value}:{timestamp}",  # signature cut off
        "not-a-token",
        "1:2:3",
    ]
    before = _state()
    data = {"first_name": "Eve", "password1": PASSPHRASE, "password2": PASSPHRASE}
    for token in forged:
        url = reverse("accounts:invitation_accept", args=[token])
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 404, token
        assert b"This invitation link does not work" in response.content
    assert _state() == before


def test_a_link_signed_with_another_salt_is_refused(smtp_server, alice, acme, client):
    from django.core import signing

    invitation = invitation_create(
        organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
    )
    token = signing.TimestampSigner(salt="something-else").sign(str(invitation.pk))
    response = client.get(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 404


def test_expired_links_change_nothing(smtp_server, settings, client, alice, acme):
    with time_machine.travel(dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        invitation = invitation_create(
            organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
        )
        path = link_in(smtp_server[-1], settings.BASE_URL).removeprefix(settings.BASE_URL)
    data = {"first_name": "Nina", "password1": PASSPHRASE, "password2": PASSPHRASE}
    with time_machine.travel(dt.datetime(2026, 11, 8, 8, 59, tzinfo=dt.UTC), tick=False):
        assert client.get(path).status_code == 200  # still inside the seven days
    before = _state()
    with time_machine.travel(dt.datetime(2026, 11, 8, 9, 1, tzinfo=dt.UTC), tick=False):
        page = client.get(path)
        assert page.status_code == 410
        assert b"This invitation has expired" in page.content
        assert client.post(path, data).status_code == 410
    assert _state() == before
    assert Invitation.objects.get(pk=invitation.pk).is_pending


def test_revoked_links_change_nothing(smtp_server, settings, client, alice, acme):
    invitation = invitation_create(
        organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
    )
    path = link_in(smtp_server[-1], settings.BASE_URL).removeprefix(settings.BASE_URL)
    invitation_revoke(invitation=invitation, actor=alice)
    before = _state()
    response = client.post(
        path, {"first_name": "Nina", "password1": PASSPHRASE, "password2": PASSPHRASE}
    )
    assert response.status_code == 410
    assert b"This invitation has been withdrawn" in response.content
    assert _state() == before


def test_every_problem_of_the_new_account_form_shows_at_once(smtp_server, settings, alice_client):
    path = invite(smtp_server, settings, alice_client)
    alice_client.post(reverse("accounts:logout"))
    response = alice_client.post(path, {"first_name": "", "password1": "nina", "password2": "x"})
    errors = response.context["form"].errors
    assert set(errors) == {"first_name", "password1", "password2"}
    assert errors["password2"] == ["The two passwords do not match."]
    assert any("too short" in message for message in errors["password1"])
    assert not User.objects.filter(email="nina@example.com").exists()
