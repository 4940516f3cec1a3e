from django.urls import reverse

from hallway.accounts.models import ApiToken
from hallway.accounts.tokens import token_authenticate, token_create

URL = reverse("accounts:settings_tokens")


def test_member_creates_a_token_and_sees_it_once(bob_client, bob, acme):
    response = bob_client.post(URL, {"name": "HR sync"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=bob)
    content = response.content.decode()
    start = content.index('value="hw_')
    raw = content[start + len('value="') : content.index('"', start + len('value="'))]
    assert (token.name, token.organisation) == ("HR sync", acme)
    listing = bob_client.get(URL).content.decode()
    assert raw not in listing
    assert token.hint in listing
    assert "HR sync" in listing
    assert "never" in listing
    assert token_authenticate(raw).pk == token.pk
    assert "never" not in bob_client.get(URL).content.decode()


def test_only_your_own_live_tokens_in_this_organisation_are_listed(
    bob_client, bob, alice, acme, globex
):
    mine, _ = token_create(organisation=acme, user=bob, name="mine")
    alices, _ = token_create(organisation=acme, user=alice, name="alices")
    revoked, _ = token_create(organisation=acme, user=bob, name="old")
    revoked.revoked_at = revoked.created_at
    revoked.save()
    content = bob_client.get(URL).content.decode()
    assert f"token-{mine.pk}" in content
    assert f"token-{alices.pk}" not in content
    assert f"token-{revoked.pk}" not in content


def test_revoke_asks_first_then_revokes(bob_client, bob, acme):
    token, raw = token_create(organisation=acme, user=bob)
    url = reverse("accounts:settings_token_revoke", args=[token.pk])
    confirm = bob_client.get(url)
    assert confirm.status_code == 200
    assert token_authenticate(raw) is not None
    response = bob_client.post(url)
    assert response.status_code == 302
    assert token_authenticate(raw) is None
    assert bob_client.get(url).status_code == 404  # gone from the list, cannot revoke twice


def test_nobody_revokes_someone_elses_token(alice_client, bob, acme):
    token, raw = token_create(organisation=acme, user=bob)
    url = reverse("accounts:settings_token_revoke", args=[token.pk])
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url).status_code == 404
    assert token_authenticate(raw) is not None
