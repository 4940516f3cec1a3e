"""Another organisation's members, invitations and tokens are 404s, never a leak."""

import pytest
from django.urls import reverse

from hallway.accounts.models import ApiToken, Invitation, Membership, Role
from hallway.accounts.tenancy import SESSION_KEY
from hallway.accounts.tokens import token_authenticate, token_create
from tests.factories import make_membership


@pytest.fixture
def acme_objects(acme, alice, bob):
    invitation = Invitation.objects.create(
        organisation=acme, email="nina@example.com", role=Role.MEMBER, invited_by=alice
    )
    token, raw = token_create(organisation=acme, user=bob, name="bob's")
    return {
        "membership": Membership.objects.get(user=bob, organisation=acme),
        "invitation": invitation,
        "token": token,
        "raw": raw,
    }


def object_urls(objects):
    membership, invitation, token = (
        objects["membership"].pk,
        objects["invitation"].pk,
        objects["token"].pk,
    )
    return [
        ("get", reverse("accounts:settings_member_remove", args=[membership])),
        ("post", reverse("accounts:settings_member_remove", args=[membership])),
        ("post", reverse("accounts:settings_member_role", args=[membership])),
        ("post", reverse("accounts:settings_invitation_resend", args=[invitation])),
        ("post", reverse("accounts:settings_invitation_revoke", args=[invitation])),
        ("get", reverse("accounts:settings_token_revoke", args=[token])),
        ("post", reverse("accounts:settings_token_revoke", args=[token])),
    ]


def test_mallory_gets_404_for_every_acme_object_and_changes_nothing(mallory_client, acme_objects):
    for method, url in object_urls(acme_objects):
        data = {f"m{acme_objects['membership'].pk}-role": Role.OWNER}
        response = getattr(mallory_client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (method, url)
    membership = Membership.objects.get(pk=acme_objects["membership"].pk)
    assert membership.role == Role.MEMBER
    assert Invitation.objects.get(pk=acme_objects["invitation"].pk).is_pending
    assert token_authenticate(acme_objects["raw"]) is not None


def test_mallory_sees_none_of_acmes_members_invitations_or_tokens(mallory_client, acme_objects):
    pages = [
        mallory_client.get(reverse(f"accounts:{name}")).content.decode()
        for name in ["settings_members", "settings_invitations", "settings_tokens"]
    ]
    for content in pages:
        for secret in ["bob@acme.test", "alice@acme.test", "nina@example.com", "bob's"]:
            assert secret not in content
    assert "mallory@globex.test" in pages[0]


def test_bob_gets_404_on_the_admin_object_routes(bob_client, acme_objects):
    for method, url in object_urls(acme_objects):
        if "token" in url:
            continue  # bob's own token: he may revoke it
        response = getattr(bob_client, method)(url)
        assert response.status_code == 404, (method, url)
    assert Membership.objects.filter(pk=acme_objects["membership"].pk).exists()


def test_switching_organisation_for_a_user_in_two(client, alice, acme, globex, mallory):
    make_membership(alice, globex, Role.MEMBER)
    client.force_login(alice)
    home = client.get(reverse("home"))
    assert b'id="org-switch"' in home.content
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": globex.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == globex.pk
    members = client.get(reverse("accounts:settings_profile"))
    assert b"Globex" in members.content
    # As a plain member of globex, alice no longer reaches the admin sections there.
    assert client.get(reverse("accounts:settings_members")).status_code == 404
    client.post(reverse("accounts:switch_organisation"), {"organisation": acme.pk})
    assert client.get(reverse("accounts:settings_members")).status_code == 200


def test_switching_into_a_foreign_organisation_is_a_404(alice_client, acme, globex):
    for value in [globex.pk, "", "abc", 999999]:
        response = alice_client.post(
            reverse("accounts:switch_organisation"), {"organisation": value}
        )
        assert response.status_code == 404, value
    assert alice_client.session.get(SESSION_KEY) in (None, acme.pk)
    assert alice_client.get(reverse("accounts:settings_members")).status_code == 200


def test_the_token_list_is_scoped_to_the_current_organisation(client, bob, acme, globex):
    make_membership(bob, globex, Role.MEMBER)
    acme_token, _ = token_create(organisation=acme, user=bob, name="in-acme")
    client.force_login(bob)
    client.post(reverse("accounts:switch_organisation"), {"organisation": globex.pk})
    content = client.get(reverse("accounts:settings_tokens")).content.decode()
    assert "in-acme" not in content
    url = reverse("accounts:settings_token_revoke", args=[acme_token.pk])
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get(pk=acme_token.pk).revoked_at is None
